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
/** A key whose budget (1 fri) pays for nothing. */
export const POOR_API_KEY = 'paymaster-poor-key-0001';
/** 1 STRK in fri. */
export const ONE_STRK = 10n ** 18n;

/** Our paymaster on a devnet, its ledger on a SQLite file, and clients of it. */
export interface TestPaymaster {
  paymaster: RunningPaymaster;
  store: SqlitePaymasterStore;
  relayer: string;
  /** starknet.js's SNIP-29 client of this paymaster with `apiKey` (default `API_KEY`). */
  client(apiKey?: string): PaymasterRpc;
  /** A starknet.js account of `address` that uses this paymaster. */
  paymasterAccount(address: string, signer: string | SignerInterface, apiKey?: string): Account;
  strkBalance(address: string): Promise<bigint>;
  stop(): Promise<void>;
}

/**
 * Starts the paymaster on `devnet` with predeployed account `relayerIndex` as its relayer and
 * two keys: `API_KEY` (100 STRK, named `test`) and `POOR_API_KEY` (1 fri, named `poor`).
 */
export async function startTestPaymaster(
  devnet: Devnet,
  options: Partial<PaymasterServerOptions> & { relayerIndex?: number } = {},
): Promise<TestPaymaster> {
  const { relayerIndex = 0, ...serverOptions } = options;
  const dir = mkdtempSync(join(tmpdir(), 'paymaster-'));
  const predeployed = await devnet.cheats.getPredeployedAccounts();
  const relayer = predeployed[relayerIndex]!;
  const store = new SqlitePaymasterStore(join(dir, 'ledger.sqlite'));
  let paymaster: RunningPaymaster;
  try {
    paymaster = await startPaymasterServer({
      provider: devnet.provider,
      relayers: [{ address: relayer.address, privateKey: relayer.private_key }],
      apiKeys: [
        { key: API_KEY, name: 'test', budgetFri: 100n * ONE_STRK, rateLimit: false },
        { key: POOR_API_KEY, name: 'poor', budgetFri: 1n, rateLimit: false },
      ],
      store,
      ...serverOptions,
    });
  } catch (error) {
    store.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const client = (apiKey = API_KEY) =>
    new PaymasterRpc({ nodeUrl: paymaster.url, headers: { 'x-paymaster-api-key': apiKey } });
  return {
    paymaster,
    store,
    relayer: relayer.address,
    client,
    paymasterAccount: (address, signer, apiKey) =>
      new Account({ provider: devnet.provider, address, signer, paymaster: client(apiKey) }),
    strkBalance: (address) => strkBalance(devnet, address),
    stop: async () => {
      await paymaster.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A devnet with the test paymaster (relayer: predeployed account 0). */
export interface PaymasterWorld extends TestPaymaster {
  devnet: Devnet;
  /** Predeployed accounts 1.. (0 is the relayer). */
  accounts: Account[];
  /** Private keys of `accounts`, in order. */
  privateKeys: string[];
}

export async function startPaymasterWorld(
  options: Partial<PaymasterServerOptions> = {},
): Promise<PaymasterWorld> {
  const devnet = await startDevnet();
  try {
    const test = await startTestPaymaster(devnet, options);
    const predeployed = await devnet.cheats.getPredeployedAccounts();
    return {
      ...test,
      devnet,
      accounts: (await predeployedAccounts(devnet)).slice(1),
      privateKeys: predeployed.slice(1).map((a) => a.private_key),
      stop: async () => {
        await test.stop();
        await devnet.stop();
      },
    };
  } catch (error) {
    await devnet.stop();
    throw error;
  }
}

export async function strkBalance(devnet: Devnet, address: string): Promise<bigint> {
  const [low, high] = await devnet.provider.callContract({
    contractAddress: STRK,
    entrypoint: 'balance_of',
    calldata: [address],
  });
  return BigInt(low!) + (BigInt(high!) << 128n);
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
