import { describe, expect, it } from 'vitest';
import { isChipiSessionError } from './ChipiSessionError.js';
import {
  FIELD_PRIME,
  feltEquals,
  parseFelt,
  parseInteger,
  parseNonZeroFelt,
  parseUint,
  toFeltHex,
  toPaddedHex,
  toSafeNumber,
} from './felt.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isChipiSessionError(e) ? e.code : 'other';
  }
  return undefined;
}

describe('parseInteger', () => {
  it('accepts bigint, safe integers, hex and decimal strings', () => {
    expect(parseInteger(5n)).toBe(5n);
    expect(parseInteger(5)).toBe(5n);
    expect(parseInteger('0x0A')).toBe(10n);
    expect(parseInteger('  42 ')).toBe(42n);
  });

  it('refuses negative, fractional, unsafe and textual input with INVALID_INPUT', () => {
    for (const bad of [-1n, -1, 1.5, 2 ** 60, 'transfer', '', '0x', '-3', '1e3'] as const) {
      expect(codeOf(() => parseInteger(bad))).toBe('INVALID_INPUT');
    }
  });
});

describe('parseFelt / parseUint / parseNonZeroFelt', () => {
  it('bounds felts by the field prime', () => {
    expect(parseFelt(FIELD_PRIME - 1n)).toBe(FIELD_PRIME - 1n);
    expect(codeOf(() => parseFelt(FIELD_PRIME))).toBe('INVALID_INPUT');
  });

  it('bounds uints by their width', () => {
    expect(parseUint(2n ** 64n - 1n, 64)).toBe(2n ** 64n - 1n);
    expect(codeOf(() => parseUint(2n ** 64n, 64))).toBe('INVALID_INPUT');
    expect(codeOf(() => parseUint(256, 8))).toBe('INVALID_INPUT');
  });

  it('refuses zero where a non-zero felt is required', () => {
    expect(codeOf(() => parseNonZeroFelt('0x000'))).toBe('INVALID_INPUT');
    expect(parseNonZeroFelt('0x1')).toBe(1n);
  });
});

describe('felt text', () => {
  it('normalizes to lowercase unpadded hex and padded hex', () => {
    expect(toFeltHex('0x00AbC')).toBe('0xabc');
    expect(toFeltHex(0)).toBe('0x0');
    expect(toPaddedHex(1)).toBe(`0x${'0'.repeat(63)}1`);
  });

  it('compares felts numerically, never as strings', () => {
    expect(feltEquals('0x00ab', '0xAB')).toBe(true);
    expect(feltEquals('171', '0xab')).toBe(true);
    expect(feltEquals('0xab', '0xac')).toBe(false);
  });

  it('converts to safe numbers only below 2^53', () => {
    expect(toSafeNumber(2n ** 53n - 1n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(codeOf(() => toSafeNumber(2n ** 53n))).toBe('INVALID_INPUT');
  });
});
