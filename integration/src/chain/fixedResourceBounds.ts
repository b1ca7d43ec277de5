import type { RpcProvider } from 'starknet';

/** The V3 resource bounds starknet.js takes (`execute(calls, { resourceBounds })`). */
export interface FixedResourceBounds {
  l1_gas: { max_amount: bigint; max_price_per_unit: bigint };
  l2_gas: { max_amount: bigint; max_price_per_unit: bigint };
  l1_data_gas: { max_amount: bigint; max_price_per_unit: bigint };
}

/**
 * Generous bounds derived from the latest block's gas prices. Passing them to `execute` skips fee
 * estimation, so a transaction the account would refuse is still submitted and the node's
 * validation (or `__execute__`) is what refuses it.
 */
export async function fixedResourceBounds(provider: RpcProvider): Promise<FixedResourceBounds> {
  const block = (await provider.getBlockWithTxHashes('latest')) as unknown as {
    l1_gas_price: { price_in_fri: string };
    l2_gas_price: { price_in_fri: string };
    l1_data_gas_price: { price_in_fri: string };
  };
  const price = (p: { price_in_fri: string }) => BigInt(p.price_in_fri) * 2n + 1n;
  return {
    l1_gas: { max_amount: 0n, max_price_per_unit: price(block.l1_gas_price) },
    l2_gas: { max_amount: 60_000_000n, max_price_per_unit: price(block.l2_gas_price) },
    l1_data_gas: { max_amount: 10_000n, max_price_per_unit: price(block.l1_data_gas_price) },
  };
}
