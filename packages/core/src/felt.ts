import { invalidInput } from './ChipiSessionError.js';

/** A felt or integer as callers give it: bigint, safe integer, `0x` hex string or decimal string. */
export type FeltLike = bigint | number | string;

/** The Starknet field prime `2^251 + 17·2^192 + 1`; every felt is in `[0, FIELD_PRIME)`. */
export const FIELD_PRIME: bigint = 2n ** 251n + 17n * 2n ** 192n + 1n;

const HEX = /^0x[0-9a-f]+$/i;
const DECIMAL = /^[0-9]+$/;

/**
 * Parses a non-negative integer from a bigint, a safe integer, a `0x` hex string or a decimal
 * string. Anything else (negative, fractional, empty, non-numeric text) is an `INVALID_INPUT`
 * error; text is never encoded as a short string by accident.
 */
export function parseInteger(value: FeltLike, name = 'value'): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n) throw invalidInput(`${name} must not be negative`, { name, value });
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw invalidInput(`${name} must be a non-negative safe integer`, { name, value });
    }
    return BigInt(value);
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (HEX.test(text) || DECIMAL.test(text)) return BigInt(text);
  }
  throw invalidInput(`${name} is not an integer: ${String(value)}`, { name, value });
}

/** Parses a felt (an integer in `[0, FIELD_PRIME)`). */
export function parseFelt(value: FeltLike, name = 'value'): bigint {
  const n = parseInteger(value, name);
  if (n >= FIELD_PRIME)
    throw invalidInput(`${name} is not a felt (>= field prime)`, { name, value });
  return n;
}

/** Parses an unsigned integer of `bits` bits (u8, u32, u64, u128, ...). */
export function parseUint(value: FeltLike, bits: number, name = 'value'): bigint {
  const n = parseInteger(value, name);
  if (n >= 1n << BigInt(bits)) {
    throw invalidInput(`${name} does not fit u${bits}`, { name, value, bits });
  }
  return n;
}

/** Parses a non-zero felt (keys, addresses, selectors). */
export function parseNonZeroFelt(value: FeltLike, name = 'value'): bigint {
  const n = parseFelt(value, name);
  if (n === 0n) throw invalidInput(`${name} must not be zero`, { name, value });
  return n;
}

/** Canonical felt text: lowercase `0x` hex without leading zeros (`0x0` for zero). */
export function toFeltHex(value: FeltLike): string {
  return `0x${parseFelt(value).toString(16)}`;
}

/** Felt text padded to 64 hex digits (the usual address form). */
export function toPaddedHex(value: FeltLike): string {
  return `0x${parseFelt(value).toString(16).padStart(64, '0')}`;
}

/** Numeric equality of two felts, whatever their text form (`0x00ab` equals `0xAB` equals `171`). */
export function feltEquals(a: FeltLike, b: FeltLike): boolean {
  return parseFelt(a) === parseFelt(b);
}

/** Converts a u64-or-smaller value to a JS number, refusing values above 2^53 - 1. */
export function toSafeNumber(value: bigint, name = 'value'): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw invalidInput(`${name} exceeds Number.MAX_SAFE_INTEGER`, { name, value });
  }
  return Number(value);
}
