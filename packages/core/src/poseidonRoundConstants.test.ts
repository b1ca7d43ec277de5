import { describe, expect, it } from 'vitest';
import { FIELD_PRIME } from './felt.js';
import {
  POSEIDON_FULL_ROUNDS,
  POSEIDON_PARTIAL_ROUNDS,
  poseidonRoundConstants,
} from './poseidonRoundConstants.js';

describe('poseidonRoundConstants', () => {
  const constants = poseidonRoundConstants();

  it('has three constants per round, each a felt', () => {
    expect(constants).toHaveLength(3 * (POSEIDON_FULL_ROUNDS + POSEIDON_PARTIAL_ROUNDS));
    expect(constants.every((c) => c >= 0n && c < FIELD_PRIME)).toBe(true);
    expect(new Set(constants).size).toBe(constants.length);
  });

  it('begin with the first-round constants of the Starknet Poseidon', () => {
    expect(constants[0]).toBe(0x6861759ea556a2339dd92f9562a30b9e58e2ad98109ae4780b7fd8eac77fe6fn);
    expect(constants[1]).toBe(0x3827681995d5af9ffc8397a3d00425a3da43f76abf28a64e4ab1a22f27508c4n);
    expect(constants[2]).toBe(0x3a3956d2fad44d0e7f760a2277dc7cb2cac75dc279b2d687a0dbe17704a8309n);
  });
});
