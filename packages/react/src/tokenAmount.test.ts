import { isChipiSessionError } from '@chipi-sessions/core';
import { describe, expect, it } from 'vitest';
import { formatTokenAmount, parseTokenAmount } from './tokenAmount.js';

describe('token amounts', () => {
  it('parses human USDC into base units and formats it back with every decimal', () => {
    expect(parseTokenAmount('0.10')).toBe(100_000n);
    expect(parseTokenAmount('12')).toBe(12_000_000n);
    expect(parseTokenAmount('0.000001')).toBe(1n);
    expect(formatTokenAmount(30_000n)).toBe('0.030000');
    expect(formatTokenAmount(12_000_001n)).toBe('12.000001');
    expect(formatTokenAmount(5n, 0)).toBe('5');
  });

  it('refuses negative, signed, exponent and over-precise amounts with INVALID_INPUT', () => {
    for (const bad of ['-1', '+1', '1e3', '0.0000001', '', 'abc', '1.2.3']) {
      let error: unknown;
      try {
        parseTokenAmount(bad);
      } catch (e) {
        error = e;
      }
      expect(isChipiSessionError(error, 'INVALID_INPUT')).toBe(true);
    }
  });
});
