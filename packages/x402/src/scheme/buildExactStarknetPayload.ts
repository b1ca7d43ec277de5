import {
  createOutsideExecution,
  type FeltLike,
  outsideExecutionTypedData,
  parseFelt,
  type RandomBytes,
  splitU256,
  toFeltHex,
} from '@chipi-sessions/core';
import type { Signature, TypedData } from 'starknet';
import { requirementFeePayer } from './exactStarknetRequirements.js';
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

/** The window's start: far in the past, as the scheme recommends, so no clock skew can refuse it. */
export const EXACT_EXECUTE_AFTER = 1;

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
  /** The server's `payment-identifier` declaration, echoed with `id` added. */
  paymentIdDeclaration?: Record<string, unknown>;
  random?: RandomBytes;
}

/**
 * The client side of the Starknet `exact` scheme: a SNIP-9 v2 outside execution holding exactly
 * `asset.transfer(payTo, amount)`, caller bound to the requirement's `extra.feePayer` (required:
 * a requirement without one is refused, never paid with `ANY_CALLER`), a random nonce, the window
 * `(1, now + maxTimeoutSeconds)`, signed by `signer` and wrapped into a `PaymentPayload` that
 * echoes `accepted`, the resource and the payment-identifier declaration with the id added.
 */
export async function buildExactStarknetPayload(
  params: BuildExactStarknetPayloadParameters,
): Promise<PaymentPayload<ExactStarknetPayload>> {
  const { requirements } = params;
  const chainId = chainIdOfNetwork(requirements.network);
  const from = toFeltHex(parseFelt(params.from, 'from'));
  const { low, high } = splitU256(BigInt(requirements.amount));
  const caller = requirementFeePayer(requirements);
  const outsideExecution = createOutsideExecution({
    caller,
    executeAfter: EXACT_EXECUTE_AFTER,
    now: params.now,
    ttlSeconds: requirements.maxTimeoutSeconds,
    ...(params.notAfter === undefined ? {} : { notAfter: params.notAfter }),
    ...(params.random === undefined ? {} : { random: params.random }),
    calls: [
      {
        contractAddress: requirements.asset,
        entrypoint: 'transfer',
        calldata: [requirements.payTo, toFeltHex(low), toFeltHex(high)],
      },
    ],
  });
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
      : {
          extensions: {
            [PAYMENT_IDENTIFIER]: {
              info: { ...params.paymentIdDeclaration, id: params.paymentId },
            },
          },
        }),
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
