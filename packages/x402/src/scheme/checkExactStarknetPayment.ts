import {
  type FeltOutsideExecution,
  normalizeOutsideExecution,
  type OutsideExecutionInput,
  outsideExecutionHash,
  toFeltHex,
} from '@chipi-sessions/core';
import { checkExactTransfer, type ExactTransfer } from './checkExactTransfer.js';
import {
  EXACT_SCHEME,
  normalizeExactRequirements,
  requirementFeePayer,
} from './exactStarknetRequirements.js';
import { parseExactStarknetPayload } from './parseExactStarknetPayload.js';
import { readPaymentIdentifier } from './paymentIdentifier.js';
import { chainIdOfNetwork } from './starknetNetwork.js';
import { X402Error } from './X402Error.js';
import { type PaymentPayload, type PaymentRequirements, X402_VERSION } from './x402Types.js';

/** Clock tolerance between the client, the facilitator and the sequencer, in seconds (max 60). */
export const DEFAULT_SKEW_SECONDS = 60;
/** Validity that must remain for a settlement to be attempted, in seconds. */
export const DEFAULT_MIN_SETTLE_MARGIN_SECONDS = 30;

/** Parameters of `checkExactStarknetPayment`. */
export interface CheckExactStarknetPaymentParameters {
  payload: PaymentPayload;
  /** The resource server's own requirements (never the client's `accepted`). */
  requirements: PaymentRequirements;
  /** Unix seconds. */
  now: number;
  /** The executor that will call `execute_from_outside_v2` (from trusted configuration). */
  submitter: string;
  /**
   * `verify` applies the freshness band on `ExecuteBefore`; `settle` (re-verification at
   * settlement) skips it, since the remaining window shrinks meanwhile (default `verify`).
   * `rescue` skips the time window altogether: it only parses a payment whose nonce is already
   * consumed, to look for the transaction that executed it.
   */
  phase?: 'verify' | 'settle' | 'rescue';
  skewSeconds?: number;
  minSettleMarginSeconds?: number;
}

/** A payment that passed every check that needs no chain access. */
export interface CheckedExactPayment {
  /** The `from` of the payload: NOT verified until the account accepted the signature. */
  claimedPayer: string;
  chainId: bigint;
  outsideExecution: OutsideExecutionInput;
  felts: FeltOutsideExecution;
  signature: string[];
  /** SNIP-12 hash `H`, computed here from the parsed fields. */
  hash: string;
  transfer: ExactTransfer;
  requirements: PaymentRequirements;
  paymentId: string | undefined;
}

/**
 * Every check of the Starknet `exact` scheme that needs no chain access, in the scheme's order:
 * version, scheme and network; the server's requirements are well formed (`extra.feePayer`
 * required, concrete, and this executor); `accepted` equals them field by field; the payload
 * parses strictly and its typed data is rebuilt from parsed fields (the hash is computed here);
 * the domain's chain is the network's; the caller is the fee payer; the executor is neither the
 * payer nor `payTo`; the time window (Timeout Mapping); exactly one transfer of exactly the amount
 * to `payTo` in `asset`. Throws `X402Error` with the scheme's code.
 */
