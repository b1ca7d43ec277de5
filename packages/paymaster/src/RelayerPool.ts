import {
  Account,
  type Call,
  RpcError,
  type RpcProvider,
  type SimulateTransactionOverhead,
} from 'starknet';
import { HashReportingSigner } from './HashReportingSigner.js';
import type { RelayerAccountConfig } from './PaymasterOptions.js';

/** One simulated transaction as starknet.js returns it (fee with its overhead, resource bounds). */
export type SimulatedTransaction = SimulateTransactionOverhead;

interface Relayer {
  address: bigint;
  /** Sends (its signer reports each hash before the broadcast). */
  account: Account;
  signer: HashReportingSigner;
  /** Simulates (a plain signer: simulations report nothing). */
  simulator: Account;
  queue: Promise<unknown>;
  nextNonce: bigint | undefined;
}

/**
 * The paymaster's relayer accounts. Each sends its transactions one at a time with a locally
 * tracked nonce, so concurrent sponsored requests never collide on a relayer's nonce; builds
 * rotate over the relayers.
 */
export class RelayerPool {
  readonly #relayers: Relayer[];
  readonly #provider: RpcProvider;
  #turn = 0;

  constructor(provider: RpcProvider, relayers: readonly RelayerAccountConfig[]) {
    this.#provider = provider;
    this.#relayers = relayers.map((relayer) => {
      const signer = new HashReportingSigner(relayer.privateKey);
      const account = (key: string | HashReportingSigner) =>
        new Account({ provider, address: relayer.address, signer: key, cairoVersion: '1' });
      return {
        address: BigInt(relayer.address),
        account: account(signer),
        signer,
        simulator: account(relayer.privateKey),
        queue: Promise.resolve(),
        nextNonce: undefined,
      };
    });
  }

  /** The next relayer in turn (its address). */
  pick(): bigint {
    const relayer = this.#relayers[this.#turn++ % this.#relayers.length] as Relayer;
    return relayer.address;
  }

  has(address: bigint): boolean {
    return this.#relayers.some((relayer) => relayer.address === address);
  }

  /**
   * Simulates `calls` from the relayer without its own validation (the account's signature check
   * inside `execute_from_outside_v2` still runs).
   */
  async simulate(address: bigint, calls: Call[]): Promise<SimulatedTransaction> {
    const relayer = this.#get(address);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await relayer.simulator.simulateTransaction(
          [{ type: 'INVOKE', payload: calls }],
          {
            skipValidate: true,
            tip: 0n,
            ...(relayer.nextNonce === undefined ? {} : { nonce: relayer.nextNonce }),
          },
        );
        const simulated = result.simulated_transactions[0];
        if (simulated === undefined) throw new Error('the node returned no simulation');
        return simulated;
      } catch (error) {
        // A transaction sent meanwhile moved the relayer's nonce: simulate again.
        if (attempt < 5 && isNonceRefusal(error)) {
          relayer.nextNonce = undefined;
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * Signs and broadcasts `calls` from the relayer, after the transactions already queued;
   * `onSigned(hash)` runs after signing and before the broadcast (again if it signs anew).
   */
  send(
    address: bigint,
    calls: Call[],
    resourceBounds: SimulatedTransaction['resourceBounds'],
    onSigned: (hash: string) => void | Promise<void>,
  ): Promise<string> {
    const relayer = this.#get(address);
    const run = relayer.queue.then(() => this.#send(relayer, calls, resourceBounds, onSigned));
    relayer.queue = run.catch(() => {});
    return run;
  }

  async #send(
    relayer: Relayer,
    calls: Call[],
    resourceBounds: SimulatedTransaction['resourceBounds'],
    onSigned: (hash: string) => void | Promise<void>,
  ): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      relayer.nextNonce ??= BigInt(
        await this.#provider.getNonceForAddress(relayer.account.address, 'pre_confirmed'),
      );
      relayer.signer.onSigned = onSigned;
      try {
        const { transaction_hash } = await relayer.account.execute(calls, {
          nonce: relayer.nextNonce,
          resourceBounds,
          tip: 0n,
        });
        relayer.nextNonce += 1n;
        return transaction_hash;
      } catch (error) {
        relayer.nextNonce = undefined;
        // Another sender of this account (a restarted instance) used the nonce: the node refused
        // the transaction, so nothing was sent. Sign again with the account's nonce.
        if (attempt < 4 && isNonceRefusal(error)) continue;
        throw error;
      } finally {
        relayer.signer.onSigned = undefined;
      }
    }
  }

  #get(address: bigint): Relayer {
    const relayer = this.#relayers.find((r) => r.address === address);
    if (relayer === undefined) throw new Error(`0x${address.toString(16)} is not a relayer`);
    return relayer;
  }
}

function isNonceRefusal(error: unknown): boolean {
  const base = (error as { baseError?: { code?: unknown } })?.baseError;
  return (
    error instanceof RpcError &&
    (base?.code === 52 || /invalid transaction nonce/i.test(String((error as Error).message)))
  );
}
