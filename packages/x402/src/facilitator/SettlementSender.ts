import { invokeV3SignerDetailsHash, toFeltHex } from '@chipi-sessions/core';
import {
  Account,
  type Call,
  ETransactionVersion3,
  type InvocationsSignerDetails,
  type ResourceBoundsBN,
  RpcError,
  type RpcProvider,
  type Signature,
  Signer,
  transaction,
} from 'starknet';
import { X402Error } from '../scheme/X402Error.js';
import { sumResourceBounds } from './sumResourceBounds.js';

/** The facilitator's own account, which submits settlements and pays their fees. */
export interface RelayerAccountConfig {
  address: string;
  privateKey: string;
}

/** Batched settlement: several outside executions in one multicall transaction of the relayer. */
export interface SettlementBatching {
  /** Most settlements per transaction (at least 2). */
  maxSize: number;
  /** How long the first waiting settlement waits for companions (default 50 ms). */
  maxWaitMs?: number;
}

/**
 * What the simulation of an outgoing transaction showed for one settlement in it: its own call
 * frame of the relayer's multicall and its share of the fee, or the revert of the whole
 * transaction when it carries this settlement alone.
 */
export interface SettlementSimulation {
  /** The settlement's `execute_from_outside_v2` frame of the simulated trace. */
  invocation?: unknown;
  /** The revert reason when the transaction (this settlement alone) would revert. */
  revertReason?: string;
  /** This settlement's share of the simulated fee, in fri. */
  fee: bigint;
}

/** Throws when a settlement's part of the simulated transaction is not what it must be. */
export type SettlementCheck = (simulated: SettlementSimulation) => void;

interface Queued {
  call: Call;
  resourceBounds: ResourceBoundsBN | undefined;
  onSigned: (hash: string) => void | Promise<void>;
  check: SettlementCheck | undefined;
  resolve(hash: string): void;
  reject(error: unknown): void;
}

/** What `SettlementSender.simulate` returns. */
export interface SimulatedTransaction {
  /** The `__execute__` frame of the trace (its `calls` are the multicall's frames). */
  execution: ({ revert_reason?: string; calls?: unknown[] } & Record<string, unknown>) | undefined;
  /** The simulated fee, in fri. */
  fee: bigint;
  /** The resource bounds starknet.js derives from the simulation, for the real transaction. */
  resourceBounds: ResourceBoundsBN;
}

/** Simulations after a stale relayer nonce, before the node's answer is final. */
const SIMULATION_ATTEMPTS = 5;

/**
 * Submits settlement transactions from the facilitator's account, one at a time, with a locally
 * tracked nonce so that concurrent settlements never collide on the account nonce. The hash of
 * each transaction is handed to `onSigned` when it is signed, before it is broadcast: a crash
 * between the two still leaves the hash on record.
 *
 * With `batching`, settlements waiting together go out as one multicall, at most one per payer
 * account (a payer's policy and the receipt check then see exactly its one transfer). A multicall
 * reverts as a whole, so the batch is simulated first; if any part would revert, its settlements
 * are sent one by one instead. A settlement handed over with a `check` is simulated in the very
 * transaction that carries it (alone or in a batch): the check sees its own call frame and fee
 * share, a refused settlement is dropped from the transaction, and the transaction's resource
 * bounds come from that simulation.
 */
export class SettlementSender {
  readonly address: string;
  readonly #account: Account;
  readonly #simulator: Account;
  readonly #signer: HashReportingSigner;
  readonly #provider: RpcProvider;
  readonly #batching: SettlementBatching | undefined;
  readonly #waiting: Queued[] = [];
  #timer: NodeJS.Timeout | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #nextNonce: bigint | undefined;

