import {
  ANY_CALLER,
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
  requirementCaller,
} from './exactStarknetRequirements.js';
import { parseExactStarknetPayload } from './parseExactStarknetPayload.js';
import { readPaymentIdentifier } from './paymentIdentifier.js';
import { chainIdOfNetwork } from './starknetNetwork.js';
import { X402Error } from './X402Error.js';
import { type PaymentPayload, type PaymentRequirements, X402_VERSION } from './x402Types.js';

/** Clock tolerance between the client, the facilitator and the chain, in seconds (max 60). */
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
  /** The address that will call `execute_from_outside_v2`. */
  submitter: string;
  skewSeconds?: number;
  minSettleMarginSeconds?: number;
}

/** A payment that passed every check that needs no chain access. */
export interface CheckedExactPayment {
  payer: string;
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
 * version, scheme and network; `accepted` equals the server's requirements field by field; the
 * payload parses strictly and its typed data is rebuilt from parsed fields (the hash is computed
 * here); the domain's chain is the network's; caller binding; the time window; exactly one
 * transfer of exactly the amount to `payTo` in `asset`. Throws `X402Error` with the scheme's code.
 */
export function checkExactStarknetPayment(
  params: CheckExactStarknetPaymentParameters,
): CheckedExactPayment {
  const { payload } = params;
  if (payload.x402Version !== X402_VERSION) {
    throw new X402Error('invalid_x402_version', `unsupported x402Version ${payload.x402Version}`);
  }
  const requirements = normalizeExactRequirements(params.requirements);
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
  checkCaller(felts.caller, params.submitter, requirementCaller(requirements));
  checkWindow(felts, params, requirements.maxTimeoutSeconds);
  const transfer = checkExactTransfer(felts, requirements);
  return {
    payer: parsed.from,
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
  const same = (a: string, b: string) => {
    try {
      return BigInt(a) === BigInt(b);
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
            : undefined;
  if (mismatch !== undefined) {
    throw new X402Error('accepted_mismatch', `accepted.${mismatch} differs from the requirement`, {
      details: { field: mismatch },
    });
  }
}

function checkCaller(caller: bigint, submitter: string, advertised: string | undefined): void {
  const submitterFelt = BigInt(submitter);
  if (advertised !== undefined && BigInt(advertised) !== submitterFelt) {
    throw new X402Error(
      'invalid_payment_requirements',
      'the requirement names a fee payer that is not this facilitator',
    );
  }
  const allowed = caller === submitterFelt || (caller === ANY_CALLER && advertised === undefined);
  if (!allowed) {
    throw new X402Error(
      'invalid_exact_starknet_payload_caller',
      advertised === undefined
        ? 'the outside execution names another caller'
        : 'the requirement binds the caller; ANY_CALLER or another caller is refused',
      { details: { caller: toFeltHex(caller) } },
    );
  }
}

function checkWindow(
  oe: FeltOutsideExecution,
  params: CheckExactStarknetPaymentParameters,
  maxTimeoutSeconds: number,
): void {
  const skew = BigInt(Math.min(params.skewSeconds ?? DEFAULT_SKEW_SECONDS, 60));
  const margin = BigInt(params.minSettleMarginSeconds ?? DEFAULT_MIN_SETTLE_MARGIN_SECONDS);
  const now = BigInt(Math.floor(params.now));
  if (oe.executeBefore <= now + margin) {
    throw new X402Error('outside_execution_expired', 'the outside execution expires too soon', {
      details: { executeBefore: Number(oe.executeBefore), now: Number(now) },
    });
  }
  if (oe.executeAfter >= now + skew) {
    throw new X402Error('outside_execution_not_yet_valid', 'the outside execution starts later', {
      details: { executeAfter: Number(oe.executeAfter), now: Number(now) },
    });
  }
  if (oe.executeBefore - oe.executeAfter > BigInt(maxTimeoutSeconds) + skew) {
    throw new X402Error(
      'outside_execution_window_exceeds_max_timeout',
      'the outside execution window is wider than maxTimeoutSeconds',
    );
  }
}
