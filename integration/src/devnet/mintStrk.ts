import type { Devnet } from './startDevnet.ts';

/** Mints STRK (fri) to any address through devnet's faucet; returns the new balance. */
export async function mintStrk(devnet: Devnet, address: string, amount: bigint): Promise<bigint> {
  const response = await devnet.cheats.mint(address, amount, 'FRI');
  return BigInt(response.new_balance);
}
