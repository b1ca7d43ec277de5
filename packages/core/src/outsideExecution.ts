import { type CallInput, type FeltCall, normalizeCalls } from './call.js';
import { type FeltLike, parseFelt, parseUint } from './felt.js';
import { encodeShortString } from './shortString.js';

/** The SNIP-9 caller value meaning "anyone may submit": the short string `'ANY_CALLER'`. */
export const ANY_CALLER: bigint = /* @__PURE__ */ encodeShortString('ANY_CALLER');

/**
 * A SNIP-9 v2 outside execution. `caller` may be the string `'ANY_CALLER'`. The two times are
 * unix seconds; the account's Cairo struct holds them as u64.
 */
export interface OutsideExecutionInput {
  caller: FeltLike;
  nonce: FeltLike;
  executeAfter: FeltLike;
  executeBefore: FeltLike;
  calls: readonly CallInput[];
}

/** An outside execution reduced to felts. */
export interface FeltOutsideExecution {
  caller: bigint;
  nonce: bigint;
  executeAfter: bigint;
  executeBefore: bigint;
  calls: FeltCall[];
}

/** Normalizes an outside execution (`'ANY_CALLER'` becomes its felt; times must fit u64). */
export function normalizeOutsideExecution(oe: OutsideExecutionInput): FeltOutsideExecution {
  return {
    caller: oe.caller === 'ANY_CALLER' ? ANY_CALLER : parseFelt(oe.caller, 'caller'),
    nonce: parseFelt(oe.nonce, 'nonce'),
    executeAfter: parseUint(oe.executeAfter, 64, 'executeAfter'),
    executeBefore: parseUint(oe.executeBefore, 64, 'executeBefore'),
    calls: normalizeCalls(oe.calls),
  };
}
