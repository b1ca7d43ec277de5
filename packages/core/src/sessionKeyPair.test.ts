import { ec } from 'starknet';
import { describe, expect, it } from 'vitest';
import { isChipiSessionError } from './ChipiSessionError.js';
import { createSessionKeyPair, getPublicKey } from './sessionKeyPair.js';
import { STARK_CURVE_ORDER } from './starkCurve.js';

const fixed = (byte: number) => (n: number) => new Uint8Array(n).fill(byte);

describe('createSessionKeyPair', () => {
  it('derives the public key as the Stark key (x coordinate)', () => {
    const pair = createSessionKeyPair();
    expect(BigInt(pair.publicKey)).toBe(BigInt(ec.starkCurve.getStarkKey(pair.privateKey)));
    expect(pair.privateKey).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('is deterministic with an injected random source and stays in [1, n)', () => {
    const a = createSessionKeyPair({ random: fixed(0xff) });
    expect(createSessionKeyPair({ random: fixed(0xff) })).toEqual(a);
    expect(BigInt(a.privateKey)).toBeLessThan(STARK_CURVE_ORDER);
    expect(BigInt(createSessionKeyPair({ random: fixed(0) }).privateKey)).toBe(1n);
  });

  it('gives different keys on each default call', () => {
    expect(createSessionKeyPair().privateKey).not.toBe(createSessionKeyPair().privateKey);
  });

  it('reports a broken random source as SESSION_CREATION_FAILED', () => {
    for (const random of [
      () => new Uint8Array(3),
      () => {
        throw new Error('no entropy');
      },
    ]) {
      try {
        createSessionKeyPair({ random });
        expect.unreachable();
      } catch (e) {
        expect(isChipiSessionError(e, 'SESSION_CREATION_FAILED')).toBe(true);
      }
    }
  });
});

describe('getPublicKey', () => {
  it('matches starknet.js and normalizes the private key form', () => {
    expect(getPublicKey('0x1')).toBe(ec.starkCurve.getStarkKey('0x1'));
    expect(getPublicKey(1n)).toBe(
      getPublicKey('0x0000000000000000000000000000000000000000000000000000000000000001'),
    );
  });

  it('refuses zero and keys at or above the curve order', () => {
    expect(() => getPublicKey(0)).toThrow(/privateKey/);
    expect(() => getPublicKey(STARK_CURVE_ORDER)).toThrow(/privateKey/);
  });
});
