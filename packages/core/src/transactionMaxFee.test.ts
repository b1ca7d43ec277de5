import { describe, expect, it } from 'vitest';
import { transactionMaxFee } from './transactionMaxFee.js';

describe('transactionMaxFee', () => {
  const bounds = {
    l1_gas: { max_amount: 10n, max_price_per_unit: 100n },
    l2_gas: { max_amount: '0x3e8', max_price_per_unit: 3n },
    l1_data_gas: { max_amount: 2, max_price_per_unit: 50 },
  };

  it('sums amount × price over the bounds plus tip × l2 amount', () => {
    expect(transactionMaxFee(bounds)).toBe(1000n + 3000n + 100n);
    expect(transactionMaxFee(bounds, 7n)).toBe(4100n + 7000n);
  });

  it('accepts bounds without l1_data_gas', () => {
    const { l1_data_gas: _, ...old } = bounds;
    expect(transactionMaxFee(old)).toBe(4000n);
  });

  it('refuses amounts beyond u64', () => {
    expect(() =>
      transactionMaxFee({ ...bounds, l1_gas: { max_amount: 2n ** 64n, max_price_per_unit: 1n } }),
    ).toThrow(/u64/);
  });
});
