import type { RateLimit } from '@chipi-sessions/core';
import type { RpcProvider } from 'starknet';
import type { PaymasterStore } from './PaymasterStore.js';

/** A relayer: an account of the paymaster that submits sponsored transactions and pays their fees. */
export interface RelayerAccountConfig {
  address: string;
  privateKey: string;
}

/** A client of the paymaster: its secret, its budget and its rate limit. */
export interface ApiKeyConfig {
  /** The secret the client sends in the `x-paymaster-api-key` header. */
  key: string;
  /** Its name in the ledger (default: `key-` and the first 12 hex digits of the key's SHA-256). */
  name?: string;
  /** Total sponsored spend allowed, in fri (1 STRK = 10^18 fri); decimal or hex text, or a bigint. */
  budgetFri: bigint | string;
  /** Requests (builds and executes) per key: default 100 at once, 20 per second; `false`: none. */
  rateLimit?: RateLimit | false;
}

/** The contract that deploys accounts for `deploy` and `deploy_and_invoke` (a UDC). */
export interface AccountDeployer {
  address: string;
  /** `deploy_contract` (the current UDC, the default) or `deployContract` (the legacy one). */
  entrypoint: 'deploy_contract' | 'deployContract';
}

/** Options of `Paymaster.create` and `startPaymasterServer`. */
export interface PaymasterOptions {
  /** The Starknet JSON-RPC endpoint; or give `provider`. */
  rpcUrl?: string;
  provider?: RpcProvider;
  /** One or more relayer accounts (SNIP-9 callers); builds rotate over them. */
  relayers: readonly RelayerAccountConfig[];
  /** The API keys allowed to use sponsored mode. */
  apiKeys: readonly ApiKeyConfig[];
  /**
   * The ledger of sponsored spend and replay protection (default: an in-memory SQLite store,
   * which forgets everything on restart; give a `SqlitePaymasterStore` on a file, or a
   * `PostgresPaymasterStore` when several instances run).
   */
  store?: PaymasterStore;
  /** Fee cap per sponsored transaction, in fri, with the node's overhead (default 1 STRK). */
  maxFeePerTransactionFri?: bigint;
  /** Validity of the outside executions it builds, in seconds (default 600, at most 86400). */
  executionWindowSeconds?: number;
  /** When given, only accounts of these class hashes may be deployed. */
  accountClassHashes?: readonly string[];
  /** The deployer for account deployments (default the UDC at its usual address). */
  deployer?: AccountDeployer;
  /**
   * The time the windows are built and checked against, unix seconds (default the system clock).
   * On a chain whose clock differs (a time-travelled devnet), pass its clock, e.g.
   * `async () => (await provider.getBlock('latest')).timestamp`.
   */
  now?: () => number | Promise<number>;
}
