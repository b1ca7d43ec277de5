import { invalidInput } from './ChipiSessionError.js';
import { type FeltLike, parseInteger, parseUint } from './felt.js';

/** 2^128: the bound of each u256 limb. */
export const U128_BOUND: bigint = 1n << 128n;
/** 2^256: the bound of a u256. */
export const U256_BOUND: bigint = 1n << 256n;

/** A Cairo u256 as its two 128-bit limbs. */
export interface U256 {
  low: bigint;
  high: bigint;
}

/** Splits a value below 2^256 into `{ low, high }` limbs. */
export function splitU256(value: FeltLike, name = 'value'): U256 {
  const n = parseInteger(value, name);
  if (n >= U256_BOUND) throw invalidInput(`${name} does not fit u256`, { name, value });
  return { low: n & (U128_BOUND - 1n), high: n >> 128n };
}

/** Joins two limbs into a u256; each limb must fit u128. */
export function joinU256(low: FeltLike, high: FeltLike, name = 'value'): bigint {
  return (parseUint(high, 128, `${name}.high`) << 128n) | parseUint(low, 128, `${name}.low`);
}
