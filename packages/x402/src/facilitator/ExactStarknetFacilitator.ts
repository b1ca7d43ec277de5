import {
  decodeRevertReason,
  defaultRandomBytes,
  executeFromOutsideCalldata,
  isChipiSessionError,
  toFeltHex,
} from '@chipi-sessions/core';
import { type Call, type ResourceBoundsBN, RpcError, type RpcProvider } from 'starknet';
import {
  type CheckedExactPayment,
  checkExactStarknetPayment,
  DEFAULT_SKEW_SECONDS,
} from '../scheme/checkExactStarknetPayment.js';
import { EXACT_SCHEME } from '../scheme/exactStarknetRequirements.js';
import { PAYMENT_IDENTIFIER } from '../scheme/paymentIdentifier.js';
import { starknetNetwork } from '../scheme/starknetNetwork.js';
import { type EmittedEvent, hasExactTransfer } from '../scheme/transferEvents.js';
import { isX402Error, X402Error } from '../scheme/X402Error.js';
import { isX402ErrorCode, type X402ErrorCode } from '../scheme/x402ErrorCodes.js';
import {
  type PaymentPayload,
  type PaymentRequirements,
  type RevertInfo,
  type SettleResponse,
  type SupportedResponse,
  type VerifyResponse,
  X402_VERSION,
} from '../scheme/x402Types.js';
import { DEFAULT_RESCUE_BLOCKS, findConsumingTransaction } from './findConsumingTransaction.js';
import { isOutsideNonceAvailable, isSignatureValid, tokenBalance } from './paymentChainState.js';
import {
  type RelayerAccountConfig,
  type SettlementBatching,
  SettlementSender,
  type SettlementSimulation,
  type SimulatedTransaction,
} from './SettlementSender.js';
import type { SettlementRecord, SettlementStore } from './SettlementStore.js';
import { simulationEvents } from './simulationEvents.js';
import { v34RefusalNeedsExplanation } from './v34SessionSignatureForm.js';

/** What one `reconcile` pass did. */
export interface ReconcileReport {
  /** Unfinished records whose transaction succeeded with the expected transfer. */
  settled: number;
  /** Unfinished records retired: reverted, never broadcast, or interrupted before signing. */
  failed: number;
  /** Records whose transaction the node knows but has not finalized yet. */
  pending: number;
  /** Settled and failed records deleted past their retention. */
  evicted: number;
}

/** Options of `ExactStarknetFacilitator`. */
export interface ExactStarknetFacilitatorOptions {
  provider: RpcProvider;
  /** The facilitator's own account: it submits `execute_from_outside_v2` and pays the fees. */
  relayer: RelayerAccountConfig;
  /** Durable duplicate-settlement protection, e.g. `SqliteSettlementStore`. */
  store: SettlementStore;
  /** Fee cap per settlement in fri: a settlement whose simulated fee is higher is refused. */
  maxFee: bigint;
  /** How long `settle` waits for the receipt before answering `settlement_pending` (default 30 s). */
  confirmTimeoutMs?: number;
  /**
   * The finality a settlement needs before it is reported (default `ACCEPTED_ON_L2`;
   * `ACCEPTED_ON_L1` for high-value payments). Until then `settle` answers `settlement_pending`.
   */
  finality?: 'ACCEPTED_ON_L2' | 'ACCEPTED_ON_L1';
  /**
   * How long a claim without a signed transaction belongs to the instance that made it (default
   * 60 s). Past it, another instance may declare that attempt dead; the original owner then finds
   * its claim gone and does not broadcast.
   */
  claimLeaseMs?: number;
  /**
   * How many recent blocks the consumed-nonce rule searches for the transaction that already
   * executed a payment (default 2,000; 0 turns the search off).
   */
  rescueBlocks?: number;
  /** Receipt polling interval (default 250 ms). */
  pollIntervalMs?: number;
  skewSeconds?: number;
  minSettleMarginSeconds?: number;
  /** Wall clock in unix seconds (default `Date.now()`). */
  now?: () => number;
  /**
   * Submit settlements waiting together as one multicall of the relayer (off by default). Each
   * payment is still verified and confirmed on its own; at settle it is simulated in the very
   * transaction that carries it, its checks reading its own call frame; see `SettlementSender`.
   */
  batching?: SettlementBatching;
  /** Receives unexpected errors, which are never put into responses. */
  onError?: (error: unknown, context: 'verify' | 'settle') => void;
}