  constructor(provider: RpcProvider, relayer: RelayerAccountConfig, batching?: SettlementBatching) {
    this.#provider = provider;
    this.address = relayer.address;
    if (batching !== undefined && !(Number.isInteger(batching.maxSize) && batching.maxSize >= 2)) {
      throw new X402Error('invalid_configuration', 'batching.maxSize must be 2 or more');
    }
    this.#batching = batching;
    this.#signer = new HashReportingSigner(relayer.privateKey);
    this.#account = new Account({
      provider,
      address: relayer.address,
      signer: this.#signer,
      cairoVersion: '1',
    });
    // Simulations sign too; they use their own account so that no simulation hash is reported.
    this.#simulator = new Account({
      provider,
      address: relayer.address,
      signer: relayer.privateKey,
      cairoVersion: '1',
    });
  }

  /** The account for simulations and fee estimates. */
  get account(): Account {
    return this.#simulator;
  }

  /**
   * Simulates the relayer transaction that would carry `calls`, with the scheme's flags
   * (`SKIP_VALIDATE`, `SKIP_FEE_CHARGE`, no tip) and, when this sender knows it, the nonce the
   * next settlement will use (no nonce read). A settlement sent meanwhile may have moved that
   * nonce: the simulation is then run again with the node's. Undefined when the node returned no
   * simulation; any other refusal of the node is thrown.
   */
  async simulate(calls: Call[]): Promise<SimulatedTransaction | undefined> {
    for (let attempt = 1; ; attempt++) {
      const nonce = attempt === 1 ? this.#nextNonce : undefined;
      try {
        const result = await this.#simulator.simulateTransaction(
          [{ type: 'INVOKE', payload: calls }],
          { skipValidate: true, tip: 0n, ...(nonce === undefined ? {} : { nonce }) },
        );
        const simulated = result.simulated_transactions[0];
        if (simulated === undefined) return undefined;
        const trace = simulated.transaction_trace as
          | { execute_invocation?: SimulatedTransaction['execution'] }
          | undefined;
        return {
          execution: trace?.execute_invocation,
          fee: BigInt(simulated.overall_fee),
          resourceBounds: simulated.resourceBounds,
        };
      } catch (error) {
        const staleNonce = /invalid transaction nonce/i.test(errorText(error));
        if (!staleNonce || attempt >= SIMULATION_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Signs and broadcasts `call`; `onSigned(hash)` runs before the broadcast. Without `check`,
   * `resourceBounds` are the settlement's; with it, the transaction is simulated and `check` must
   * accept this settlement's part before anything is signed (its error rejects this settlement).
   */
  send(
    call: Call,
    resourceBounds: ResourceBoundsBN | undefined,
    onSigned: (hash: string) => void | Promise<void>,
    check?: SettlementCheck,
  ): Promise<string> {
    if (resourceBounds === undefined && check === undefined) {
      return Promise.reject(
        new X402Error('invalid_configuration', 'a settlement needs resource bounds or a check'),
      );
    }
    return new Promise<string>((resolve, reject) => {
      this.#waiting.push({ call, resourceBounds, onSigned, check, resolve, reject });
      const batching = this.#batching;
      if (batching === undefined || this.#waiting.length >= batching.maxSize) this.#flush();
      else this.#timer ??= setTimeout(() => this.#flush(), batching.maxWaitMs ?? 50);
    });
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#waiting.length > 0) {
      const batch = this.#takeBatch();
      const run = this.#queue.then(() => this.#sendBatch(batch));
      this.#queue = run.catch(() => {});
    }
  }

  /** The next waiting settlements, in order, at most `maxSize`, one per payer. */
  #takeBatch(): Queued[] {
    const max = this.#batching?.maxSize ?? 1;
    const payers = new Set<bigint>();
    const batch: Queued[] = [];
    for (let i = 0; i < this.#waiting.length && batch.length < max; ) {
      const payer = BigInt((this.#waiting[i] as Queued).call.contractAddress);
      if (payers.has(payer)) {
        i++;
        continue;
      }
      payers.add(payer);
      batch.push(...this.#waiting.splice(i, 1));
    }
    return batch;
  }

  async #sendBatch(batch: Queued[]): Promise<void> {
    const checked = batch.some((item) => item.check !== undefined);
    let resourceBounds: ResourceBoundsBN | undefined;
    if (checked || batch.length > 1) {
      let simulated: SimulatedTransaction | undefined;
      try {
        simulated = await this.simulate(batch.map((item) => item.call));
      } catch (error) {
        // The node did not answer the simulation: nothing was signed, and the cause is kept.
        for (const item of batch) item.reject(error);
        return;
      }
      const execution = simulated?.execution;
      if (execution === undefined || typeof execution.revert_reason === 'string') {
        if (batch.length > 1) {
          for (const item of batch) await this.#sendBatch([item]);
          return;
        }
        // A lone settlement is simulated only when it has a check, which names the refusal.
        const item = batch[0] as Queued;
        try {
          item.check?.({
            fee: simulated?.fee ?? 0n,
            revertReason: execution?.revert_reason ?? 'the settlement simulation failed',
          });
          item.reject(new X402Error('simulation_failed', 'the settlement would revert'));
        } catch (error) {
          item.reject(error);
        }
        return;
      }
      if (checked && simulated !== undefined) {
        const refused = this.#refusedParts(batch, simulated);
        if (refused.length > 0) {
          const kept = batch.filter((item) => !refused.includes(item));
          if (kept.length > 0) await this.#sendBatch(kept);
          return;
        }
        resourceBounds = simulated.resourceBounds;
      }
    }
    try {
      const hash = await this.#send(
        batch.map((item) => item.call),
        resourceBounds ?? sumResourceBounds(batch.map((item) => boundsOf(item))),
        async (signed) => {
          for (const item of batch) await item.onSigned(signed);
        },
      );
      for (const item of batch) item.resolve(hash);
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  /** Runs each settlement's check on its frame of the simulated multicall; rejects the refused. */
  #refusedParts(batch: Queued[], simulated: SimulatedTransaction): Queued[] {
    const frames = simulated.execution?.calls ?? [];
    const share = simulated.fee / BigInt(batch.length);
    const refused: Queued[] = [];
    batch.forEach((item, index) => {
      try {
        if (frames.length !== batch.length) {
          throw new X402Error('simulation_failed', 'the simulation does not show each settlement');
        }
        item.check?.({ invocation: frames[index], fee: share });
      } catch (error) {
        refused.push(item);
        item.reject(error);
      }
    });
    return refused;
  }

  async #send(
    calls: Call[],
    resourceBounds: ResourceBoundsBN,
    onSigned: (hash: string) => void | Promise<void>,
  ): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      if (this.#nextNonce === undefined) {
        this.#nextNonce = BigInt(
          await this.#provider.getNonceForAddress(this.address, 'pre_confirmed'),
        );
      }
      this.#signer.onSigned = onSigned;
      try {
        const { transaction_hash } = await this.#account.execute(calls, {
          nonce: this.#nextNonce,
          resourceBounds,
          tip: 0n,
          skipValidate: false,
        });
        this.#nextNonce += 1n;
        return transaction_hash;
      } catch (error) {
        this.#nextNonce = undefined;
        // Another sender of the same account (a restarted instance) used this nonce: the node
        // refused the transaction, so nothing was sent. Sign again with the account's nonce.
        if (attempt < 4 && isNonceRefusal(error)) continue;
        throw error;
      } finally {
        this.#signer.onSigned = undefined;
      }
    }
  }
}

