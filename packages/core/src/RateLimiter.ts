/** A rate limit: `burst` requests at once, regaining `perSecond` per second up to `burst`. */
export interface RateLimit {
  /** Requests a client may make in a burst. */
  burst: number;
  /** Requests per second a client regains, up to `burst`. */
  perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
  limit: RateLimit;
}

/**
 * A token bucket per client key (an API key, a remote address). `take(key)` is false when the
 * client is over its rate; nothing else is done for it, so a refused request costs no RPC.
 * Each call may name its own limit (a per-key limit), else the limiter's default applies.
 * Memory is bounded: idle full buckets are dropped once `maxKeys` is reached.
 */
export class RateLimiter {
  readonly #limit: RateLimit | undefined;
  readonly #now: () => number;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(limit?: RateLimit, options: { now?: () => number; maxKeys?: number } = {}) {
    if (limit !== undefined) checkLimit(limit);
    this.#limit = limit;
    this.#now = options.now ?? Date.now;
    this.#maxKeys = options.maxKeys ?? 10_000;
  }

  /** Spends one request of `key`'s budget under `limit` (default: the limiter's); false when none is left. */
  take(key: string, limit: RateLimit | undefined = this.#limit): boolean {
    if (limit === undefined) throw new RangeError('no rate limit given for this key');
    checkLimit(limit);
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: limit.burst, at: now, limit };
    bucket.tokens = Math.min(
      limit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond,
    );
    bucket.at = now;
    bucket.limit = limit;
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
    for (const [key, bucket] of this.#buckets) {
      const refill = (bucket.limit.burst / bucket.limit.perSecond) * 1000;
      if (now - bucket.at >= refill) this.#buckets.delete(key);
    }
    if (this.#buckets.size >= this.#maxKeys) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
  }
}

function checkLimit(limit: RateLimit): void {
  if (!(limit.burst >= 1 && limit.perSecond > 0)) {
    throw new RangeError('a rate limit needs burst >= 1 and perSecond > 0');
  }
}
