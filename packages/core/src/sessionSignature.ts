import { invalidInput } from './ChipiSessionError.js';
import { type FeltLike, parseFelt, parseUint, toFeltHex } from './felt.js';
import { getPublicKey } from './sessionKeyPair.js';
import {
  sessionOutsideExecutionMessageHash,
  sessionTransactionMessageHash,
} from './sessionMessageHash.js';
import { signHash, verifyHash } from './starkSignature.js';

/** The 4-element session signature `[session_public_key, r, s, valid_until]` as hex felts. */
export type SessionSignature = [string, string, string, string];

/** Parameters of `signSessionTransaction`. */
export interface SignSessionTransactionParameters {
  /** The V3 transaction hash (as starknet.js computes it for the signer). */
  transactionHash: FeltLike;
  /** The session private key. */
  privateKey: FeltLike;
  /** The registered `valid_until` of the session (unix seconds). */
  validUntil: FeltLike;
}

/**
 * Signs a transaction hash with a session key and returns the account's 4-element session
 * signature `[session_public_key, r, s, valid_until]`.
 */
export function signSessionTransaction(params: SignSessionTransactionParameters): SessionSignature {
  const publicKey = getPublicKey(params.privateKey);
  const validUntil = parseUint(params.validUntil, 64, 'validUntil');
  const hash = sessionTransactionMessageHash(params.transactionHash, publicKey, validUntil);
  return toSessionSignature(publicKey, signHash(hash, params.privateKey), validUntil);
}

/** Parameters of `signSessionOutsideExecution`. */
export interface SignSessionOutsideExecutionParameters {
  /** The SNIP-12 hash `H` of the outside execution (see `outsideExecutionHash`). */
  outsideExecutionHash: FeltLike;
  privateKey: FeltLike;
  validUntil: FeltLike;
}

/**
 * Signs an outside-execution hash `H` with a session key: the 4-element signature over
 * `poseidon('chipi/session-oe-v1', H, session_public_key, valid_until)`.
 */
export function signSessionOutsideExecution(
  params: SignSessionOutsideExecutionParameters,
): SessionSignature {
  const publicKey = getPublicKey(params.privateKey);
  const validUntil = parseUint(params.validUntil, 64, 'validUntil');
  const hash = sessionOutsideExecutionMessageHash(
    params.outsideExecutionHash,
    publicKey,
    validUntil,
  );
  return toSessionSignature(publicKey, signHash(hash, params.privateKey), validUntil);
}

/** A 4-element session signature parsed to felts. */
export interface ParsedSessionSignature {
  sessionPublicKey: bigint;
  r: bigint;
  s: bigint;
  validUntil: bigint;
}

/** Parses `[session_public_key, r, s, valid_until]`; any other length is `INVALID_INPUT`. */
export function parseSessionSignature(signature: readonly FeltLike[]): ParsedSessionSignature {
  if (signature.length !== 4) {
    throw invalidInput(`a session signature has 4 elements, got ${signature.length}`);
  }
  const [key, r, s, validUntil] = signature as [FeltLike, FeltLike, FeltLike, FeltLike];
  return {
    sessionPublicKey: parseFelt(key, 'sessionPublicKey'),
    r: parseFelt(r, 'r'),
    s: parseFelt(s, 's'),
    validUntil: parseUint(validUntil, 64, 'validUntil'),
  };
}

/** Checks a session transaction signature as the account's step 8 does. */
export function verifySessionTransactionSignature(
  transactionHash: FeltLike,
  signature: readonly FeltLike[],
): boolean {
  const sig = parseSessionSignature(signature);
  const hash = sessionTransactionMessageHash(transactionHash, sig.sessionPublicKey, sig.validUntil);
  return verifyHash(hash, sig.sessionPublicKey, sig);
}

/**
 * Checks a session outside-execution signature over `H`: the 4-element signature, or the first
 * four elements of the full form `[key, r, s, valid_until, ...serialized OutsideExecution]` (the
 * account itself checks that the appended outside execution hashes to `H`).
 */
export function verifySessionOutsideExecutionSignature(
  outsideExecutionHash: FeltLike,
  signature: readonly FeltLike[],
): boolean {
  const sig = parseSessionSignature(signature.length > 4 ? signature.slice(0, 4) : signature);
  const hash = sessionOutsideExecutionMessageHash(
    outsideExecutionHash,
    sig.sessionPublicKey,
    sig.validUntil,
  );
  return verifyHash(hash, sig.sessionPublicKey, sig);
}

function toSessionSignature(
  publicKey: string,
  sig: { r: bigint; s: bigint },
  validUntil: bigint,
): SessionSignature {
  return [publicKey, toFeltHex(sig.r), toFeltHex(sig.s), toFeltHex(validUntil)];
}
