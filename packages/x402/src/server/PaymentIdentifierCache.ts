/** A paid response as it was sent, kept so that a resend of the same payment gets it back. */
export interface CachedPaidResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** What `PaymentIdentifierCache.begin` found for an id. */
export type PaymentIdentifierClaim =
  | { state: 'new' }
  | { state: 'processing' }
  | { state: 'conflict' }
  | { state: 'cached'; response: CachedPaidResponse }
  /** Served but not yet settled (`settlement_pending`): settle again, then send this response. */
  | { state: 'unsettled'; response: CachedPaidResponse };

/**
 * The resource server's side of the `payment-identifier` extension: binds an id to the exact
 * payment payload that first used it, atomically. `begin` decides before any verification:
 * the same payload after success gets the cached response, another payload with the id is a
 * conflict (409), a resend while the first request is still running is told to retry later, and
 * a resend of a served payment whose settlement was pending resumes that settlement without
 * running the handler again (`unsettled`, handed to exactly one caller).
 */
export interface PaymentIdentifierCache {
  begin(
    key: string,
    payloadFingerprint: string,
  ): PaymentIdentifierClaim | Promise<PaymentIdentifierClaim>;
  /** Stores the response of a settled payment. */
  complete(key: string, response: CachedPaidResponse): void | Promise<void>;
  /** Keeps the response of a served payment whose settlement is still pending. */
  hold(key: string, response: CachedPaidResponse): void | Promise<void>;
  /** Forgets an id whose payment did not go through, so that it may be used again. */
  abandon(key: string): void | Promise<void>;
}

interface Entry {
  fingerprint: string;
  state: 'processing' | 'unsettled' | 'done';
  response: CachedPaidResponse | undefined;
  expiresAt: number;
}

/**
 * The in-process `PaymentIdentifierCache`: `begin` checks and inserts in one synchronous step,
 * so concurrent requests of one process cannot both proceed. Entries live `ttlMs` (default one
 * hour), at most `maxEntries` (default 10 000, oldest dropped first). Several server processes
 * need a shared implementation of the interface.
 */
export class MemoryPaymentIdentifierCache implements PaymentIdentifierCache {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? 3_600_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  begin(key: string, payloadFingerprint: string): PaymentIdentifierClaim {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt > now) {
      if (entry.fingerprint !== payloadFingerprint) return { state: 'conflict' };
      if (entry.state === 'processing' || entry.response === undefined)
        return { state: 'processing' };
      if (entry.state === 'done') return { state: 'cached', response: entry.response };
      entry.state = 'processing';
      return { state: 'unsettled', response: entry.response };
    }
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, {
      fingerprint: payloadFingerprint,
      state: 'processing',
      response: undefined,
      expiresAt: now + this.#ttlMs,
    });
    return { state: 'new' };
  }

  complete(key: string, response: CachedPaidResponse): void {
    const entry = this.#entries.get(key);
    if (entry !== undefined) Object.assign(entry, { state: 'done', response });
  }

  hold(key: string, response: CachedPaidResponse): void {
    const entry = this.#entries.get(key);
    if (entry !== undefined) Object.assign(entry, { state: 'unsettled', response });
  }

  abandon(key: string): void {
    this.#entries.delete(key);
  }
}
