import {
  type OutsideExecutionInput,
  sessionIsValidSignatureForm,
  verifySessionOutsideExecutionSignature,
} from '@chipi-sessions/core';

/**
 * The two places where the facilitator still adapts to the CHIPI v34 account. The scheme passes
 * the payer's signature verbatim; `execute_from_outside_v2` always receives it verbatim.
 *
 * - `is_valid_signature` of v34 accepts a 4-felt session signature only in its session form
 *   (the outside execution appended): `v34SessionSignatureForm`.
 * - v34 applies its session rules (spending policy, expiry, revocation) inside
 *   `is_valid_signature` and answers a bare 0 when one refuses. When the session's ECDSA
 *   signature is itself sound (checked locally, no RPC), `v34RefusalNeedsExplanation` says the
 *   refusal is a session rule's, and the facilitator simulates once to report the account's
 *   reason (`SESSION_SPENDING_LIMIT_EXCEEDED`, …). Junk signatures never get that simulation.
 *
 * Temporary: delete this file and its two uses in `paymentChainState.ts` and
 * `ExactStarknetFacilitator.ts` once accounts run the v35 class, which accepts a session's
 * outside-execution signature verbatim in both entry points.
 */
export function v34SessionSignatureForm(
  signature: readonly string[],
  outsideExecution: OutsideExecutionInput,
): readonly string[] {
  return signature.length === 4
    ? sessionIsValidSignatureForm(signature, outsideExecution)
    : signature;
}

/** Whether a refused signature is a sound 4-felt session signature (so a session rule refused). */
export function v34RefusalNeedsExplanation(signature: readonly string[], hash: string): boolean {
  if (signature.length !== 4) return false;
  try {
    return verifySessionOutsideExecutionSignature(hash, signature);
  } catch {
    return false;
  }
}
