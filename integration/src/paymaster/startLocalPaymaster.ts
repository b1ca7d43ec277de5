import {
  type PaymasterServerOptions,
  type RunningPaymaster,
  startPaymasterServer,
} from '@chipi-sessions/paymaster';
import type { Devnet } from '../devnet/startDevnet.ts';

/** The API key of `startLocalPaymaster`. */
export const LOCAL_PAYMASTER_API_KEY = 'local-paymaster-key-0001';

/**
 * Our SNIP-29 paymaster on `devnet` for the demo and the benchmarks (no test framework): devnet's
 * predeployed account `relayerIndex` relays and pays, one API key (`LOCAL_PAYMASTER_API_KEY`,
 * 1000 STRK, no rate limit), the ledger in memory.
 */
export async function startLocalPaymaster(
  devnet: Devnet,
  options: Partial<PaymasterServerOptions> & { relayerIndex: number },
): Promise<RunningPaymaster> {
  const { relayerIndex, ...serverOptions } = options;
  const relayer = (await devnet.cheats.getPredeployedAccounts())[relayerIndex];
  if (relayer === undefined) throw new Error(`devnet has no predeployed account #${relayerIndex}`);
  return startPaymasterServer({
    provider: devnet.provider,
    relayers: [{ address: relayer.address, privateKey: relayer.private_key }],
    apiKeys: [
      { key: LOCAL_PAYMASTER_API_KEY, name: 'local', budgetFri: 10n ** 21n, rateLimit: false },
    ],
    ...serverOptions,
  });
}
