import { describe, expect, it } from 'vitest';
import { decodeSpendingPolicy } from './spendingPolicy.js';

describe('decodeSpendingPolicy', () => {
  it('decodes the 11-felt SpendingPolicyView with u256 limbs', () => {
    expect(
      decodeSpendingPolicy([
        '0x1',
        '0x64',
        '0x0',
        '0x5',
        '0x1',
        '0xe10',
        '0x3',
        '0x0',
        '0x2',
        '0x1',
        '0x6553f100',
      ]),
    ).toEqual({
      exists: true,
      maxPerCall: 100n,
      maxPerWindow: 2n ** 128n + 5n,
      windowSeconds: 3600,
      spentInWindow: 3n,
      remainingInWindow: 2n ** 128n + 2n,
      nextReleaseAt: 1_700_000_000,
    });
  });

  it('decodes a missing policy as exists: false', () => {
    expect(decodeSpendingPolicy(Array(11).fill('0x0')).exists).toBe(false);
  });

  it('refuses wrong lengths and limbs beyond u128', () => {
    expect(() => decodeSpendingPolicy(Array(8).fill('0x0'))).toThrow(/11 felts/);
    const bad = Array(11).fill('0x0');
    bad[1] = `0x1${'0'.repeat(32)}`;
    expect(() => decodeSpendingPolicy(bad)).toThrow(/u128/);
  });
});
