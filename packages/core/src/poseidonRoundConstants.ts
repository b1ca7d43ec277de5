import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { FIELD_PRIME } from './felt.js';

/** Full rounds of Starknet's Hades permutation (half before, half after the partial rounds). */
export const POSEIDON_FULL_ROUNDS = 8;
/** Partial rounds of Starknet's Hades permutation (S-box on the last state element only). */
export const POSEIDON_PARTIAL_ROUNDS = 83;

/**
 * Starknet's Hades round constants, flattened as `[round0[0], round0[1], round0[2], round1[0], …]`:
 * constant `i` is `sha256('Hades' + i)` (the decimal index, ASCII) read big-endian, mod the field
 * prime. They are derived here rather than listed so the definition is the only source.
 */
export function poseidonRoundConstants(): bigint[] {
  const count = 3 * (POSEIDON_FULL_ROUNDS + POSEIDON_PARTIAL_ROUNDS);
  const constants: bigint[] = [];
  for (let i = 0; i < count; i++) {
    constants.push(BigInt(`0x${bytesToHex(sha256(utf8ToBytes(`Hades${i}`)))}`) % FIELD_PRIME);
  }
  return constants;
}
