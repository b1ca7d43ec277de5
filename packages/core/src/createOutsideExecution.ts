import { invalidInput } from './ChipiSessionError.js';
import type { CallInput } from './call.js';
import { type FeltLike, toFeltHex } from './felt.js';
import {
  ANY_CALLER,
  normalizeOutsideExecution,
  type OutsideExecutionInput,
} from './outsideExecution.js';
import { defaultRandomBytes, type RandomBytes } from './sessionKeyPair.js';

/** How far back `executeAfter` is set by default, to absorb clock skew between client and submitter. */
export const OUTSIDE_EXECUTION_SLACK_SECONDS = 300;

/** Parameters of `createOutsideExecution`. */
export interface CreateOutsideExecutionParameters {
  calls: readonly CallInput[];
  /** Unix seconds (the latest block time, or the wall clock). */
  now: number;
  /** How long the submitter has to execute it, in seconds. */
  ttlSeconds: number;
  /** Who may submit it; default `'ANY_CALLER'`. */
  caller?: FeltLike;
  /** The window's start; default `now - OUTSIDE_EXECUTION_SLACK_SECONDS`. */
  executeAfter?: number;
  /** The window never extends past this (a session's `validUntil`): `executeBefore <= notAfter + 1`. */
  notAfter?: number;
  random?: RandomBytes;
}

/**
 * A fresh SNIP-9 v2 outside execution, every value a hex felt: a random 128-bit nonce and the
 * window `(executeAfter, min(now + ttlSeconds, notAfter + 1))`. The one constructor of outside
 * executions: hash it with `outsideExecutionHash`, show it with `outsideExecutionTypedData`,
 * submit it with `executeFromOutsideCalldata`.
 */
export function createOutsideExecution(
  params: CreateOutsideExecutionParameters,
): OutsideExecutionInput {
  const random = params.random ?? defaultRandomBytes;
  const nonce = Array.from(random(16), (b) => b.toString(16).padStart(2, '0')).join('');
  let executeBefore = params.now + params.ttlSeconds;
  if (params.notAfter !== undefined) executeBefore = Math.min(executeBefore, params.notAfter + 1);
  const executeAfter =
    params.executeAfter ?? Math.max(0, params.now - OUTSIDE_EXECUTION_SLACK_SECONDS);
  if (!(executeBefore > executeAfter)) {
    throw invalidInput('the outside execution window is empty', { executeAfter, executeBefore });
  }
  const n = normalizeOutsideExecution({
    caller: params.caller ?? ANY_CALLER,
    nonce: `0x${nonce}`,
    executeAfter,
    executeBefore,
    calls: params.calls,
  });
  return {
    caller: toFeltHex(n.caller),
    nonce: toFeltHex(n.nonce),
    executeAfter: toFeltHex(n.executeAfter),
    executeBefore: toFeltHex(n.executeBefore),
    calls: n.calls.map((c) => ({
      contractAddress: toFeltHex(c.to),
      entrypoint: toFeltHex(c.selector),
      calldata: c.calldata.map((f) => toFeltHex(f)),
    })),
  };
}
