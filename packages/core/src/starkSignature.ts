import { Signature, sign, verify } from '@scure/starknet';
import { type FeltLike, parseFelt, toFeltHex } from './felt.js';
import { parsePrivateKey, STARK_CURVE_ORDER, toHex64 } from './starkCurve.js';

/** A Stark ECDSA signature. */
export interface StarkSignature {
  r: bigint;
  s: bigint;
}

/**
 * Signs a felt message hash with a Stark private key. Deterministic (RFC 6979): the same key and
 * hash always give the same `(r, s)`.
 */
export function signHash(messageHash: FeltLike, privateKey: FeltLike): StarkSignature {
  const hash = parseFelt(messageHash, 'messageHash');
  const key = parsePrivateKey(privateKey);
  const sig = sign(toHex64(hash), toHex64(key));
  return { r: sig.r, s: sig.s };
}

/** Signs a hash and returns the 2-element owner signature `[r, s]` as hex felts. */
export function signOwnerHash(messageHash: FeltLike, privateKey: FeltLike): [string, string] {
  const { r, s } = signHash(messageHash, privateKey);
  return [toFeltHex(r), toFeltHex(s)];
}

/**
 * Verifies a Stark signature over a felt hash against a Stark public key (the x coordinate).
 * Returns false for `r` or `s` outside `[1, n)`, exactly as the account does, and for a public
 * key that is not on the curve.
 */
export function verifyHash(
  messageHash: FeltLike,
  publicKey: FeltLike,
  signature: { r: FeltLike; s: FeltLike },
): boolean {
  const hash = parseFelt(messageHash, 'messageHash');
  const key = parseFelt(publicKey, 'publicKey');
  const r = parseFelt(signature.r, 'signature.r');
  const s = parseFelt(signature.s, 'signature.s');
  if (r < 1n || r >= STARK_CURVE_ORDER || s < 1n || s >= STARK_CURVE_ORDER) return false;
  // The Stark key is only the x coordinate. Like Cairo's `check_ecdsa_signature`, accept the
  // signature when it verifies for either point with that x (compressed prefixes 02 and 03).
  const x = toHex64(key);
  const sig = new Signature(r, s);
  for (const prefix of ['02', '03']) {
    try {
      if (verify(sig, toHex64(hash), `${prefix}${x}`)) return true;
    } catch {
      return false;
    }
  }
  return false;
}
