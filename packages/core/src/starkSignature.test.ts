import { ec } from 'starknet';
import { describe, expect, it } from 'vitest';
import { getPublicKey } from './sessionKeyPair.js';
import { STARK_CURVE_ORDER } from './starkCurve.js';
import { signHash, signOwnerHash, verifyHash } from './starkSignature.js';

const KEY = '0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const PUB = getPublicKey(KEY);

describe('signHash / verifyHash', () => {
  it('is deterministic and identical to starknet.js signing', () => {
    const hash = '0x2a3b4c';
    const a = signHash(hash, KEY);
    expect(signHash(hash, KEY)).toEqual(a);
    const theirs = ec.starkCurve.sign(hash, KEY);
    expect(a).toEqual({ r: theirs.r, s: theirs.s });
  });

  it('verifies its own signatures and rejects other hashes or keys', () => {
    const sig = signHash(7n, KEY);
    expect(verifyHash(7n, PUB, sig)).toBe(true);
    expect(verifyHash(8n, PUB, sig)).toBe(false);
    expect(verifyHash(7n, getPublicKey(2n), sig)).toBe(false);
  });

  it('refuses r or s outside [1, n) like the account', () => {
    const sig = signHash(7n, KEY);
    expect(verifyHash(7n, PUB, { r: 0n, s: sig.s })).toBe(false);
    expect(verifyHash(7n, PUB, { r: sig.r, s: 0n })).toBe(false);
    expect(verifyHash(7n, PUB, { r: STARK_CURVE_ORDER, s: sig.s })).toBe(false);
    expect(verifyHash(7n, PUB, { r: sig.r, s: STARK_CURVE_ORDER })).toBe(false);
  });

  it('returns false for a public key that is not on the curve', () => {
    const sig = signHash(7n, KEY);
    expect(verifyHash(7n, 0n, sig)).toBe(false);
  });

  it('formats owner signatures as [r, s] hex', () => {
    const [r, s] = signOwnerHash(7n, KEY);
    const sig = signHash(7n, KEY);
    expect([BigInt(r), BigInt(s)]).toEqual([sig.r, sig.s]);
    expect(r).toMatch(/^0x[0-9a-f]+$/);
  });
});
