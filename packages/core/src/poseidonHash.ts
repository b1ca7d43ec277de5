import { invalidInput } from './ChipiSessionError.js';
import { FIELD_PRIME } from './felt.js';
import { hadesPermutation } from './hadesPermutation.js';

/** Starknet's `poseidon_hash(x, y)`: the first element of `hades([x, y, 2])`. */
export function poseidonHash(x: bigint, y: bigint): bigint {
  return hadesPermutation(felt(x), felt(y), 2n)[0];
}

/** Starknet's `poseidon_hash_single(x)`: the first element of `hades([x, 0, 1])`. */
export function poseidonHashSingle(x: bigint): bigint {
  return hadesPermutation(felt(x), 0n, 1n)[0];
}

/**
 * Starknet's `poseidon_hash_many(values)`: the values followed by `1`, padded with `0` to an even
 * length, absorbed two at a time into a zero state (rate 2, capacity 1); the result is `s0`.
 */
export function poseidonHashMany(values: readonly bigint[]): bigint {
  let s0 = 0n;
  let s1 = 0n;
  let s2 = 0n;
  const n = values.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    [s0, s1, s2] = hadesPermutation(
      s0 + felt(values[i] as bigint),
      s1 + felt(values[i + 1] as bigint),
      s2,
    );
  }
  // With the padding, an odd tail `v` is absorbed as `(v, 1)` and an even length as `(1, 0)`.
  if (i < n) [s0, s1, s2] = hadesPermutation(s0 + felt(values[i] as bigint), s1 + 1n, s2);
  else [s0, s1, s2] = hadesPermutation(s0 + 1n, s1, s2);
  return s0;
}

function felt(value: bigint): bigint {
  if (typeof value !== 'bigint' || value < 0n || value >= FIELD_PRIME) {
    throw invalidInput(`poseidon input is not a felt: ${String(value)}`, { value });
  }
  return value;
}
