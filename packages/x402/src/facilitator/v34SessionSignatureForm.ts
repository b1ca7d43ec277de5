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
 * The first adaptation can go once no v34 account is served (v35 accepts a session's
 * outside-execution signature verbatim in both entry points); the explanation stays for v35.
 */
export function v34SessionSignatureForm(
  signature: readonly string[],
  outsideExecution: OutsideExecutionInput,
): readonly string[] {
  return signature.length === 4
    ? sessionIsValidSignatureForm(signature, outsideExecution)
    : signature;
}

/**
 * Whether a refused signature is a sound session signature, so a session rule refused it: the
 * 4-felt form, or v35's one form whose first four felts are the session's `[key, r, s,
 * valid_until]` (v35 also applies the session rules in `is_valid_signature`).
 */
export function v34RefusalNeedsExplanation(signature: readonly string[], hash: string): boolean {
  if (signature.length < 4) return false;
  try {
    return verifySessionOutsideExecutionSignature(hash, signature);
  } catch {
    return false;
  }
}
