import {
  ANY_CALLER,
  defaultRandomBytes,
  type FeltLike,
  type OutsideExecutionInput,
  outsideExecutionTypedData,
  parseFelt,
  type RandomBytes,
  splitU256,
  toFeltHex,
} from '@chipi-sessions/core';
import type { Signature, TypedData } from 'starknet';
import { requirementCaller } from './exactStarknetRequirements.js';
import { PAYMENT_IDENTIFIER } from './paymentIdentifier.js';
import { chainIdOfNetwork } from './starknetNetwork.js';
import { X402Error } from './X402Error.js';
import {
  type ExactStarknetPayload,
  type PaymentPayload,
  type PaymentRequirements,
  type ResourceInfo,
  X402_VERSION,
} from './x402Types.js';

/** How far back the window opens, to absorb clock differences (within the 60 s skew). */
export const EXECUTE_AFTER_BACKDATE_SECONDS = 30;

/** Anything that signs SNIP-12 typed data for an account (a starknet.js `SignerInterface`). */
export interface TypedDataSigner {
  signMessage(typedData: TypedData, accountAddress: string): Promise<Signature>;
}

/** Parameters of `buildExactStarknetPayload`. */
export interface BuildExactStarknetPayloadParameters {
  requirements: PaymentRequirements;
  resource: ResourceInfo;
  /** The paying account. */
  from: FeltLike;
  signer: TypedDataSigner;
  /** Unix seconds. */
  now: number;
  /** The window never extends past this (a session's `validUntil`). */
  notAfter?: number;
  paymentId?: string;
  random?: RandomBytes;
}

/**
 * The client side of the Starknet `exact` scheme: a SNIP-9 v2 outside execution holding exactly
 * `asset.transfer(payTo, amount)`, caller bound to `extra.feePayer` when the requirement names
 * one (else `ANY_CALLER`), a random nonce, the window `(now - 30 s, now + maxTimeoutSeconds)`,
 * signed by `signer` and wrapped into a `PaymentPayload` that echoes `accepted` and the resource.
 */
export async function buildExactStarknetPayload(
  params: BuildExactStarknetPayloadParameters,
): Promise<PaymentPayload<ExactStarknetPayload>> {
  const { requirements } = params;
  const chainId = chainIdOfNetwork(requirements.network);
  const from = toFeltHex(parseFelt(params.from, 'from'));
  const { low, high } = splitU256(BigInt(requirements.amount));
  const caller = requirementCaller(requirements);
  const random = params.random ?? defaultRandomBytes;
  let executeBefore = params.now + requirements.maxTimeoutSeconds;
  if (params.notAfter !== undefined) executeBefore = Math.min(executeBefore, params.notAfter + 1);
  const outsideExecution: OutsideExecutionInput = {
    caller: caller ?? toFeltHex(ANY_CALLER),
    nonce: `0x${Array.from(random(16), (b) => b.toString(16).padStart(2, '0')).join('')}`,
    executeAfter: Math.max(0, params.now - EXECUTE_AFTER_BACKDATE_SECONDS),
    executeBefore,
    calls: [
      {
        contractAddress: requirements.asset,
        entrypoint: 'transfer',
        calldata: [requirements.payTo, toFeltHex(low), toFeltHex(high)],
      },
    ],
  };
  const typedData = outsideExecutionTypedData(outsideExecution, chainId);
  const signature = normalizeSignature(
    await params.signer.signMessage(typedData as unknown as TypedData, from),
  );
  return {
    x402Version: X402_VERSION,
    resource: params.resource,
    accepted: requirements,
    payload: { from, outsideExecution: { typedData, signature } },
    ...(params.paymentId === undefined
      ? {}
      : { extensions: { [PAYMENT_IDENTIFIER]: { info: { id: params.paymentId } } } }),
  };
}

function normalizeSignature(signature: Signature): string[] {
  const items: unknown[] = Array.isArray(signature)
    ? signature
    : [(signature as { r: unknown }).r, (signature as { s: unknown }).s];
  try {
    return items.map((item) => toFeltHex(parseFelt(item as FeltLike, 'signature')));
  } catch (cause) {
    throw new X402Error(
      'invalid_exact_starknet_payload_signature',
      'the signer returned no felts',
      {
        cause,
      },
    );
  }
}
