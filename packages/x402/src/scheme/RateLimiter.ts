/** Parameters of `RateLimiter`. */
export interface RateLimit {
  /** Requests a client may make in a burst. */
  burst: number;
  /** Requests per second a client regains, up to `burst`. */
  perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client key (an API key, a remote address). `take(key)` is false when the
 * client is over its rate; nothing else is done for it, so a refused request costs no RPC.
 * Memory is bounded: idle full buckets are dropped once `maxKeys` is reached.
 */
export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(limit: RateLimit, options: { now?: () => number; maxKeys?: number } = {}) {
    if (!(limit.burst >= 1 && limit.perSecond > 0)) {
      throw new RangeError('a rate limit needs burst >= 1 and perSecond > 0');
    }
    this.#limit = limit;
    this.#now = options.now ?? Date.now;
    this.#maxKeys = options.maxKeys ?? 10_000;
  }

  /** Spends one request of `key`'s budget; false when it has none left. */
  take(key: string): boolean {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#limit.burst, at: now };
    bucket.tokens = Math.min(
      this.#limit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.#limit.perSecond,
    );
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.#buckets.set(key, bucket);
      return false;
    }
    bucket.tokens -= 1;
    if (!this.#buckets.has(key) && this.#buckets.size >= this.#maxKeys) this.#evict(now);
    this.#buckets.set(key, bucket);
    return true;
  }

  #evict(now: number): void {
    const refill = (this.#limit.burst / this.#limit.perSecond) * 1000;
    for (const [key, bucket] of this.#buckets) {
      if (now - bucket.at >= refill) this.#buckets.delete(key);
    }
    if (this.#buckets.size >= this.#maxKeys) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
  }
}