export function checkExactStarknetPayment(
  params: CheckExactStarknetPaymentParameters,
): CheckedExactPayment {
  const { payload } = params;
  if (payload.x402Version !== X402_VERSION) {
    throw new X402Error('invalid_x402_version', `unsupported x402Version ${payload.x402Version}`);
  }
  const margin = params.minSettleMarginSeconds ?? DEFAULT_MIN_SETTLE_MARGIN_SECONDS;
  const requirements = normalizeExactRequirements(params.requirements, margin);
  const feePayer = requirementFeePayer(requirements);
  if (BigInt(feePayer) !== BigInt(params.submitter)) {
    throw new X402Error(
      'invalid_payment_requirements',
      'extra.feePayer is not an executor of this facilitator',
    );
  }
  if (payload.accepted.scheme !== EXACT_SCHEME) {
    throw new X402Error('invalid_scheme', `payload scheme ${payload.accepted.scheme} is not exact`);
  }
  const chainId = chainIdOfNetwork(requirements.network);
  if (payload.accepted.network !== requirements.network) {
    throw new X402Error('invalid_network', 'the payload is for another network', {
      details: { expected: requirements.network, actual: payload.accepted.network },
    });
  }
  checkAccepted(payload.accepted, requirements);
  const parsed = parseExactStarknetPayload(payload.payload);
  const paymentId = readPaymentIdentifier(payload);
  if (parsed.chainId !== chainId) {
    throw new X402Error('invalid_network', 'the typed data is signed for another chain', {
      details: { expected: toFeltHex(chainId), actual: toFeltHex(parsed.chainId) },
    });
  }
  const felts = normalizeOutsideExecution(parsed.outsideExecution);
  if (felts.caller !== BigInt(feePayer)) {
    throw new X402Error(
      'invalid_exact_starknet_payload_caller',
      'the outside execution must name extra.feePayer as its caller',
      { details: { caller: toFeltHex(felts.caller) } },
    );
  }
  const executor = BigInt(params.submitter);
  if (executor === BigInt(parsed.from) || executor === BigInt(requirements.payTo)) {
    throw new X402Error(
      'invalid_payment_requirements',
      'the executor may be neither the payer nor the recipient',
    );
  }
  checkWindow(felts, params, requirements.maxTimeoutSeconds, margin);
  const transfer = checkExactTransfer(felts, requirements);
  return {
    claimedPayer: parsed.from,
    chainId,
    outsideExecution: parsed.outsideExecution,
    felts,
    signature: parsed.signature,
    hash: toFeltHex(outsideExecutionHash(parsed.outsideExecution, parsed.from, chainId)),
    transfer,
    requirements,
    paymentId,
  };
}

function checkAccepted(accepted: PaymentRequirements, requirements: PaymentRequirements): void {
  const same = (a: unknown, b: unknown) => {
    try {
      return BigInt(a as string) === BigInt(b as string);
    } catch {
      return false;
    }
  };
  const mismatch =
    accepted.amount !== requirements.amount
      ? 'amount'
      : !same(accepted.asset, requirements.asset)
        ? 'asset'
        : !same(accepted.payTo, requirements.payTo)
          ? 'payTo'
          : accepted.maxTimeoutSeconds !== requirements.maxTimeoutSeconds
            ? 'maxTimeoutSeconds'
            : !same(accepted.extra?.feePayer, requirements.extra?.feePayer)
              ? 'extra.feePayer'
              : accepted.extra?.areFeesSponsored !== undefined &&
                  accepted.extra.areFeesSponsored !== true
                ? 'extra.areFeesSponsored'
                : undefined;
  if (mismatch !== undefined) {
    throw new X402Error('invalid_payload', `accepted.${mismatch} differs from the requirement`, {
      details: { field: mismatch },
    });
  }
}

/**
 * The scheme's Timeout Mapping, with `skew` (at most 60 s) absorbing sequencer-clock lag:
 * `ExecuteAfter < now − skew`; at verify `ExecuteBefore ≥ now + maxTimeout − skew` (freshness);
 * `ExecuteBefore ≤ now + maxTimeout + skew`; at both phases `ExecuteBefore > now + margin`.
 */
function checkWindow(
  oe: FeltOutsideExecution,
  params: CheckExactStarknetPaymentParameters,
  maxTimeoutSeconds: number,
  minSettleMarginSeconds: number,
): void {
  if (params.phase === 'rescue') return;
  const skew = BigInt(Math.min(params.skewSeconds ?? DEFAULT_SKEW_SECONDS, 60));
  const margin = BigInt(minSettleMarginSeconds);
  const now = BigInt(Math.floor(params.now));
  const timeout = BigInt(maxTimeoutSeconds);
  const details = {
    executeAfter: Number(oe.executeAfter),
    executeBefore: Number(oe.executeBefore),
    now: Number(now),
  };
  if (oe.executeAfter >= now - skew) {
    throw new X402Error('invalid_payload', 'ExecuteAfter is not far enough in the past', {
      details,
    });
  }
  if (oe.executeBefore <= now + margin) {
    throw new X402Error('outside_execution_expired', 'the outside execution expires too soon', {
      details,
    });
  }
  if ((params.phase ?? 'verify') === 'verify' && oe.executeBefore < now + timeout - skew) {
    throw new X402Error(
      'outside_execution_expired',
      'the outside execution does not cover the advertised settlement window',
      { details },
    );
  }
  if (oe.executeBefore > now + timeout + skew) {
    throw new X402Error(
      'outside_execution_window_exceeds_max_timeout',
      'ExecuteBefore is later than now + maxTimeoutSeconds',
      { details },
    );
  }
}
