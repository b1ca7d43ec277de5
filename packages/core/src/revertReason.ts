import { ChipiSessionError } from './ChipiSessionError.js';
import type { SessionErrorCode } from './sessionErrorCodes.js';
import { decodeShortString, encodeShortString } from './shortString.js';

/** Every error felt of the CHIPI session account and the SDK code it maps to. */
export const REVERT_REASON_CODES: Readonly<Record<string, SessionErrorCode>> = {
  'session/not-registered': 'SESSION_NOT_REGISTERED',
  'session/revoked': 'SESSION_REVOKED',
  'session/expired': 'SESSION_EXPIRED',
  'session/max-calls-exceeded': 'SESSION_MAX_CALLS_EXCEEDED',
  'session/entrypoint-not-allowed': 'SESSION_ENTRYPOINT_NOT_ALLOWED',
  'session/self-call': 'SESSION_SELF_CALL_FORBIDDEN',
  'session/valid-until-mismatch': 'SESSION_VALID_UNTIL_MISMATCH',
  'session/invalid-signature': 'SESSION_INVALID_SIGNATURE',
  'session/invalid-valid-until': 'SESSION_INVALID_CONFIG',
  'session/fee-too-high': 'SESSION_FEE_TOO_HIGH',
  'session/fee-budget-exceeded': 'SESSION_FEE_BUDGET_EXCEEDED',
  'session/declare-forbidden': 'SESSION_FORBIDDEN_TRANSACTION',
  'session/deploy-forbidden': 'SESSION_FORBIDDEN_TRANSACTION',
  'session/invalid-key': 'SESSION_INVALID_CONFIG',
  'session/invalid-max-calls': 'SESSION_INVALID_CONFIG',
  'session/too-many-entrypoints': 'SESSION_INVALID_CONFIG',
  'policy/exceeds-per-call': 'SESSION_SPENDING_LIMIT_EXCEEDED',
  'policy/exceeds-window': 'SESSION_SPENDING_LIMIT_EXCEEDED',
  'policy/no-policy': 'SESSION_NO_SPENDING_POLICY',
  'policy/bad-calldata': 'SESSION_INVALID_CALLDATA',
  'policy/bad-amount': 'SESSION_INVALID_CALLDATA',
  'policy/invalid-window': 'INVALID_SPENDING_POLICY',
  'policy/too-many-policies': 'INVALID_SPENDING_POLICY',
  'policy/bad-balance': 'INVALID_SPENDING_POLICY',
  'policy/forbidden-selector': 'SESSION_FORBIDDEN_SELECTOR',
  'policy/allowance-left': 'SESSION_ALLOWANCE_LEFT',
  'outside/invalid-caller': 'OUTSIDE_EXECUTION_REJECTED',
  'outside/too-early': 'OUTSIDE_EXECUTION_REJECTED',
  'outside/expired': 'OUTSIDE_EXECUTION_REJECTED',
  'outside/duplicate-nonce': 'OUTSIDE_EXECUTION_REJECTED',
  'outside/invalid-signature': 'OUTSIDE_EXECUTION_REJECTED',
  'account/invalid-signature': 'ACCOUNT_REJECTED',
  'account/invalid-sig-length': 'ACCOUNT_REJECTED',
  'account/invalid-caller': 'ACCOUNT_REJECTED',
  'account/only-self': 'ACCOUNT_REJECTED',
  'account/invalid-key-proof': 'ACCOUNT_REJECTED',
  'account/reentrant-call': 'ACCOUNT_REJECTED',
  'account/invalid-tx-version': 'ACCOUNT_REJECTED',
  'account/zero-key': 'ACCOUNT_REJECTED',
};

/** A recognized account error felt. */
export interface RevertReason {
  /** The SDK code, e.g. `SESSION_EXPIRED`. */
  code: SessionErrorCode;
  /** The decoded felt, e.g. `session/expired`. */
  reason: string;
  /** The felt as canonical hex, e.g. `0x73657373696f6e2f65787069726564`. */
  felt: string;
}

const TEXT_REASON = /(?:session|policy|outside|account)\/[a-z0-9-]+/g;
const HEX_FELT = /0x[0-9a-fA-F]+/g;
const MAX_DEPTH = 8;

/**
 * Finds the first error felt of the session account in anything an RPC call or starknet.js
 * threw: an `Error` (its message, `data`, `baseError`, `cause`), an RPC error object, a string or
 * an array of felts. Felts may appear as hex (`0x73657373696f6e2f65787069726564`) or decoded
 * (`'session/expired'`). Returns `undefined` when none is found.
 *
 * @example
 * ```ts
 * try { await account.execute(calls); }
 * catch (e) { const r = decodeRevertReason(e); if (r) throw sessionErrorFromRevert(e); }
 * ```
 */
export function decodeRevertReason(error: unknown): RevertReason | undefined {
  const texts: string[] = [];
  collect(error, texts, new Set(), 0);
  for (const text of texts) {
    const found = firstReasonIn(text);
    if (found) return found;
  }
  return undefined;
}

/**
 * The `ChipiSessionError` for a revert, with the original error as `cause` and the felt in
 * `details.reason`; `undefined` when `decodeRevertReason` finds nothing.
 */
export function sessionErrorFromRevert(error: unknown): ChipiSessionError | undefined {
  const found = decodeRevertReason(error);
  if (!found) return undefined;
  return new ChipiSessionError(found.code, undefined, {
    details: { reason: found.reason, felt: found.felt },
    cause: error,
  });
}

function firstReasonIn(text: string): RevertReason | undefined {
  let best: { at: number; reason: string } | undefined;
  for (const m of text.matchAll(TEXT_REASON)) {
    if (Object.hasOwn(REVERT_REASON_CODES, m[0])) {
      best = { at: m.index, reason: m[0] };
      break;
    }
  }
  for (const m of text.matchAll(HEX_FELT)) {
    if (best !== undefined && m.index > best.at) break;
    const decoded = decodeHexReason(m[0]);
    if (decoded !== undefined) {
      best = { at: m.index, reason: decoded };
      break;
    }
  }
  return best === undefined ? undefined : toReason(best.reason);
}

function decodeHexReason(hex: string): string | undefined {
  if (hex.length > 66) return undefined;
  const value = BigInt(hex);
  if (value === 0n || value.toString(16).length > 62) return undefined;
  const text = decodeShortString(value);
  return text !== undefined && Object.hasOwn(REVERT_REASON_CODES, text) ? text : undefined;
}

function toReason(reason: string): RevertReason {
  const code = REVERT_REASON_CODES[reason] as SessionErrorCode;
  return { code, reason, felt: `0x${encodeShortString(reason).toString(16)}` };
}

function collect(value: unknown, out: string[], seen: Set<unknown>, depth: number): void {
  if (depth > MAX_DEPTH || value === null || value === undefined) return;
  if (typeof value === 'string') {
    out.push(value);
    return;
  }
  if (typeof value === 'bigint' || typeof value === 'number') {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) return;
    if (value >= 0) out.push(`0x${value.toString(16)}`);
    return;
  }
  if (typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Error) out.push(value.message);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) collect(record[key], out, seen, depth + 1);
  // `cause` set by the Error constructor is not enumerable.
  if (value instanceof Error) collect(value.cause, out, seen, depth + 1);
}
