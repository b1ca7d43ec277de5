import { describe, expect, it } from 'vitest';
import { joinU256, splitU256, U128_BOUND, U256_BOUND } from './u256.js';

describe('u256', () => {
  it('splits into 128-bit limbs', () => {
    expect(splitU256(5n)).toEqual({ low: 5n, high: 0n });
    expect(splitU256(U128_BOUND + 3n)).toEqual({ low: 3n, high: 1n });
    expect(splitU256(U256_BOUND - 1n)).toEqual({ low: U128_BOUND - 1n, high: U128_BOUND - 1n });
  });

  it('joins limbs back', () => {
    expect(joinU256('0x3', '0x1')).toBe(U128_BOUND + 3n);
  });

  it('refuses values and limbs out of range', () => {
    expect(() => splitU256(U256_BOUND)).toThrow(/u256/);
    expect(() => joinU256(U128_BOUND, 0)).toThrow(/u128/);
    expect(() => joinU256(0, U128_BOUND)).toThrow(/u128/);
  });
});
