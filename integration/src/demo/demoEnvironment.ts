import { type RunningPaymaster, startPaymasterServer } from '@chipi-sessions/paymaster';
import { Account, RpcProvider } from 'starknet';
import { predeployedAccounts } from '../devnet/predeployedAccounts.ts';
import { type Devnet, startDevnet } from '../devnet/startDevnet.ts';
import { LOCAL_PAYMASTER_API_KEY, startLocalPaymaster } from '../paymaster/startLocalPaymaster.ts';

export const STRK_TOKEN = '0x04718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d';

export interface DemoEnvironment {
  label: string;
  provider: RpcProvider;
  /** A funded account that declares, deploys and pays for the wallet's first fees. */
  sponsor: Account;
  /** Sends STRK for fees to an address. */
  fundStrk(address: string, amount: bigint): Promise<void>;
  /** Starts our SNIP-29 paymaster on this network; `close()` stops it. */
  startPaymaster(): Promise<{ url: string; apiKey: string; relayer: string }>;
  close(): Promise<void>;
}

/**
 * Where the demo runs: an embedded devnet by default, or `--rpc URL` with a funded sponsor
 * account taken from CHIPI_SPONSOR_ADDRESS / CHIPI_SPONSOR_PRIVATE_KEY. The paymaster relays
 * with devnet's second predeployed account, or on a real network with the sponsor account.
 */
export async function demoEnvironment(rpcUrl: string | undefined): Promise<DemoEnvironment> {
  if (!rpcUrl) return devnetEnvironment(await startDevnet());
  const address = process.env.CHIPI_SPONSOR_ADDRESS;
  const privateKey = process.env.CHIPI_SPONSOR_PRIVATE_KEY;
  if (!address || !privateKey) {
    throw new Error(
      '--rpc needs CHIPI_SPONSOR_ADDRESS and CHIPI_SPONSOR_PRIVATE_KEY (a funded account)',
    );
  }
  const provider = new RpcProvider({ nodeUrl: rpcUrl });
  let paymaster: RunningPaymaster | undefined;
  const sponsor = new Account({ provider, address, signer: privateKey });
  return {
    label: rpcUrl,
    provider,
    sponsor,
    async fundStrk(to, amount) {
      const tx = await sponsor.execute({
        contractAddress: STRK_TOKEN,
        entrypoint: 'transfer',
        calldata: [to, amount, 0n],
      });
      await provider.waitForTransaction(tx.transaction_hash);
    },
    async startPaymaster() {
      paymaster = await startPaymasterServer({
        provider,
        relayers: [{ address, privateKey }],
        apiKeys: [{ key: LOCAL_PAYMASTER_API_KEY, name: 'demo', budgetFri: 10n ** 19n }],
      });
      return { url: paymaster.url, apiKey: LOCAL_PAYMASTER_API_KEY, relayer: address };
    },
    async close() {
      await paymaster?.close();
    },
  };
}

async function devnetEnvironment(devnet: Devnet): Promise<DemoEnvironment> {
  const [sponsor, relayer] = await predeployedAccounts(devnet);
  let paymaster: RunningPaymaster | undefined;
  return {
    label: `starknet-devnet at ${devnet.url}`,
    provider: devnet.provider,
    sponsor: sponsor!,
    async fundStrk(to, amount) {
      await devnet.cheats.mint(to, amount, 'FRI');
    },
    async startPaymaster() {
      paymaster = await startLocalPaymaster(devnet, { relayerIndex: 1 });
      return { url: paymaster.url, apiKey: LOCAL_PAYMASTER_API_KEY, relayer: relayer!.address };
    },
    async close() {
      await paymaster?.close();
      await devnet.stop();
    },
  };
}
