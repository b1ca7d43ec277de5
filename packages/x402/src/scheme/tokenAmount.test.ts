import { describe, expect, it } from 'vitest';
import { formatTokenAmount, parseTokenAmount } from './tokenAmount.js';

describe('token amounts', () => {
  it('parses human amounts into base units and refuses what does not fit', () => {
    expect(parseTokenAmount('0.10', 6)).toBe(100_000n);
    expect(parseTokenAmount('1', 6)).toBe(1_000_000n);
    expect(parseTokenAmount('12.000001', 6)).toBe(12_000_001n);
    for (const bad of ['0.0000001', '-1', '1e3', ' 1', '', '.5', '0x10']) {
      expect(() => parseTokenAmount(bad, 6)).toThrow(
        expect.objectContaining({ code: 'invalid_configuration' }),
      );
    }
  });

  it('formats base units with at least two fraction digits', () => {
    expect(formatTokenAmount(100_000n, 6)).toBe('0.10');
    expect(formatTokenAmount(1_234_567n, 6)).toBe('1.234567');
    expect(formatTokenAmount(5n, 6)).toBe('0.000005');
    expect(formatTokenAmount(7n, 0)).toBe('7');
  });
});
