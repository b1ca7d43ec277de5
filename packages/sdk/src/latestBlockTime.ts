import type { RpcProvider } from 'starknet';

/** Timestamp (unix seconds) of the latest block: the clock the pre-flight checks use. */
export async function latestBlockTime(provider: RpcProvider): Promise<number> {
  const block = await provider.getBlockWithTxHashes('latest');
  return Number(block.timestamp);
}
