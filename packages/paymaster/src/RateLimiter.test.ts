import { describe, expect, it } from 'vitest';
import { RateLimiter } from './RateLimiter.js';

describe('RateLimiter', () => {
  it('allows a burst, then regains requests with time, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const limit = { burst: 2, perSecond: 1 };
    expect(limiter.take('a', limit)).toBe(true);
    expect(limiter.take('a', limit)).toBe(true);
    expect(limiter.take('a', limit)).toBe(false);
    expect(limiter.take('b', limit)).toBe(true);
    now = 999;
    expect(limiter.take('a', limit)).toBe(false);
    now = 2000;
    expect(limiter.take('a', limit)).toBe(true);
  });
});
