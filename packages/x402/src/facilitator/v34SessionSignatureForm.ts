import { type OutsideExecutionInput, sessionIsValidSignatureForm } from '@chipi-sessions/core';

/**
 * The signature as the CHIPI v34 account's `is_valid_signature` needs it. The scheme passes the
 * payer's signature verbatim; the v34 account accepts a 4-felt session signature off-chain only
 * with the outside execution appended (its session form), so this one adaptation remains.
 * `execute_from_outside_v2` always receives the signature verbatim.
 *
 * Temporary: delete this file (and its single call in `paymentChainState.ts`) once accounts run
 * the v35 class, which accepts a session's outside-execution signature verbatim in both entry
 * points.
 */
export function v34SessionSignatureForm(
  signature: readonly string[],
  outsideExecution: OutsideExecutionInput,
): readonly string[] {
  return signature.length === 4
    ? sessionIsValidSignatureForm(signature, outsideExecution)
    : signature;
}
