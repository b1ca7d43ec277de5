import { FIELD_PRIME } from './felt.js';
import {
  POSEIDON_FULL_ROUNDS,
  POSEIDON_PARTIAL_ROUNDS,
  poseidonRoundConstants,
} from './poseidonRoundConstants.js';

const P = FIELD_PRIME;
const RC: readonly bigint[] = /* @__PURE__ */ poseidonRoundConstants();
const HALF_FULL = POSEIDON_FULL_ROUNDS / 2;
const PARTIAL_END = HALF_FULL + POSEIDON_PARTIAL_ROUNDS;
const ROUNDS = POSEIDON_FULL_ROUNDS + POSEIDON_PARTIAL_ROUNDS;

/**
 * Starknet's Hades permutation of the state `[s0, s1, s2]` (felts), returned as a new state.
 *
 * Written for native bigints, where a modular reduction costs several multiplications: every
 * operation is exact integer arithmetic, so intermediate values may be left unreduced (even
 * negative) without changing the result modulo p. Each S-box is one reduction (`x·x·x mod p`),
 * and in the partial rounds, where only `s2` passes the S-box, `s0` and `s1` are reduced only
 * every fourth round to bound their growth. The final state is brought back to `[0, p)`.
 * The MDS matrix `[[3,1,1],[1,-1,1],[1,1,-2]]` is applied as `t = s0+s1+s2; (t+2s0, t-2s1, t-3s2)`.
 */
export function hadesPermutation(s0: bigint, s1: bigint, s2: bigint): [bigint, bigint, bigint] {
  let k = 0;
  let t: bigint;
  for (let r = 0; r < ROUNDS; r++) {
    s0 += RC[k++] as bigint;
    s1 += RC[k++] as bigint;
    s2 += RC[k++] as bigint;
    if (r < HALF_FULL || r >= PARTIAL_END) {
      s0 = (s0 * s0 * s0) % P;
      s1 = (s1 * s1 * s1) % P;
    } else if (((r - HALF_FULL) & 3) === 3) {
      s0 %= P;
      s1 %= P;
    }
    s2 = (s2 * s2 * s2) % P;
    t = s0 + s1 + s2;
    s0 = t + 2n * s0;
    s1 = t - 2n * s1;
    s2 = t - 3n * s2;
  }
  return [mod(s0), mod(s1), mod(s2)];
}

function mod(x: bigint): bigint {
  const r = x % P;
  return r < 0n ? r + P : r;
}
