import type { Devnet } from './startDevnet.ts';

/** Sets the time of the next block (unix seconds) and mines a block at that time. */
export async function setTime(devnet: Devnet, unixSeconds: number): Promise<void> {
  await devnet.cheats.setTime(unixSeconds, { generateBlock: true });
}

/** Moves the chain's clock forward and mines a block. */
export async function increaseTime(devnet: Devnet, seconds: number): Promise<void> {
  await devnet.cheats.increaseTime(seconds);
}

/** Timestamp of the latest block. */
export async function latestBlockTime(devnet: Devnet): Promise<number> {
  const block = await devnet.provider.getBlockWithTxHashes('latest');
  return Number(block.timestamp);
}
