import type { RateLimit } from '@chipi-sessions/core';
import type { ApiKeyConfig, RelayerAccountConfig } from './PaymasterOptions.js';

/** Where the command keeps its ledger. */
export type StoreConfig = { sqlite: string } | { postgres: string };

/** What `chipi-paymaster` runs: the JSON config file merged with the environment. */
export interface PaymasterConfig {
  rpcUrl: string;
  host: string;
  port: number;
  relayers: RelayerAccountConfig[];
  apiKeys: ApiKeyConfig[];
  store: StoreConfig;
  maxFeePerTransactionFri: bigint | undefined;
  executionWindowSeconds: number | undefined;
  accountClassHashes: string[] | undefined;
}

/**
 * Reads the command's configuration: `file` (the parsed JSON of `--config`, or `{}`) with the
 * environment on top. Variables: `PAYMASTER_RPC_URL`, `PAYMASTER_HOST`, `PAYMASTER_PORT`,
 * `PAYMASTER_RELAYER_ADDRESS` + `PAYMASTER_RELAYER_PRIVATE_KEY` (one relayer),
 * `PAYMASTER_API_KEY` + `PAYMASTER_API_KEY_BUDGET_FRI` (one key), `PAYMASTER_SQLITE` (a file) or
 * `PAYMASTER_DATABASE_URL` (PostgreSQL), `PAYMASTER_MAX_FEE_FRI`. Throws on anything missing or
 * malformed.
 */
export function paymasterConfig(
  file: unknown,
  env: Record<string, string | undefined>,
): PaymasterConfig {
  const json = (file ?? {}) as Record<string, unknown>;
  if (typeof json !== 'object' || Array.isArray(json))
    throw new Error('the config is not an object');
  const rpcUrl = env.PAYMASTER_RPC_URL ?? json.rpcUrl;
  if (typeof rpcUrl !== 'string' || rpcUrl === '') throw new Error('rpcUrl is missing');
  const host = env.PAYMASTER_HOST ?? json.host ?? '127.0.0.1';
  if (typeof host !== 'string') throw new Error('host is not a string');
  const port = Number(env.PAYMASTER_PORT ?? json.port ?? 4337);
  if (!(Number.isInteger(port) && port >= 0 && port < 65536)) throw new Error('port is not a port');

  const relayers = arrayOf(json.relayers, 'relayers').map((raw, i) => {
    const relayer = raw as Record<string, unknown>;
    if (typeof relayer.address !== 'string' || typeof relayer.privateKey !== 'string') {
      throw new Error(`relayers[${i}] needs address and privateKey`);
    }
    return { address: relayer.address, privateKey: relayer.privateKey };
  });
  if (
    env.PAYMASTER_RELAYER_ADDRESS !== undefined ||
    env.PAYMASTER_RELAYER_PRIVATE_KEY !== undefined
  ) {
    if (!env.PAYMASTER_RELAYER_ADDRESS || !env.PAYMASTER_RELAYER_PRIVATE_KEY) {
      throw new Error('set both PAYMASTER_RELAYER_ADDRESS and PAYMASTER_RELAYER_PRIVATE_KEY');
    }
    relayers.push({
      address: env.PAYMASTER_RELAYER_ADDRESS,
      privateKey: env.PAYMASTER_RELAYER_PRIVATE_KEY,
    });
  }
  if (relayers.length === 0) throw new Error('no relayer account is configured');

  const apiKeys: ApiKeyConfig[] = arrayOf(json.apiKeys, 'apiKeys').map((raw, i) => {
    const key = raw as Record<string, unknown>;
    if (typeof key.key !== 'string') throw new Error(`apiKeys[${i}].key is not a string`);
    if (typeof key.budgetFri !== 'string' && typeof key.budgetFri !== 'number') {
      throw new Error(`apiKeys[${i}].budgetFri must be a decimal string`);
    }
    return {
      key: key.key,
      budgetFri: BigInt(key.budgetFri),
      ...(typeof key.name === 'string' ? { name: key.name } : {}),
      ...(key.rateLimit === undefined ? {} : { rateLimit: key.rateLimit as RateLimit | false }),
    };
  });
  if (env.PAYMASTER_API_KEY !== undefined) {
    if (env.PAYMASTER_API_KEY_BUDGET_FRI === undefined) {
      throw new Error('PAYMASTER_API_KEY needs PAYMASTER_API_KEY_BUDGET_FRI');
    }
    apiKeys.push({
      key: env.PAYMASTER_API_KEY,
      budgetFri: BigInt(env.PAYMASTER_API_KEY_BUDGET_FRI),
    });
  }

  const store: StoreConfig =
    env.PAYMASTER_DATABASE_URL !== undefined
      ? { postgres: env.PAYMASTER_DATABASE_URL }
      : env.PAYMASTER_SQLITE !== undefined
        ? { sqlite: env.PAYMASTER_SQLITE }
        : storeOf(json.store);
  const maxFee = env.PAYMASTER_MAX_FEE_FRI ?? json.maxFeePerTransactionFri;
  const window = json.executionWindowSeconds;
  if (window !== undefined && typeof window !== 'number') {
    throw new Error('executionWindowSeconds is not a number');
  }
  const classHashes =
    json.accountClassHashes === undefined
      ? undefined
      : arrayOf(json.accountClassHashes, 'accountClassHashes').map(String);
  return {
    rpcUrl,
    host,
    port,
    relayers,
    apiKeys,
    store,
    maxFeePerTransactionFri: maxFee === undefined ? undefined : BigInt(maxFee as string),
    executionWindowSeconds: window,
    accountClassHashes: classHashes,
  };
}

function storeOf(value: unknown): StoreConfig {
  if (value === undefined) return { sqlite: 'paymaster.sqlite' };
  const store = value as Record<string, unknown>;
  if (typeof store.sqlite === 'string') return { sqlite: store.sqlite };
  if (typeof store.postgres === 'string') return { postgres: store.postgres };
  throw new Error('store must be { "sqlite": "<file>" } or { "postgres": "<connection string>" }');
}

function arrayOf(value: unknown, name: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${name} is not an array`);
  return value;
}
