import { describe, expect, it } from 'vitest';
import { sumResourceBounds } from './sumResourceBounds.js';

const bound = (amount: bigint, price: bigint) => ({
  max_amount: amount,
  max_price_per_unit: price,
});

describe('sumResourceBounds', () => {
  it('adds the amounts and keeps the highest unit price of each resource', () => {
    const a = { l1_gas: bound(1n, 5n), l2_gas: bound(100n, 7n), l1_data_gas: bound(3n, 2n) };
    const b = { l1_gas: bound(2n, 4n), l2_gas: bound(250n, 9n), l1_data_gas: bound(0n, 2n) };
    expect(sumResourceBounds([a, b])).toEqual({
      l1_gas: bound(3n, 5n),
      l2_gas: bound(350n, 9n),
      l1_data_gas: bound(3n, 2n),
    });
    expect(sumResourceBounds([a])).toEqual(a);
  });
});
