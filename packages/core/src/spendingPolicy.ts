import { invalidInput } from './ChipiSessionError.js';
import { type FeltLike, parseUint, toSafeNumber } from './felt.js';
import { decodeBool } from './sessionData.js';
import { joinU256 } from './u256.js';

/** Decoded `get_spending_policy` (`SpendingPolicyView`). Amounts in token base units. */
export interface SpendingPolicyView {
  exists: boolean;
  maxPerCall: bigint;
  maxPerWindow: bigint;
  windowSeconds: number;
  /** Spent in the sliding window at the block time of the view call. */
  spentInWindow: bigint;
  remainingInWindow: bigint;
  /** When the oldest counted spend frees up (unix seconds); 0 when nothing is counted. */
  nextReleaseAt: number;
}

/** Felt count of `SpendingPolicyView`. */
export const SPENDING_POLICY_VIEW_LENGTH = 11;

/**
 * Decodes the 11 felts of `get_spending_policy`: `exists, max_per_call (u256), max_per_window
 * (u256), window_seconds (u64), spent_in_window (u256), remaining_in_window (u256),
 * next_release_at (u64)`.
 */
export function decodeSpendingPolicy(felts: readonly FeltLike[]): SpendingPolicyView {
  if (felts.length !== SPENDING_POLICY_VIEW_LENGTH) {
    throw invalidInput(
      `SpendingPolicyView has ${SPENDING_POLICY_VIEW_LENGTH} felts, got ${felts.length}`,
    );
  }
  const f = (i: number): FeltLike => felts[i] as FeltLike;
  return {
    exists: decodeBool(f(0), 'exists'),
    maxPerCall: joinU256(f(1), f(2), 'max_per_call'),
    maxPerWindow: joinU256(f(3), f(4), 'max_per_window'),
    windowSeconds: toSafeNumber(parseUint(f(5), 64, 'window_seconds'), 'window_seconds'),
    spentInWindow: joinU256(f(6), f(7), 'spent_in_window'),
    remainingInWindow: joinU256(f(8), f(9), 'remaining_in_window'),
    nextReleaseAt: toSafeNumber(parseUint(f(10), 64, 'next_release_at'), 'next_release_at'),
  };
}