/** A settlement ready to send: its simulation's bounds, or none when the sender simulates it. */
interface Simulated {
  call: Call;
  resourceBounds?: ResourceBoundsBN;
}

/**
 * The facilitator of the registered Starknet `exact` scheme. `verify` runs every check of the
 * scheme, cheapest first: the pure ones of `checkExactStarknetPayment` (no RPC), the store, then
 * `is_valid_signature` (one read; a junk signature stops here, before any simulation), then, side
 * by side, the unused on-chain nonce, the balance and a simulation of `execute_from_outside_v2`
 * from the facilitator's account that must succeed, emit exactly the payer→payTo transfer and
 * cost no more than `maxFee`. `payer` appears in a response only once the account accepted the
 * signature.
 * `settle` verifies again, claims `(payer, nonce)` in the store, records the transaction hash
 * before broadcast (and broadcasts only if that transition succeeds), and confirms through the
 * receipt and its Transfer event; an unknown outcome is `settlement_pending` with the hash,
 * resumed by a later `settle` of the same payload, even on another instance sharing the store.
 * Refusals carry the scheme's codes; raw RPC errors are never returned.
 */
export class ExactStarknetFacilitator {
  readonly #provider: RpcProvider;
  readonly #sender: SettlementSender;
  readonly #store: SettlementStore;
  readonly #options: ExactStarknetFacilitatorOptions;
  #network: Promise<string> | undefined;

  constructor(options: ExactStarknetFacilitatorOptions) {
    this.#options = options;
    this.#provider = options.provider;
    this.#store = options.store;
    this.#sender = new SettlementSender(options.provider, options.relayer, options.batching);
  }

  /** The address that submits settlements (the `feePayer` a requirement may bind). */
  get relayerAddress(): string {
    return toFeltHex(BigInt(this.#sender.address));
  }

  /** The CAIP-2 network of the connected chain, e.g. `starknet:SN_SEPOLIA`. */
  network(): Promise<string> {
    if (this.#network === undefined) {
      this.#network = this.#provider.getChainId().then((id) => starknetNetwork(id));
      this.#network.catch(() => {
        this.#network = undefined;
      });
    }
    return this.#network;
  }

  async supported(): Promise<SupportedResponse> {
    const network = await this.network();
    return {
      kinds: [
        {
          x402Version: X402_VERSION,
          scheme: EXACT_SCHEME,
          network,
          extra: { areFeesSponsored: true, feePayer: this.relayerAddress },
        },
      ],
      extensions: [PAYMENT_IDENTIFIER],
      signers: { 'starknet:*': [this.relayerAddress] },
    };
  }

  async verify(
    payload: PaymentPayload,
    requirements: PaymentRequirements,
  ): Promise<VerifyResponse> {
    const verified: { payer?: string } = {};
    try {
      const checked = await this.#check(payload, requirements, 'verify');
      const existing = await this.#store.get(checked.claimedPayer, toFeltHex(checked.felts.nonce));
      if (existing !== undefined && existing.status !== 'failed') {
        throw this.#existingRefusal(existing, fingerprintOf(checked));
      }
      await this.#checkPaymentId(checked);
      await this.#verifyOnChain(checked, verified);
      return { isValid: true, payer: checked.claimedPayer };
    } catch (error) {
      const e = this.#asX402(error, 'verify');
      return {
        isValid: false,
        invalidReason: e.code,
        invalidMessage: e.message,
        ...(verified.payer === undefined ? {} : { payer: verified.payer }),
        ...revertField(e),
        ...transactionField(e),
      };
    }
  }

