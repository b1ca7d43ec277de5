/** Where a sponsored transaction stands. */
export type SponsorshipStatus =
  /** Accepted and its maximum fee reserved against the key's budget; not broadcast yet. */
  | 'reserved'
  /** Broadcast by a relayer (`transaction` is set). */
  | 'submitted'
  /** Included and succeeded; `actualFee` is what the relayer paid. */
  | 'succeeded'
  /** Included and reverted; the relayer still paid `actualFee`. */
  | 'reverted'
  /** Never broadcast (the node refused it): nothing was spent and the request may be retried. */
  | 'failed';

/**
 * One sponsored request, keyed by `(account, nonce)`: the outside execution's SNIP-9 nonce is
 * unique per account, so the key is also the replay protection (a deployment without an
 * invoke uses the nonce `deploy`).
 */
export interface Sponsorship {
  account: string;
  nonce: string;
  /** The API key's ledger name. */
  apiKey: string;
  /** Identifies the exact signed request (message hash and signature). */
  fingerprint: string;
  status: SponsorshipStatus;
  /** The relayer transaction's maximum fee in fri, reserved until the actual fee is known. */
  maxFee: bigint;
  actualFee: bigint | undefined;
  transaction: string | undefined;
  relayer: string;
  error: string | undefined;
  /** Unix milliseconds. */
  createdAt: number;
  updatedAt: number;
}

/** The outcome of `PaymasterStore.reserve`. */
export type ReserveResult =
  | { reserved: true }
  | { reserved: false; reason: 'replayed'; existing: Sponsorship }
  | { reserved: false; reason: 'budget_exhausted'; spent: bigint };

/** Fields set by a transition. */
export type SponsorshipUpdate = Partial<Pick<Sponsorship, 'transaction' | 'actualFee' | 'error'>>;

/**
 * The ledger of sponsored spend and the replay protection. Each API key's spend is the sum of
 * its sponsorships' `actualFee`, or `maxFee` while the actual fee is unknown; failed ones count
 * nothing. `reserve` and `transition` must be atomic (several paymaster processes may share a
 * store); methods may be synchronous or return promises.
 */
export interface PaymasterStore {
  /**
   * Records `entry` (status `reserved`) when `(account, nonce)` is new (or only `failed`) and
   * `spent(apiKey) + entry.maxFee <= budget`; otherwise says why not.
   */
  reserve(entry: Sponsorship, budget: bigint): ReserveResult | Promise<ReserveResult>;
  /** Moves a sponsorship from one of `from` to `to`; false when it was not in `from`. */
  transition(
    account: string,
    nonce: string,
    from: readonly SponsorshipStatus[],
    to: SponsorshipStatus,
    update?: SponsorshipUpdate,
  ): boolean | Promise<boolean>;
  get(account: string, nonce: string): Sponsorship | undefined | Promise<Sponsorship | undefined>;
  /**
   * The `reserved` and `submitted` sponsorships last updated before `updatedBefore` (Unix
   * milliseconds), oldest first, at most `limit`: what `Paymaster.reconcile` looks at.
   */
  unfinished(updatedBefore: number, limit: number): Sponsorship[] | Promise<Sponsorship[]>;
  /** What `apiKey` has spent (or holds reserved), in fri. */
  spent(apiKey: string): bigint | Promise<bigint>;
  close(): void | Promise<void>;
}
