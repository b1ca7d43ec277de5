import { Account } from 'starknet';
import type { Devnet } from './startDevnet.ts';

/** starknet.js accounts for devnet's predeployed (OpenZeppelin) accounts, in devnet's order. */
export async function predeployedAccounts(devnet: Devnet): Promise<Account[]> {
  const list = await devnet.cheats.getPredeployedAccounts();
  return list.map(
    (entry) =>
      new Account({ provider: devnet.provider, address: entry.address, signer: entry.private_key }),
  );
}
