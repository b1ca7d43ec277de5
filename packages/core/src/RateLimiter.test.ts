import { describe, expect, it } from 'vitest';
import { RateLimiter } from './RateLimiter.js';

describe('RateLimiter', () => {
  it('allows a burst per key, refuses beyond it, and refills over time', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 2, perSecond: 1 }, { now: () => now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, false]);
    expect(limiter.take('b')).toBe(true);
    now = 500;
    expect(limiter.take('a')).toBe(false);
    now = 1500;
    expect(limiter.take('a')).toBe(true);
  });

  it('applies a per-key limit given with each request', () => {
    let now = 0;
    const limiter = new RateLimiter(undefined, { now: () => now });
    const strict = { burst: 1, perSecond: 1 };
    const loose = { burst: 3, perSecond: 1 };
    expect([limiter.take('a', strict), limiter.take('a', strict)]).toEqual([true, false]);
    expect([limiter.take('b', loose), limiter.take('b', loose), limiter.take('b', loose)]).toEqual([
      true,
      true,
      true,
    ]);
    expect(limiter.take('b', loose)).toBe(false);
    now = 1000;
    expect(limiter.take('a', strict)).toBe(true);
    expect(() => limiter.take('c')).toThrow(RangeError);
  });

  it('drops idle buckets once it holds maxKeys of them', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 1, perSecond: 1 }, { now: () => now, maxKeys: 2 });
    expect([limiter.take('a'), limiter.take('b')]).toEqual([true, true]);
    now = 5_000;
    expect(limiter.take('c')).toBe(true);
    // 'a' was idle long enough to be full again: dropped, so it starts with a full bucket.
    expect(limiter.take('a')).toBe(true);
  });

  it('refuses a limit that could never admit a request', () => {
    expect(() => new RateLimiter({ burst: 0, perSecond: 1 })).toThrow(RangeError);
  });
});
