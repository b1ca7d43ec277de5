/** Where a settlement stands. */
export type SettlementStatus = 'claimed' | 'submitted' | 'settled' | 'failed';

/**
 * One payment the facilitator took on, keyed by `(payer, nonce)`: the outside execution's
 * on-chain nonce makes the pair unique for the account.
 */
export interface SettlementRecord {
  payer: string;
  nonce: string;
  /** Identifies the exact signed payload (`H` and the signature). */
  fingerprint: string;
  paymentId: string | undefined;
  network: string;
  asset: string;
  payTo: string;
  amount: string;
  /**
   * The outside execution's `ExecuteBefore` (unix seconds): past it (and the clock skew) the
   * signed payment can no longer execute, and a resubmission is refused by its time window.
   */
  executeBefore: number;
  status: SettlementStatus;
  /**
   * The attempt that owns the record: a fresh random token per claim. Transitions of an attempt
   * name it, so an instance whose claim was retired (its lease ran out) and re-claimed by another
   * can no longer move the record.
   */
  attempt: string;
  /** Known from the moment the settlement transaction is signed, before it is broadcast. */
  transaction: string | undefined;
  errorReason: string | undefined;
  errorMessage: string | undefined;
  /** Unix milliseconds. */
  createdAt: number;
  updatedAt: number;
}

/** Fields that change after the claim (`attempt` when a failed record is claimed again). */
export type SettlementUpdate = Partial<
  Pick<SettlementRecord, 'transaction' | 'errorReason' | 'errorMessage' | 'attempt'>
>;

/**
 * Durable duplicate-settlement protection. `claim` and `transition` must be atomic (two
 * facilitator instances sharing a store may race); methods may be synchronous or return promises.
 */
export interface SettlementStore {
  /** Inserts `record` unless `(payer, nonce)` exists; returns the existing record when it does. */
  claim(
    record: SettlementRecord,
  ):
    | { claimed: true }
    | { claimed: false; existing: SettlementRecord }
    | Promise<{ claimed: true } | { claimed: false; existing: SettlementRecord }>;
  get(
    payer: string,
    nonce: string,
  ): SettlementRecord | undefined | Promise<SettlementRecord | undefined>;
  /** The live (not failed) record carrying this payment identifier, if any. */
  findByPaymentId(
    paymentId: string,
  ): SettlementRecord | undefined | Promise<SettlementRecord | undefined>;
  /**
   * Moves a record from `from` (one status or several) to `to`, only while it is owned by
   * `attempt` when that is given; false when the record was not in that state (someone else moved
   * it). Atomic: of concurrent transitions from one state, exactly one succeeds.
   */
  transition(
    payer: string,
    nonce: string,
    from: SettlementStatus | readonly SettlementStatus[],
    to: SettlementStatus,
    update?: SettlementUpdate,
    attempt?: string,
  ): boolean | Promise<boolean>;
  /**
   * Claimed or submitted records last moved before `updatedBefore` (unix ms), oldest first: the
   * ones a reconciler must settle, fail or leave pending.
   */
  unfinished(
    updatedBefore: number,
    limit: number,
  ): SettlementRecord[] | Promise<SettlementRecord[]>;
  /**
   * Deletes settled and failed records whose `executeBefore` is earlier than `executeBefore`
   * (unix seconds); returns how many went.
   */
  evict(executeBefore: number): number | Promise<number>;
  close(): void | Promise<void>;
}
