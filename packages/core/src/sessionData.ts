import type { AllowedCall } from './allowedCalls.js';
import { invalidInput } from './ChipiSessionError.js';
import { type FeltLike, parseFelt, parseUint, toFeltHex, toSafeNumber } from './felt.js';

/** Session status as `get_session_data` computes it at the block time of the call. */
export type SessionStatus = 'unknown' | 'active' | 'expired' | 'revoked' | 'exhausted';

/** `status` codes of `SessionData`, by name. */
export const SESSION_STATUS_CODES: Readonly<Record<SessionStatus, number>> = {
  unknown: 0,
  active: 1,
  expired: 2,
  revoked: 3,
  exhausted: 4,
};

const STATUS_BY_CODE: readonly SessionStatus[] = [
  'unknown',
  'active',
  'expired',
  'revoked',
  'exhausted',
];

/** Decoded `get_session_data` (with the allow-list from `get_session_allowed_calls`). */
export interface SessionDataResponse {
  /** `status === 'active'` at the block time of the view call. */
  isActive: boolean;
  validUntil: number;
  /** `max_calls - calls_used` when active, else 0. */
  remainingCalls: number;
  /** Selectors of the allow-list (hex), the v33-compatible view; empty allows every call. */
  allowedEntrypoints: string[];
  /** The full allow-list; `contract` `0x0` means any contract. */
  allowedCalls: AllowedCall[];
  status: SessionStatus;
  callsUsed: number;
  maxCalls: number;
  strict: boolean;
  /** Fee cap per transaction; 0 means none. */
  maxFeePerTx: bigint;
  /** Lifetime fee budget (fri). */
  feeBudget: bigint;
  /** Fees reserved so far: the sum of the maximum fees of the session's validated transactions. */
  feeUsed: bigint;
  /** `feeBudget - feeUsed`. */
  feeBudgetLeft: bigint;
}

/** Felt count of `SessionData`. */
export const SESSION_DATA_LENGTH = 10;

/**
 * Decodes the 10 felts of `get_session_data` (`valid_until, max_calls, calls_used,
 * allowed_entrypoints_len, status, remaining_calls, strict, max_fee_per_tx, fee_budget,
 * fee_used`) together with the
 * result of `get_session_allowed_calls`. Malformed results throw `INVALID_INPUT`.
 */
export function decodeSessionData(result: {
  sessionData: readonly FeltLike[];
  allowedCalls: readonly FeltLike[];
}): SessionDataResponse {
  const felts = result.sessionData;
  if (felts.length !== SESSION_DATA_LENGTH) {
    throw invalidInput(`SessionData has ${SESSION_DATA_LENGTH} felts, got ${felts.length}`);
  }
  const at = (i: number): FeltLike => felts[i] as FeltLike;
  const validUntil = toSafeNumber(parseUint(at(0), 64, 'valid_until'), 'valid_until');
  const maxCalls = Number(parseUint(at(1), 32, 'max_calls'));
  const callsUsed = Number(parseUint(at(2), 32, 'calls_used'));
  const allowedLen = Number(parseUint(at(3), 32, 'allowed_entrypoints_len'));
  const statusCode = Number(parseUint(at(4), 8, 'status'));
  const status = STATUS_BY_CODE[statusCode];
  if (status === undefined) throw invalidInput(`unknown session status ${statusCode}`);
  const remainingCalls = Number(parseUint(at(5), 32, 'remaining_calls'));
  const strict = decodeBool(at(6), 'strict');
  const maxFeePerTx = parseUint(at(7), 128, 'max_fee_per_tx');
  const feeBudget = parseUint(at(8), 128, 'fee_budget');
  const feeUsed = parseUint(at(9), 128, 'fee_used');
  const allowedCalls = decodeAllowedCalls(result.allowedCalls);
  if (allowedCalls.length !== allowedLen) {
    throw invalidInput(
      `allowed_entrypoints_len is ${allowedLen} but get_session_allowed_calls returned ${allowedCalls.length}`,
    );
  }
  return {
    isActive: status === 'active',
    validUntil,
    remainingCalls,
    allowedEntrypoints: allowedCalls.map((c) => c.selector),
    allowedCalls,
    status,
    callsUsed,
    maxCalls,
    strict,
    maxFeePerTx,
    feeBudget,
    feeUsed,
    feeBudgetLeft: feeUsed >= feeBudget ? 0n : feeBudget - feeUsed,
  };
}

/** Decodes `Array<AllowedCall>` (`len, (contract, selector)*`). */
export function decodeAllowedCalls(felts: readonly FeltLike[]): AllowedCall[] {
  if (felts.length === 0) throw invalidInput('Array<AllowedCall> needs its length');
  const len = Number(parseUint(felts[0] as FeltLike, 32, 'allowed_calls_len'));
  if (felts.length !== 1 + 2 * len) {
    throw invalidInput(
      `Array<AllowedCall> of ${len} entries needs ${1 + 2 * len} felts, got ${felts.length}`,
    );
  }
  const out: AllowedCall[] = [];
  for (let i = 0; i < len; i++) {
    out.push({
      contract: toFeltHex(parseFelt(felts[1 + 2 * i] as FeltLike, 'contract')),
      selector: toFeltHex(parseFelt(felts[2 + 2 * i] as FeltLike, 'selector')),
    });
  }
  return out;
}

/** Decodes a Cairo `bool` felt (0 or 1). */
export function decodeBool(value: FeltLike, name = 'bool'): boolean {
  const n = parseFelt(value, name);
  if (n > 1n) throw invalidInput(`${name} is not a bool: ${String(value)}`);
  return n === 1n;
}
