import {
  ANY_CALLER,
  defaultRandomBytes,
  type FeltCall,
  type FeltLike,
  type OutsideExecutionInput,
  parseFelt,
  type RandomBytes,
  toFeltHex,
} from '@chipi-sessions/core';

/** How far back `executeAfter` is set, to absorb clock differences between node and relayer. */
export const OUTSIDE_EXECUTION_SLACK_SECONDS = 300;

/** Parameters of `buildOutsideExecution`. */
export interface BuildOutsideExecutionParameters {
  calls: readonly FeltCall[];
  /** Latest block time (unix seconds). */
  now: number;
  /** How long the relayer has to submit it, in seconds. */
  ttlSeconds: number;
  /** The relayer's address; default `'ANY_CALLER'`. */
  caller?: FeltLike;
  /** For a session: its `validUntil`; the window never extends past it. */
  validUntil?: number;
  random?: RandomBytes;
}

/**
 * A fresh SNIP-9 v2 outside execution: a random 128-bit nonce, and the window
 * `(now - 300 s, min(now + ttl, validUntil + 1))`.
 */
export function buildOutsideExecution(
  params: BuildOutsideExecutionParameters,
): OutsideExecutionInput {
  const random = params.random ?? defaultRandomBytes;
  const nonce = `0x${Array.from(random(16), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  let executeBefore = params.now + params.ttlSeconds;
  if (params.validUntil !== undefined)
    executeBefore = Math.min(executeBefore, params.validUntil + 1);
  return {
    caller:
      params.caller === undefined ? toFeltHex(ANY_CALLER) : toFeltHex(parseFelt(params.caller)),
    nonce: toFeltHex(BigInt(nonce)),
    executeAfter: Math.max(0, params.now - OUTSIDE_EXECUTION_SLACK_SECONDS),
    executeBefore,
    calls: params.calls.map((c) => ({
      contractAddress: toFeltHex(c.to),
      entrypoint: toFeltHex(c.selector),
      calldata: c.calldata.map((f) => toFeltHex(f)),
    })),
  };
}
