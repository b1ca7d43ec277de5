import { ChipiSessionError } from './ChipiSessionError.js';
import { type FeltLike, parseFelt, parseUint } from './felt.js';
import {
  ANY_CALLER,
  normalizeOutsideExecution,
  type OutsideExecutionInput,
} from './outsideExecution.js';

/** Parameters of `checkOutsideExecution`. */
export interface CheckOutsideExecutionParameters {
  outsideExecution: OutsideExecutionInput;
  /** Unix seconds at which the relayer is expected to submit it. */
  now: number;
  /** The address that will call `execute_from_outside_v2` (the relayer); unchecked when absent. */
  submitter?: FeltLike;
  /** Whether the nonce is already used (`!is_valid_outside_execution_nonce(nonce)`), when known. */
  nonceUsed?: boolean;
}

/**
 * Pre-flight mirror of the SNIP-9 checks of `execute_from_outside_v2`: the caller is
 * `'ANY_CALLER'` or the submitter, `execute_after < now < execute_before`, the nonce is unused.
 * Returns an `OUTSIDE_EXECUTION_REJECTED` error naming the felt the account would panic with
 * (`details.reason`), or `undefined`. The session rules are checked by `checkSessionCalls`.
 */
export function checkOutsideExecution(
  params: CheckOutsideExecutionParameters,
): ChipiSessionError | undefined {
  const oe = normalizeOutsideExecution(params.outsideExecution);
  const reject = (reason: string) =>
    new ChipiSessionError('OUTSIDE_EXECUTION_REJECTED', `outside execution rejected: ${reason}`, {
      details: { reason },
    });
  if (
    oe.caller !== ANY_CALLER &&
    params.submitter !== undefined &&
    parseFelt(params.submitter, 'submitter') !== oe.caller
  ) {
    return reject('outside/invalid-caller');
  }
  const now = parseUint(params.now, 64, 'now');
  if (now <= oe.executeAfter) return reject('outside/too-early');
  if (now >= oe.executeBefore) return reject('outside/expired');
  if (params.nonceUsed === true) return reject('outside/duplicate-nonce');
  return undefined;
}
