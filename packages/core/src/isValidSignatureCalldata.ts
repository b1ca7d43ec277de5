import { invalidInput } from './ChipiSessionError.js';
import { type FeltLike, parseFelt, toFeltHex } from './felt.js';
import type { OutsideExecutionInput } from './outsideExecution.js';
import { serializeFeltArray, serializeOutsideExecution } from './outsideExecutionCalldata.js';
import { outsideExecutionHash } from './outsideExecutionHash.js';
import { signSessionOutsideExecution } from './sessionSignature.js';

/**
 * The full session form of an outside-execution signature:
 * `[session_public_key, r, s, valid_until, ...serialized OutsideExecution]`, accepted unchanged by
 * `is_valid_signature(H, ·)` and by `execute_from_outside_v2(oe, ·)`. The account recomputes `H`
 * from the appended outside execution (and `execute_from_outside_v2` requires it to be the one
 * executed), so `sessionSignature` must be the session signature over that same `H` (see
 * `signSessionOutsideExecution`).
 */
export function sessionIsValidSignatureForm(
  sessionSignature: readonly FeltLike[],
  oe: OutsideExecutionInput,
): string[] {
  if (sessionSignature.length !== 4) {
    throw invalidInput(`a session signature has 4 elements, got ${sessionSignature.length}`);
  }
  return [
    ...sessionSignature.map((item, i) => toFeltHex(parseFelt(item, `sessionSignature[${i}]`))),
    ...serializeOutsideExecution(oe),
  ];
}

/** Calldata of `is_valid_signature(hash, signature)`: the hash, then the signature array. */
export function isValidSignatureCalldata(hash: FeltLike, signature: readonly FeltLike[]): string[] {
  return [toFeltHex(parseFelt(hash, 'hash')), ...serializeFeltArray(signature, 'signature')];
}

/** Parameters of `signSessionIsValidSignature`. */
export interface SignSessionIsValidSignatureParameters {
  outsideExecution: OutsideExecutionInput;
  accountAddress: FeltLike;
  chainId: FeltLike;
  privateKey: FeltLike;
  validUntil: FeltLike;
}

/**
 * Hashes an outside execution, signs it with the session key and returns both the hash `H` the
 * verifier passes to `is_valid_signature` and the session-form signature that goes with it.
 */
export function signSessionIsValidSignature(params: SignSessionIsValidSignatureParameters): {
  hash: string;
  signature: string[];
} {
  const hash = outsideExecutionHash(params.outsideExecution, params.accountAddress, params.chainId);
  const sessionSignature = signSessionOutsideExecution({
    outsideExecutionHash: hash,
    privateKey: params.privateKey,
    validUntil: params.validUntil,
  });
  return {
    hash: toFeltHex(hash),
    signature: sessionIsValidSignatureForm(sessionSignature, params.outsideExecution),
  };
}
