import { type FeltLike, parseUint } from './felt.js';

/** One resource bound of a V3 transaction, in the RPC field names. */
export interface ResourceBound {
  max_amount: FeltLike;
  max_price_per_unit: FeltLike;
}

/** The resource bounds of a V3 transaction (`l1_data_gas` is absent before RPC 0.8). */
export interface ResourceBounds {
  l1_gas: ResourceBound;
  l2_gas: ResourceBound;
  l1_data_gas?: ResourceBound;
}

/**
 * The most a V3 transaction can pay, as the session fee cap counts it:
 * `Σ max_amount × max_price_per_unit` over the bounds, plus `tip × l2_gas.max_amount`.
 * Amounts are u64 and prices u128, as in the protocol.
 */
export function transactionMaxFee(bounds: ResourceBounds, tip: FeltLike = 0n): bigint {
  const cost = (b: ResourceBound, name: string) =>
    parseUint(b.max_amount, 64, `${name}.max_amount`) *
    parseUint(b.max_price_per_unit, 128, `${name}.max_price_per_unit`);
  let total = cost(bounds.l1_gas, 'l1_gas') + cost(bounds.l2_gas, 'l2_gas');
  if (bounds.l1_data_gas !== undefined) total += cost(bounds.l1_data_gas, 'l1_data_gas');
  return (
    total + parseUint(tip, 64, 'tip') * parseUint(bounds.l2_gas.max_amount, 64, 'l2_gas.max_amount')
  );
}
