import { poseidonSmall } from '@scure/starknet';
import { describe, expect, it } from 'vitest';
import { FIELD_PRIME } from './felt.js';
import { hadesPermutation } from './hadesPermutation.js';
import { xorshift32 } from './testing/xorshift32.js';

const P = FIELD_PRIME;

describe('hadesPermutation', () => {
  const next = xorshift32(0x5eed);
  const felt = () => {
    let v = 0n;
    for (let i = 0; i < 8; i++) v = (v << 32n) | BigInt(next());
    return v % P;
  };
  const edges = [0n, 1n, 2n, P - 2n, P - 1n];
  const states: [bigint, bigint, bigint][] = [];
  for (const a of edges) for (const b of edges) for (const c of edges) states.push([a, b, c]);
  for (let i = 0; i < 100; i++) states.push([felt(), felt(), felt()]);

  it('equals the reference permutation on edge and seeded random states', () => {
    for (const [a, b, c] of states) {
      expect(hadesPermutation(a, b, c)).toEqual(poseidonSmall([a, b, c]));
    }
  });

  it('returns felts in [0, p)', () => {
    for (const [a, b, c] of states) {
      for (const v of hadesPermutation(a, b, c)) expect(v >= 0n && v < P).toBe(true);
    }
  });
});
