import type { ScryptParams } from '@chipi-sessions/core';
import type { RpcProvider } from 'starknet';
import type { KeyCache, KeyCacheOptions } from './KeyCache.js';

/** Configuration of `ChipiSessionsSDK`. Every field is optional. */
export interface ChipiSessionsSDKConfig {
  /** JSON-RPC endpoint, e.g. a local devnet `http://127.0.0.1:5050/rpc`. */
  rpcUrl?: string;
  /** A ready starknet.js provider (takes precedence over `rpcUrl`). */
  provider?: RpcProvider;
  /**
   * A SNIP-29 paymaster JSON-RPC endpoint (for instance `@chipi-sessions/paymaster`). When set,
   * every transaction goes gasless: session and owner transactions are signed as SNIP-9 v2
   * outside executions the paymaster builds and its relayer pays for (starknet.js's
   * `Account.executePaymasterTransaction`), and `createWallet` lets the paymaster deploy the
   * wallet. Otherwise the account sends (and pays for) its own transactions.
   */
  paymasterUrl?: string;
  /**
   * Default paymaster API key when a call gives no `bearerToken`. Either travels as the
   * `x-paymaster-api-key` header, the way starknet.js's `PaymasterRpc` and other SNIP-29
   * clients send it.
   */
  bearerToken?: string;
  /**
   * Send the pre-flight reads of a session transaction as one JSON-RPC batch (default true).
   * Set false for a node that does not answer batches: the reads then go out side by side.
   */
  rpcBatch?: boolean;
  /** `fetch` for the RPC and the paymaster (default `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch;
  /**
   * Class hash of the CHIPI account that `createWallet` deploys. Defaults to the hash embedded at
   * build time from the compiled contract; set it to deploy another version.
   */
  accountClassHash?: string;
  /** The unlocked-key cache: a shared `KeyCache`, its options, or `false` to decrypt every time. */
  keyCache?: KeyCache | KeyCacheOptions | false;
  /**
   * scrypt cost of new envelopes (default N = 2^15, r = 8, p = 1). `'insecure-fast-for-tests'`
   * is for tests only: it makes a PIN trivial to brute-force.
   */
  kdfParams?: ScryptParams | 'insecure-fast-for-tests';
  /** Wait until each transaction is accepted and turn reverts into errors (default true). */
  waitForTransactions?: boolean;
  /** Polling interval while waiting for a transaction, in ms (default 1000). */
  transactionPollIntervalMs?: number;
  /** Wall clock in unix seconds, used for new sessions' `validUntil` (default `Date.now() / 1000`). */
  now?: () => number;
}