  async settle(
    payload: PaymentPayload,
    requirements: PaymentRequirements,
  ): Promise<SettleResponse> {
    const verified: { payer?: string } = {};
    let network = requirements.network;
    try {
      network = await this.network();
      const checked = await this.#check(payload, requirements, 'settle');
      return await this.#settleChecked(checked, network, verified);
    } catch (error) {
      const e = this.#asX402(error, 'settle');
      if (e.code === 'nonce_already_used' || e.code === 'outside_execution_expired') {
        const rescued = await this.#rescue(payload, requirements, network).catch((cause) => {
          this.#options.onError?.(cause, 'settle');
          return undefined;
        });
        if (rescued !== undefined) return rescued;
      }
      return {
        success: false,
        errorReason: e.code,
        errorMessage: e.message,
        transaction: typeof e.details.transaction === 'string' ? e.details.transaction : '',
        network,
        ...(verified.payer === undefined ? {} : { payer: verified.payer }),
        ...revertField(e),
      };
    }
  }

  /**
   * The consumed-nonce rule: when this payment's nonce is already used (or its window closed
   * after its record was evicted), a transaction that executed this exact outside execution and
   * paid `payTo` proves the payment landed, so the answer is success with that hash, not a
   * refusal of a payer who paid. The finding is recorded as settled.
   */
  async #rescue(
    payload: PaymentPayload,
    requirements: PaymentRequirements,
    network: string,
  ): Promise<SettleResponse | undefined> {
    const blocks = this.#options.rescueBlocks ?? DEFAULT_RESCUE_BLOCKS;
    if (blocks <= 0) return undefined;
    let checked: CheckedExactPayment;
    try {
      checked = await this.#check(payload, requirements, 'rescue');
    } catch {
      return undefined;
    }
    const transaction = await findConsumingTransaction(this.#provider, checked, blocks);
    if (transaction === undefined) return undefined;
    const payer = checked.claimedPayer;
    const nonce = toFeltHex(checked.felts.nonce);
    const now = Date.now();
    const claim = await this.#store.claim({
      payer,
      nonce,
      fingerprint: fingerprintOf(checked),
      paymentId: checked.paymentId,
      network,
      asset: checked.transfer.asset,
      payTo: checked.transfer.payTo,
      amount: String(checked.transfer.amount),
      executeBefore: Number(BigInt(checked.outsideExecution.executeBefore)),
      status: 'settled',
      attempt: newAttempt(),
      transaction,
      errorReason: undefined,
      errorMessage: undefined,
      createdAt: now,
      updatedAt: now,
    });
    if (!claim.claimed && claim.existing.status === 'failed') {
      await this.#store.transition(payer, nonce, 'failed', 'settled', { transaction });
    }
    return { success: true, payer, transaction, network };
  }

  async #check(
    payload: PaymentPayload,
    requirements: PaymentRequirements,
    phase: 'verify' | 'settle' | 'rescue',
  ) {
    const network = await this.network();
    if (requirements.network !== network) {
      throw new X402Error('invalid_network', `this facilitator settles on ${network} only`);
    }
    return checkExactStarknetPayment({
      payload,
      requirements,
      now: this.#now(),
      submitter: this.relayerAddress,
      phase,
      ...(this.#options.skewSeconds === undefined
        ? {}
        : { skewSeconds: this.#options.skewSeconds }),
      ...(this.#options.minSettleMarginSeconds === undefined
        ? {}
        : { minSettleMarginSeconds: this.#options.minSettleMarginSeconds }),
    });
  }

  async #settleChecked(
    checked: CheckedExactPayment,
    network: string,
    verified: { payer?: string },
    retried = false,
  ): Promise<SettleResponse> {
    const payer = checked.claimedPayer;
    const nonce = toFeltHex(checked.felts.nonce);
    const fingerprint = fingerprintOf(checked);
    const again = retried ? undefined : () => this.#settleChecked(checked, network, verified, true);
    const existing = await this.#store.get(payer, nonce);
    if (existing !== undefined && existing.status !== 'failed') {
      return this.#resume(existing, fingerprint, verified, again);
    }
    await this.#checkPaymentId(checked);
    let simulated: Simulated;
    try {
      // With batching, the settlement is simulated in the very transaction that will carry it.
      simulated = await this.#verifyOnChain(
        checked,
        verified,
        this.#options.batching === undefined,
      );
    } catch (error) {
      // Another process may have settled this very payment between the store read above and the
      // chain's nonce read: its record, not the used nonce, decides the answer.
      const current =
        error instanceof X402Error && error.code === 'nonce_already_used'
          ? await this.#store.get(payer, nonce)
          : undefined;
      if (current !== undefined && current.status !== 'failed')
        return this.#resume(current, fingerprint, verified);
      throw error;
    }
    const now = Date.now();
    const record: SettlementRecord = {
      payer,
      nonce,
      fingerprint,
      paymentId: checked.paymentId,
      network,
      asset: checked.transfer.asset,
      payTo: checked.transfer.payTo,
      amount: String(checked.transfer.amount),
      executeBefore: Number(BigInt(checked.outsideExecution.executeBefore)),
      status: 'claimed',
      attempt: newAttempt(),
      transaction: undefined,
      errorReason: undefined,
      errorMessage: undefined,
      createdAt: now,
      updatedAt: now,
    };
    if (existing?.status === 'failed') {
      // A failed attempt whose nonce is still unused on-chain (just re-verified) may be retried,
      // by exactly one of the requests racing for it, under a new attempt.
      const mine = await this.#store.transition(payer, nonce, 'failed', 'claimed', {
        attempt: record.attempt,
      });
      if (!mine) return this.#resumeCurrent(payer, nonce, fingerprint, verified);
    } else {
      const claim = await this.#store.claim(record);
      if (!claim.claimed) return this.#resume(claim.existing, fingerprint, verified, again);
    }
    return this.#submit(record, simulated, checked);
  }

  async #resumeCurrent(
    payer: string,
    nonce: string,
    fingerprint: string,
    verified: { payer?: string },
  ): Promise<SettleResponse> {
    const current = await this.#store.get(payer, nonce);
    if (current === undefined) {
      throw new X402Error('unexpected_settle_error', 'the settlement record disappeared');
    }
    return this.#resume(current, fingerprint, verified);
  }

  async #submit(
    record: SettlementRecord,
    simulated: Simulated,
    checked: CheckedExactPayment,
  ): Promise<SettleResponse> {
    let transaction: string | undefined;
    let recorded: string | undefined;
    try {
      transaction = await this.#sender.send(
        simulated.call,
        simulated.resourceBounds,
        async (hash) => {
          // Broadcast only while the claim is still ours: another instance may have declared it
          // dead after its lease ran out.
          const mine = await this.#store.transition(
            record.payer,
            record.nonce,
            // 'submitted': the sender signed again after the node refused the account nonce.
            ['claimed', 'submitted'],
            'submitted',
            { transaction: hash },
            record.attempt,
          );
          if (!mine) {
            throw new X402Error(
              'duplicate_settlement',
              'this claim was taken over; nothing was sent',
            );
          }
          recorded = hash;
        },
        simulated.resourceBounds === undefined
          ? (part) => this.#checkSimulation(checked, part)
          : undefined,
      );
    } catch (error) {
      if (
        error instanceof X402Error &&
        error.code !== 'duplicate_settlement' &&
        recorded === undefined
      ) {
        // The settlement's own simulation refused it before anything was signed.
        await this.#store.transition(
          record.payer,
          record.nonce,
          'claimed',
          'failed',
          { errorReason: error.code, errorMessage: error.message },
          record.attempt,
        );
        throw error;
      }
      if (isX402Error(error, 'duplicate_settlement')) {
        if (recorded === undefined) throw error;
        // Our hash was recorded, but a batch companion's claim was taken over, so the batch was
        // never broadcast: say so, and let the payment be retried.
        await this.#store.transition(
          record.payer,
          record.nonce,
          'submitted',
          'failed',
          {
            errorReason: 'unexpected_settle_error',
            errorMessage: 'the settlement was not sent; retry the payment',
          },
          record.attempt,
        );
        throw new X402Error('unexpected_settle_error', 'the settlement was not sent; retry');
      }
      this.#options.onError?.(error, 'settle');
      const signed = (await this.#store.get(record.payer, record.nonce))?.transaction;
      if (!(error instanceof RpcError) && signed !== undefined) {
        // The node did not answer: the transaction may still be executed, so the outcome is unknown.
        return pending(record, record.network, signed);
      }
      const revert = decodeRevertReason(error);
      const code: X402ErrorCode =
        revert === undefined ? 'unexpected_settle_error' : 'simulation_failed';
      const message =
        revert !== undefined
          ? revert.reason
          : error instanceof RpcError
            ? 'the node refused the settlement'
            : 'the node did not answer; nothing was sent';
      // The node refused the transaction: nothing was executed, the payment may be retried.
      await this.#store.transition(
        record.payer,
        record.nonce,
        ['claimed', 'submitted'],
        'failed',
        { errorReason: code, errorMessage: message },
        record.attempt,
      );
      throw new X402Error(code, message, {
        details:
          revert === undefined ? {} : { revert: { code: revert.code, reason: revert.reason } },
      });
    }
    if (
      BigInt(transaction) !==
      BigInt((await this.#store.get(record.payer, record.nonce))?.transaction ?? 0)
    ) {
      throw new X402Error('unexpected_settle_error', 'the node reports another transaction hash', {
        details: { transaction },
      });
    }
    return this.#confirm({ ...record, status: 'submitted', transaction });
  }

  /**
   * Another request of the same `(payer, nonce)` got there first. Only the identical payload
   * (whose signature was verified when it was claimed) learns anything beyond `nonce_already_used`.
   */
  async #resume(
    existing: SettlementRecord,
    fingerprint: string,
    verified: { payer?: string },
    again?: () => Promise<SettleResponse>,
  ): Promise<SettleResponse> {
    if (existing.fingerprint !== fingerprint) {
      throw new X402Error('nonce_already_used', 'another payment already used this nonce');
    }
    verified.payer = existing.payer;
    if (existing.status === 'settled') {
      throw new X402Error('duplicate_settlement', 'this payment was already settled', {
        details: { transaction: existing.transaction ?? '' },
      });
    }
    if (existing.status === 'failed') {
      throw new X402Error(
        isReason(existing.errorReason) ? existing.errorReason : 'unexpected_settle_error',
        existing.errorMessage ?? 'the settlement failed',
      );
    }
    if (existing.transaction === undefined) {
      const leaseMs = this.#options.claimLeaseMs ?? 60_000;
      if (Date.now() - existing.updatedAt < leaseMs) {
        throw new X402Error('duplicate_settlement', 'this payment is being settled right now');
      }
      // The claim outlived its lease without a signed transaction: its owner stopped before
      // signing, so nothing was sent. Exactly one caller retires that attempt, then settles anew.
      await this.#store.transition(
        existing.payer,
        existing.nonce,
        'claimed',
        'failed',
        {
          errorReason: 'unexpected_settle_error',
          errorMessage: 'interrupted before submission; retry the payment',
        },
        existing.attempt,
      );
      if (again !== undefined) return again();
      throw new X402Error('unexpected_settle_error', 'interrupted before submission; retry');
    }
    return this.#confirm(existing, again);
  }

  /**
   * A submitted attempt with no receipt: if, past the lease, the node does not know its
   * transaction and the SNIP-9 nonce is still unused, it was never broadcast (its instance stopped
   * between recording the hash and sending) and can never execute. That attempt is retired.
   */
  async #neverBroadcast(record: SettlementRecord): Promise<boolean> {
    if (Date.now() - record.updatedAt < (this.#options.claimLeaseMs ?? 60_000)) return false;
    try {
      await this.#provider.getTransactionStatus(record.transaction as string);
      return false;
    } catch (error) {
      const code = (error as { baseError?: { code?: unknown } })?.baseError?.code;
      if (code !== 29 && !/not found/i.test(String((error as Error)?.message))) return false;
    }
    if (!(await isOutsideNonceAvailable(this.#provider, record.payer, BigInt(record.nonce)))) {
      return false;
    }
    return this.#store.transition(
      record.payer,
      record.nonce,
      'submitted',
      'failed',
      {
        errorReason: 'unexpected_settle_error',
        errorMessage: 'the settlement transaction was never broadcast; retry the payment',
      },
      record.attempt,
    );
  }

  /** Waits for the receipt; reports success only to the caller that moves the record to settled. */
  async #confirm(
    record: SettlementRecord,
    again?: () => Promise<SettleResponse>,
    timeoutMs?: number,
  ): Promise<SettleResponse> {
    const transaction = record.transaction as string;
    const network = record.network;
    const receipt = await this.#waitForReceipt(transaction, timeoutMs);
    if (receipt === undefined) {
      if (again !== undefined && (await this.#neverBroadcast(record))) return again();
      return pending(record, network, transaction);
    }
    if (receipt.execution_status !== 'SUCCEEDED') {
      const revert = decodeRevertReason(receipt.revert_reason ?? '');
      const message = revert?.reason ?? 'the settlement transaction reverted';
      // A revert rolls the SNIP-9 nonce back: the same payment may be settled again.
      await this.#store.transition(
        record.payer,
        record.nonce,
        'submitted',
        'failed',
        { errorReason: 'invalid_transaction_state', errorMessage: message },
        record.attempt,
      );
      throw new X402Error('invalid_transaction_state', message, {
        details: {
          transaction,
          ...(revert === undefined ? {} : { revert: { code: revert.code, reason: revert.reason } }),
        },
      });
    }
    const paid = hasExactTransfer(receipt.events as EmittedEvent[], {
      asset: record.asset,
      payer: record.payer,
      payTo: record.payTo,
      amount: BigInt(record.amount),
    });
    if (!paid) {
      await this.#store.transition(
        record.payer,
        record.nonce,
        'submitted',
        'failed',
        {
          errorReason: 'invalid_transaction_state',
          errorMessage: 'the receipt lacks the expected Transfer event',
        },
        record.attempt,
      );
      throw new X402Error('invalid_transaction_state', 'the receipt lacks the expected transfer', {
        details: { transaction },
      });
    }
    const mine = await this.#store.transition(record.payer, record.nonce, 'submitted', 'settled');
    if (!mine) {
      throw new X402Error('duplicate_settlement', 'this payment was already settled', {
        details: { transaction },
      });
    }
    return { success: true, payer: record.payer, transaction, network };
  }

  /**
   * Brings the store up to date with the chain, for records no request will come back for.
   * Claimed and submitted records older than the claim lease are settled (the receipt and its
   * Transfer event), failed (reverted, never broadcast, or interrupted before signing) or left
   * pending; then settled and failed records whose `ExecuteBefore` is more than `retainSeconds`
   * (default one day) past are deleted. A payment that was evicted cannot be replayed: its time
   * window refuses it before the store is read. Safe to run on every instance at once.
   */
  async reconcile(
    options: { retainSeconds?: number; limit?: number } = {},
  ): Promise<ReconcileReport> {
    const report: ReconcileReport = { settled: 0, failed: 0, pending: 0, evicted: 0 };
    const lease = this.#options.claimLeaseMs ?? 60_000;
    const stale = await this.#store.unfinished(Date.now() - lease, options.limit ?? 100);
    for (const record of stale) {
      if (record.transaction === undefined) {
        const retired = await this.#store.transition(
          record.payer,
          record.nonce,
          'claimed',
          'failed',
          {
            errorReason: 'unexpected_settle_error',
            errorMessage: 'interrupted before submission; retry the payment',
          },
          record.attempt,
        );
        if (retired) report.failed += 1;
        continue;
      }
      try {
        const outcome = await this.#confirm(record, undefined, 0);
        if (outcome.success) report.settled += 1;
        else if (await this.#neverBroadcast(record)) report.failed += 1;
        else report.pending += 1;
      } catch (error) {
        if (isX402Error(error, 'duplicate_settlement')) continue;
        if (error instanceof X402Error) report.failed += 1;
        else {
          this.#options.onError?.(error, 'settle');
          report.pending += 1;
        }
      }
    }
    const nowSeconds = this.#options.now?.() ?? Math.floor(Date.now() / 1000);
    const skew = this.#options.skewSeconds ?? DEFAULT_SKEW_SECONDS;
    report.evicted = await this.#store.evict(nowSeconds - skew - (options.retainSeconds ?? 86_400));
    return report;
  }

  /**
   * Runs `reconcile` every `intervalMs` (default one minute) until the returned function is
   * called. The timer does not keep the process alive; errors go to `onError`.
   */
  startReconciler(options: { intervalMs?: number; retainSeconds?: number } = {}): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.reconcile(options)
        .catch((error: unknown) => this.#options.onError?.(error, 'settle'))
        .finally(() => {
          running = false;
        });
    }, options.intervalMs ?? 60_000);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  async #waitForReceipt(
    hash: string,
    timeoutMs = this.#options.confirmTimeoutMs ?? 30_000,
  ): Promise<ReceiptView | undefined> {
    const deadline = Date.now() + timeoutMs;
    const accepted =
      this.#options.finality === 'ACCEPTED_ON_L1'
        ? ['ACCEPTED_ON_L1']
        : ['ACCEPTED_ON_L2', 'ACCEPTED_ON_L1'];
    const interval = this.#options.pollIntervalMs ?? 250;
    for (;;) {
      try {
        const receipt = (await this.#provider.channel.getTransactionReceipt(
          hash,
        )) as unknown as ReceiptView;
        if (receipt.execution_status === 'REVERTED' || accepted.includes(receipt.finality_status)) {
          return receipt;
        }
      } catch {
        // Not known yet.
      }
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }

  async #checkPaymentId(checked: CheckedExactPayment): Promise<void> {
    if (checked.paymentId === undefined) return;
    const other = await this.#store.findByPaymentId(checked.paymentId);
    if (other !== undefined && other.fingerprint !== fingerprintOf(checked)) {
      throw new X402Error(
        'payment_identifier_conflict',
        'this payment identifier belongs to another payment',
      );
    }
  }

  /**
   * The chain checks: the signature first (one read; junk stops here, having cost no simulation),
   * then the nonce, the balance and the simulation at once. `settle` runs all of them again: the
   * scheme forbids trusting an earlier `/verify`.
   */
  async #verifyOnChain(
    checked: CheckedExactPayment,
    verified: { payer?: string },
    simulate = true,
  ): Promise<Simulated> {
    const { claimedPayer: payer, transfer } = checked;
    const signatureOk = await isSignatureValid(
      this.#provider,
      payer,
      checked.hash,
      checked.signature,
      checked.outsideExecution,
    );
    if (!signatureOk) {
      if (v34RefusalNeedsExplanation(checked.signature, checked.hash)) {
        // A sound session signature that a session rule refused: the simulation names the rule.
        await this.#simulate(checked);
      }
      throw new X402Error(
        'invalid_exact_starknet_payload_signature',
        'is_valid_signature is not VALID',
      );
    }
    verified.payer = payer;
    // The account accepted the signature: the remaining reads and the simulation are independent,
    // so they run together. Their verdicts keep the order nonce, balance, simulation.
    const [nonceFree, balance, simulated] = await Promise.allSettled([
      isOutsideNonceAvailable(this.#provider, payer, checked.felts.nonce),
      tokenBalance(this.#provider, transfer.asset, payer),
      simulate ? this.#simulate(checked) : { call: settlementCall(checked) },
    ]);
    if (settledValue(nonceFree) === false) {
      throw new X402Error('nonce_already_used', 'the outside execution nonce is used');
    }
    if (settledValue(balance) < transfer.amount) {
      throw new X402Error('insufficient_funds', 'the payer balance is below the amount');
    }
    return settledValue(simulated);
  }

  /**
   * Simulates the settlement as the scheme describes it: a V3 invoke of the relayer with
   * `SKIP_VALIDATE` and `SKIP_FEE_CHARGE`. The payer's account still checks the outside
   * execution's signature, nonce, window and caller inside `execute_from_outside_v2`; only the
   * relayer's own `__validate__` is skipped, so no relayer signature is computed for a
   * simulation. That validation is a small, fixed share of the settlement's gas (about 4 % of the
   * L2 gas of a CHIPI session payment on devnet), well inside the 50 % overhead starknet.js adds
   * to the estimate's resource bounds, which the submitted transaction uses. A revert is decoded
   * into the account's reason (`SESSION_SPENDING_LIMIT_EXCEEDED`, …), which also explains a
   * signature the account refused for a session-rule reason.
   */
  async #simulate(checked: CheckedExactPayment): Promise<Simulated> {
    const call = settlementCall(checked);
    let simulated: SimulatedTransaction | undefined;
    try {
      simulated = await this.#sender.simulate([call]);
    } catch (error) {
      this.#options.onError?.(error, 'verify');
      throw simulationRefusal(error);
    }
    const execution = simulated?.execution;
    if (simulated === undefined || execution === undefined) {
      throw new X402Error('simulation_failed', 'the simulation returned no execution trace');
    }
    this.#checkSimulation(checked, {
      invocation: execution,
      ...(typeof execution.revert_reason === 'string'
        ? { revertReason: execution.revert_reason }
        : {}),
      fee: simulated.fee,
    });
    return { call, resourceBounds: simulated.resourceBounds };
  }

  /**
   * The scheme's simulation rule on this payment's part of a simulated transaction: no revert,
   * exactly the payer→payTo transfer of the amount in its call frame, a fee within `maxFee`.
   */
  #checkSimulation(checked: CheckedExactPayment, part: SettlementSimulation): void {
    if (part.revertReason !== undefined) throw simulationRefusal(part.revertReason);
    const paid = hasExactTransfer(simulationEvents(part.invocation), {
      asset: checked.transfer.asset,
      payer: checked.claimedPayer,
      payTo: checked.transfer.payTo,
      amount: checked.transfer.amount,
    });
    if (!paid) {
      throw new X402Error('simulation_failed', 'the simulation does not show exactly the payment');
    }
    if (part.fee > this.#options.maxFee) {
      throw new X402Error('fee_cap_exceeded', 'the settlement fee exceeds the facilitator cap', {
        details: { fee: String(part.fee), maxFee: String(this.#options.maxFee) },
      });
    }
  }

  #existingRefusal(existing: SettlementRecord, fingerprint: string): X402Error {
    if (existing.fingerprint !== fingerprint) {
      return new X402Error('nonce_already_used', 'another payment already used this nonce');
    }
    const details = { transaction: existing.transaction ?? '' };
    if (existing.status === 'settled') {
      return new X402Error('duplicate_settlement', 'this payment was already settled', { details });
    }
    // settlement_pending always carries the hash; before the hash exists it is a duplicate.
    return existing.transaction === undefined
      ? new X402Error('duplicate_settlement', 'this payment is being settled right now')
      : new X402Error('settlement_pending', 'this payment is being settled', { details });
  }

  #now(): number {
    return this.#options.now?.() ?? Math.floor(Date.now() / 1000);
  }

  #asX402(error: unknown, context: 'verify' | 'settle'): X402Error {
    if (isX402Error(error)) return error;
    if (isChipiSessionError(error, 'INVALID_INPUT')) {
      return new X402Error('invalid_payload', error.message);
    }
    this.#options.onError?.(error, context);
    return context === 'verify'
      ? new X402Error('unexpected_verify_error', 'the payment could not be verified')
      : new X402Error('unexpected_settle_error', 'the payment could not be settled');
  }
}

