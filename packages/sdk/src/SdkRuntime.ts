import { ChipiError, ChipiSessionError, type ScryptParams } from '@chipi-sessions/core';
import { RpcProvider } from 'starknet';
import type { ChipiSessionsSDKConfig } from './ChipiSessionsSDKConfig.js';
import { DEFAULT_ACCOUNT_CLASS_HASH } from './defaultAccountClassHash.js';
import { KeyCache } from './KeyCache.js';
import type { PaymasterEndpoint } from './paymasterAccount.js';
import { waitForAcceptance } from './waitForAcceptance.js';

/** The resolved configuration and shared services of one SDK instance (internal). */
export class SdkRuntime {
  readonly keyCache: KeyCache;
  /** The SNIP-29 paymaster every transaction goes through, when configured. */
  readonly paymasterUrl: string | undefined;
  readonly bearerToken: string | undefined;
  readonly kdfParams: ScryptParams | 'insecure-fast-for-tests' | undefined;
  readonly waitForTransactions: boolean;
  readonly pollIntervalMs: number;
  readonly accountClassHash: string | undefined;
  readonly now: () => number;
  readonly #config: ChipiSessionsSDKConfig;
  #provider: RpcProvider | undefined;
  #readProvider: RpcProvider | undefined;
  #chainId: Promise<string> | undefined;

  constructor(config: ChipiSessionsSDKConfig = {}) {
    this.#config = config;
    const cache = config.keyCache;
    this.keyCache =
      cache instanceof KeyCache
        ? cache
        : new KeyCache(cache === false ? { maxEntries: 0 } : (cache ?? {}));
    this.paymasterUrl = config.paymasterUrl;
    this.bearerToken = config.bearerToken;
    this.kdfParams = config.kdfParams;
    this.waitForTransactions = config.waitForTransactions ?? true;
    this.pollIntervalMs = config.transactionPollIntervalMs ?? 1000;
    this.accountClassHash = config.accountClassHash ?? DEFAULT_ACCOUNT_CLASS_HASH;
    this.now = config.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** The starknet.js provider; created on first use from `rpcUrl`. */
  get provider(): RpcProvider {
    if (this.#provider === undefined) {
      const { provider, rpcUrl, fetch } = this.#config;
      if (provider !== undefined) {
        this.#provider = provider;
      } else if (rpcUrl !== undefined) {
        this.#provider = new RpcProvider({
          nodeUrl: rpcUrl,
          ...(fetch === undefined ? {} : { baseFetch: fetch }),
        });
      } else {
        throw new ChipiSessionError(
          'INVALID_INPUT',
          'this call needs the network: configure the SDK with rpcUrl or provider',
        );
      }
    }
    return this.#provider;
  }

  /**
   * A provider on the same node whose requests, when issued together, go out as one JSON-RPC
   * batch (one HTTP round trip): the pre-flight reads of a session transaction. With
   * `rpcBatch: false`, the provider itself.
   */
  get readProvider(): RpcProvider {
    if (this.#config.rpcBatch === false) return this.provider;
    if (this.#readProvider === undefined) {
      const channel = this.provider.channel as unknown as {
        nodeUrl: string;
        headers: object;
        // Not in starknet.js's declared types, but set on every channel: the `fetch` it uses.
        baseFetch?: typeof globalThis.fetch;
      };
      const baseFetch = this.#config.fetch ?? channel.baseFetch;
      this.#readProvider = new RpcProvider({
        nodeUrl: channel.nodeUrl,
        headers: channel.headers as Record<string, string>,
        batch: 0,
        ...(baseFetch === undefined ? {} : { baseFetch }),
      });
    }
    return this.#readProvider;
  }

  /** The paymaster and the API key of one call (its `bearerToken`, else the SDK's). */
  paymasterEndpoint(bearerToken: string | undefined): PaymasterEndpoint {
    if (this.paymasterUrl === undefined) {
      throw new ChipiError('PAYMASTER_NOT_CONFIGURED', 'configure the SDK with paymasterUrl');
    }
    return {
      url: this.paymasterUrl,
      apiKey: bearerToken ?? this.bearerToken,
      fetch: this.#config.fetch,
    };
  }

  /** The chain id (hex), asked once. */
  chainId(): Promise<string> {
    if (this.#chainId === undefined) {
      this.#chainId = this.provider.getChainId().then(String);
      this.#chainId.catch(() => {
        this.#chainId = undefined;
      });
    }
    return this.#chainId;
  }

  /** Waits for a transaction when configured to, then returns its hash. */
  async finish(txHash: string, wait: boolean | undefined): Promise<string> {
    if (wait ?? this.waitForTransactions) {
      await waitForAcceptance(this.provider, txHash, this.pollIntervalMs);
    }
    return txHash;
  }

  /** The class hash `createWallet` deploys. */
  requireAccountClassHash(): string {
    if (this.accountClassHash === undefined) {
      throw new ChipiError(
        'ACCOUNT_CLASS_HASH_UNKNOWN',
        'no CHIPI account class hash: pass accountClassHash in the SDK config',
      );
    }
    return this.accountClassHash;
  }
}
