import type { ResourceBoundsBN } from 'starknet';

type Resource = 'l1_gas' | 'l2_gas' | 'l1_data_gas';

/**
 * Bounds for one transaction that does the work of several: the amounts add up, each unit price
 * is the highest of them. An upper bound, since the transaction validates once, not once per part.
 */
export function sumResourceBounds(bounds: readonly ResourceBoundsBN[]): ResourceBoundsBN {
  const total = (key: Resource) => {
    let amount = 0n;
    let price = 0n;
    for (const b of bounds) {
      amount += b[key].max_amount;
      if (b[key].max_price_per_unit > price) price = b[key].max_price_per_unit;
    }
    return { max_amount: amount, max_price_per_unit: price };
  };
  return { l1_gas: total('l1_gas'), l2_gas: total('l2_gas'), l1_data_gas: total('l1_data_gas') };
}
