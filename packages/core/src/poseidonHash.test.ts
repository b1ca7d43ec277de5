import { poseidonHashSingle as scurePoseidonHashSingle } from '@scure/starknet';
import { hash } from 'starknet';
import { describe, expect, it } from 'vitest';
import { isChipiSessionError } from './ChipiSessionError.js';
import { FIELD_PRIME } from './felt.js';
import { poseidonHash, poseidonHashMany, poseidonHashSingle } from './poseidonHash.js';
import { xorshift32 } from './testing/xorshift32.js';

const P = FIELD_PRIME;

const reference = (values: bigint[]) => BigInt(hash.computePoseidonHashOnElements(values));

describe('poseidonHash', () => {
  it('matches known Starknet vectors', () => {
    // poseidon_hash(1, 2), poseidon_hash_many([]) and poseidon_hash_many([1, 2, 3]).
    expect(poseidonHash(1n, 2n)).toBe(
      0x5d44a3decb2b2e0cc71071f7b802f45dd792d064f0fc7316c46514f70f9891an,
    );
    expect(poseidonHashMany([])).toBe(
      0x2272be0f580fd156823304800919530eaa97430e972d7213ee13f4fbf7a5dbcn,
    );
    expect(poseidonHashMany([1n, 2n, 3n])).toBe(
      0x2f0d8840bcf3bc629598d8a6cc80cb7c0d9e52d93dab244bbf9cd0dca0ad082n,
    );
  });

  it('matches starknet.js on edge values', () => {
    const edges = [0n, 1n, P - 1n];
    for (const a of edges) {
      expect(poseidonHashSingle(a)).toBe(scurePoseidonHashSingle(a));
      for (const b of edges) {
        expect(poseidonHash(a, b)).toBe(BigInt(hash.computePoseidonHash(a, b)));
        expect(poseidonHashMany([a, b])).toBe(reference([a, b]));
        expect(poseidonHashMany([a, b, a])).toBe(reference([a, b, a]));
      }
    }
  });

  it('matches starknet.js on 400 seeded random inputs of 0..20 elements', () => {
    const next = xorshift32(0xc0ffee);
    const felt = () => {
      const kind = next() % 8;
      if (kind === 0) return 0n;
      if (kind === 1) return P - 1n - BigInt(next() % 4);
      let v = 0n;
      for (let i = 0; i < 8; i++) v = (v << 32n) | BigInt(next());
      return v % P;
    };
    for (let i = 0; i < 400; i++) {
      const values = Array.from({ length: next() % 21 }, felt);
      expect(poseidonHashMany(values)).toBe(reference(values));
      const [a = 0n, b = 0n] = values;
      expect(poseidonHash(a, b)).toBe(BigInt(hash.computePoseidonHash(a, b)));
    }
  });

  it('refuses values that are not felts', () => {
    for (const bad of [P, -1n]) {
      expect(() => poseidonHash(bad, 0n)).toThrow();
      expect(() => poseidonHashMany([0n, bad])).toThrow();
      let thrown: unknown;
      try {
        poseidonHashSingle(bad);
      } catch (error) {
        thrown = error;
      }
      expect(isChipiSessionError(thrown, 'INVALID_INPUT')).toBe(true);
    }
  });
});