function boundsOf(item: Queued): ResourceBoundsBN {
  if (item.resourceBounds === undefined) {
    throw new X402Error('invalid_configuration', 'a settlement without a check needs bounds');
  }
  return item.resourceBounds;
}

function errorText(error: unknown): string {
  const base = (error as { baseError?: unknown })?.baseError;
  return `${(error as Error)?.message ?? ''} ${JSON.stringify(base ?? '')}`;
}

function isNonceRefusal(error: unknown): boolean {
  const base = (error as { baseError?: { code?: unknown } })?.baseError;
  return (
    error instanceof RpcError &&
    (base?.code === 52 || /invalid transaction nonce/i.test(String((error as Error).message)))
  );
}

/**
 * The relayer's Stark signer, reporting the hash of every real (non-query) V3 invoke before it
 * signs. The hash core computes for the report is the one signed: the calldata is hashed once.
 */
class HashReportingSigner extends Signer {
  onSigned: ((hash: string) => void | Promise<void>) | undefined;

  override async signTransaction(
    transactions: Call[],
    details: InvocationsSignerDetails,
  ): Promise<Signature> {
    if (details.version !== ETransactionVersion3.V3) {
      return super.signTransaction(transactions, details);
    }
    const hash = relayerTransactionHash(transactions, details);
    await this.onSigned?.(hash);
    return this.signRaw(hash);
  }
}

/** The V3 invoke hash of the relayer's own transaction, computed by core before it is signed. */
function relayerTransactionHash(calls: Call[], v3: InvocationsSignerDetails): string {
  return toFeltHex(
    invokeV3SignerDetailsHash(transaction.getExecuteCalldata(calls, v3.cairoVersion), v3),
  );
}