interface ReceiptView {
  finality_status: string;
  execution_status: string;
  revert_reason?: string;
  events: unknown[];
}

const SIGNATURE_REASONS = new Set([
  'outside/invalid-signature',
  'session/invalid-signature',
  'account/invalid-signature',
  'account/invalid-sig-length',
]);

function simulationRefusal(error: unknown): X402Error {
  const revert = decodeRevertReason(error);
  if (revert === undefined)
    return new X402Error('simulation_failed', 'the settlement would revert');
  if (SIGNATURE_REASONS.has(revert.reason)) {
    return new X402Error('invalid_exact_starknet_payload_signature', revert.reason, {
      details: { revert: { code: revert.code, reason: revert.reason } },
    });
  }
  if (revert.reason === 'outside/duplicate-nonce') {
    return new X402Error('nonce_already_used', revert.reason);
  }
  if (revert.reason === 'outside/invalid-caller') {
    return new X402Error('invalid_exact_starknet_payload_caller', revert.reason);
  }
  return new X402Error('simulation_failed', `${revert.code}: ${revert.reason}`, {
    details: { revert: { code: revert.code, reason: revert.reason } },
  });
}

/** The `execute_from_outside_v2` call that settles `checked`, signature verbatim. */
function settlementCall(checked: CheckedExactPayment): Call {
  return {
    contractAddress: checked.claimedPayer,
    entrypoint: 'execute_from_outside_v2',
    calldata: executeFromOutsideCalldata(checked.outsideExecution, checked.signature),
  };
}

/** The value of a settled promise, or its rejection thrown. */
function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

function newAttempt(): string {
  return Array.from(defaultRandomBytes(16), (b) => b.toString(16).padStart(2, '0')).join('');
}

function fingerprintOf(checked: CheckedExactPayment): string {
  return `${checked.hash}:${checked.signature.join(',')}`;
}

function pending(record: SettlementRecord, network: string, transaction: string): SettleResponse {
  return {
    success: false,
    errorReason: 'settlement_pending',
    errorMessage: 'the settlement was sent; its outcome is not known yet',
    payer: record.payer,
    transaction,
    network,
  };
}

function revertField(e: X402Error): { revert?: RevertInfo } {
  const revert = e.details.revert as RevertInfo | undefined;
  return revert === undefined ? {} : { revert };
}

function transactionField(e: X402Error): { transaction?: string } {
  const t = e.details.transaction;
  return typeof t === 'string' && t !== '' ? { transaction: t } : {};
}

function isReason(value: string | undefined): value is X402ErrorCode {
  return isX402ErrorCode(value);
}
