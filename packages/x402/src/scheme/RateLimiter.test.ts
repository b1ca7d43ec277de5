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

  it('refuses a limit that could never admit a request', () => {
    expect(() => new RateLimiter({ burst: 0, perSecond: 1 })).toThrow(RangeError);
  });
});
