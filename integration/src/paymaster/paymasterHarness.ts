import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type PaymasterServerOptions,
  type RunningPaymaster,
  startPaymasterServer,
} from '@chipi-sessions/paymaster';
import { SqlitePaymasterStore } from '@chipi-sessions/paymaster/sqlite';
import { Account, PaymasterRpc, RpcError, type SignerInterface } from 'starknet';
import { expect } from 'vitest';
import { predeployedAccounts } from '../devnet/predeployedAccounts.ts';
import { type Devnet, startDevnet } from '../devnet/startDevnet.ts';

export const STRK = '0x04718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d';
export const API_KEY = 'paymaster-test-key-0001';
/** 1 STRK in fri. */
export const ONE_STRK = 10n ** 18n;

/** A devnet, a paymaster on a SQLite file whose relayer is predeployed account 0. */
export interface PaymasterWorld {
  devnet: Devnet;
  /** Predeployed accounts 1.. (0 is the relayer). */
  accounts: Account[];
  relayer: string;
  paymaster: RunningPaymaster;
  store: SqlitePaymasterStore;
  /** starknet.js's SNIP-29 client of this paymaster with `apiKey` (default `API_KEY`). */
  client(apiKey?: string): PaymasterRpc;
  /** An account of `address` that uses this paymaster. */
  paymasterAccount(address: string, signer: string | SignerInterface, apiKey?: string): Account;
  strkBalance(address: string): Promise<bigint>;
  stop(): Promise<void>;
}

export async function startPaymasterWorld(
  options: Partial<PaymasterServerOptions> = {},
): Promise<PaymasterWorld> {
  const devnet = await startDevnet();
  const dir = mkdtempSync(join(tmpdir(), 'paymaster-'));
  try {
    const predeployed = await devnet.cheats.getPredeployedAccounts();
    const relayer = predeployed[0]!;
    const store = new SqlitePaymasterStore(join(dir, 'ledger.sqlite'));
    const paymaster = await startPaymasterServer({
      provider: devnet.provider,
      relayers: [{ address: relayer.address, privateKey: relayer.private_key }],
      apiKeys: [
        { key: API_KEY, name: 'test', budgetFri: 100n * ONE_STRK, rateLimit: false },
        { key: 'paymaster-poor-key-0001', name: 'poor', budgetFri: 1n, rateLimit: false },
      ],
      store,
      ...options,
    });
    const client = (apiKey = API_KEY) =>
      new PaymasterRpc({ nodeUrl: paymaster.url, headers: { 'x-paymaster-api-key': apiKey } });
    const accounts = (await predeployedAccounts(devnet)).slice(1);
    return {
      devnet,
      accounts,
      relayer: relayer.address,
      paymaster,
      store,
      client,
      paymasterAccount: (address, signer, apiKey) =>
        new Account({ provider: devnet.provider, address, signer, paymaster: client(apiKey) }),
      strkBalance: async (address) => {
        const [low, high] = await devnet.provider.callContract({
          contractAddress: STRK,
          entrypoint: 'balance_of',
          calldata: [address],
        });
        return BigInt(low!) + (BigInt(high!) << 128n);
      },
      stop: async () => {
        await paymaster.close();
        await devnet.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await devnet.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A STRK transfer call. */
export function strkTransfer(to: string, amount: bigint) {
  return {
    contractAddress: STRK,
    entrypoint: 'transfer',
    calldata: [to, (amount & ((1n << 128n) - 1n)).toString(), (amount >> 128n).toString()],
  };
}

/** Runs `action` and returns the SNIP-29 error it must fail with (`{ code, message, data }`). */
export async function paymasterRefusal(
  action: () => Promise<unknown>,
): Promise<{ code: number; message: string; data?: unknown }> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'the paymaster accepted the request').toBeInstanceOf(RpcError);
  return (caught as RpcError).baseError as { code: number; message: string; data?: unknown };
}
