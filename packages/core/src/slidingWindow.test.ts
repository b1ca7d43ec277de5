import { describe, expect, it } from 'vitest';
import { SlidingWindow, type SlidingWindowState } from './slidingWindow.js';
import { xorshift32 } from './testing/xorshift32.js';

describe('SlidingWindow', () => {
  it('cuts the window into 7 buckets of ceil(W/7) seconds', () => {
    expect(SlidingWindow.bucketSeconds(3600)).toBe(515);
    expect(SlidingWindow.bucketSeconds(7)).toBe(1);
    expect(SlidingWindow.bucketSeconds(1)).toBe(1);
    expect(SlidingWindow.bucketIndex(3600, 1029)).toBe(1);
    expect(SlidingWindow.bucketIndex(3600, 1030)).toBe(2);
  });

  it('counts the current bucket and the 7 before it', () => {
    let w = SlidingWindow.create(70); // B = 10
    w = SlidingWindow.record(w, 100, 5n); // bucket 10
    w = SlidingWindow.record(w, 105, 1n); // bucket 10 again
    w = SlidingWindow.record(w, 130, 2n); // bucket 13
    expect(SlidingWindow.spentAt(w, 130)).toBe(8n);
    expect(SlidingWindow.spentAt(w, 179)).toBe(8n); // bucket 17 = 10 + 7
    expect(SlidingWindow.spentAt(w, 180)).toBe(2n); // bucket 18: bucket 10 left
    expect(SlidingWindow.spentAt(w, 209)).toBe(2n); // bucket 20 = 13 + 7
    expect(SlidingWindow.spentAt(w, 210)).toBe(0n); // bucket 21 = 13 + 8
  });

  it('releases a spend at (bucket + K + 1) · B, between W and W + 2B after it', () => {
    let w = SlidingWindow.create(70);
    w = SlidingWindow.record(w, 109, 5n); // bucket 10
    expect(SlidingWindow.nextReleaseAt(w, 109)).toBe(180);
    expect(SlidingWindow.spentAt(w, 179)).toBe(5n);
    expect(SlidingWindow.spentAt(w, 180)).toBe(0n);
    expect(SlidingWindow.nextReleaseAt(w, 180)).toBe(0);
  });

  it('reports the remaining room and refuses per-call and window excess', () => {
    const limits = { maxPerCall: 60n, maxPerWindow: 100n };
    let w = SlidingWindow.create(3600);
    w = SlidingWindow.record(w, 0, 60n);
    expect(SlidingWindow.remainingAt(w, 100n, 10)).toBe(40n);
    expect(SlidingWindow.check(w, limits, 10, 61n)).toBe('policy/exceeds-per-call');
    expect(SlidingWindow.check(w, limits, 10, 41n)).toBe('policy/exceeds-window');
    expect(SlidingWindow.canSpend(w, limits, 10, 40n)).toBe(true);
    expect(SlidingWindow.remainingAt(w, 50n, 10)).toBe(0n);
  });

  it('treats a zero window budget as refusing every non-zero spend', () => {
    const w = SlidingWindow.create(60);
    const limits = { maxPerCall: 10n, maxPerWindow: 0n };
    expect(SlidingWindow.check(w, limits, 5, 1n)).toBe('policy/exceeds-window');
    expect(SlidingWindow.check(w, limits, 5, 0n)).toBeUndefined();
  });

  it('lets only a zero amount through once spent exceeds a lowered cap', () => {
    let w = SlidingWindow.create(60);
    w = SlidingWindow.record(w, 0, 80n);
    const lowered = { maxPerCall: 100n, maxPerWindow: 50n };
    expect(SlidingWindow.remainingAt(w, 50n, 1)).toBe(0n);
    expect(SlidingWindow.check(w, lowered, 1, 1n)).toBe('policy/exceeds-window');
    expect(SlidingWindow.check(w, lowered, 1, 0n)).toBeUndefined();
  });

  it('records nothing for a zero amount', () => {
    const w = SlidingWindow.record(SlidingWindow.create(7), 3, 4n);
    expect(SlidingWindow.record(w, 11, 0n)).toBe(w);
  });

  it('overwrites a ring slot whose bucket is older than K buckets', () => {
    let w = SlidingWindow.create(7); // B = 1
    w = SlidingWindow.record(w, 3, 4n);
    w = SlidingWindow.record(w, 11, 1n); // same slot (3 % 8 == 11 % 8)
    expect(w.buckets[3]).toEqual({ index: 11, amount: 1n });
    expect(SlidingWindow.spentAt(w, 11)).toBe(1n);
  });

  it('refuses a non-positive window and negative times', () => {
    expect(() => SlidingWindow.create(0)).toThrow(/positive/);
    expect(() => SlidingWindow.spentAt(SlidingWindow.create(5), -1)).toThrow();
  });
});

/** A seeded xorshift generator, so failures are reproducible. */
function rng(seed: number) {
  const next = xorshift32(seed);
  return (bound: number) => next() % bound;
}

describe('SlidingWindow property', () => {
  it('never lets more than maxPerWindow out over any interval shorter than W', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = rng(seed * 7919);
      const windowSeconds = 1 + next(5000);
      const maxPerWindow = BigInt(next(1000));
      const limits = { maxPerCall: maxPerWindow + BigInt(next(50)), maxPerWindow };
      let w: SlidingWindowState = SlidingWindow.create(windowSeconds);
      let t = next(100_000);
      const accepted: [number, bigint][] = [];
      for (let i = 0; i < 150; i++) {
        // Mostly small steps, sometimes jumps beyond the window.
        t += next(10) < 8 ? next(Math.ceil(windowSeconds / 3) + 1) : next(3 * windowSeconds);
        const amount = BigInt(next(Number(maxPerWindow) + 20));
        if (SlidingWindow.canSpend(w, limits, t, amount)) {
          w = SlidingWindow.record(w, t, amount);
          accepted.push([t, amount]);
        }
        expect(SlidingWindow.spentAt(w, t)).toBeLessThanOrEqual(maxPerWindow);
      }
      for (const [start] of accepted) {
        let sum = 0n;
        for (const [time, amount] of accepted)
          if (time >= start && time < start + windowSeconds) sum += amount;
        expect(sum, `seed ${seed}, window ${windowSeconds}, start ${start}`).toBeLessThanOrEqual(
          maxPerWindow,
        );
      }
    }
  });

  it('frees every spend no later than W + 2B after it', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const next = rng(seed);
      const windowSeconds = 1 + next(10_000);
      const b = SlidingWindow.bucketSeconds(windowSeconds);
      const t = next(1_000_000);
      const w = SlidingWindow.record(SlidingWindow.create(windowSeconds), t, 1n);
      const release = SlidingWindow.nextReleaseAt(w, t);
      expect(release - t).toBeGreaterThanOrEqual(windowSeconds);
      expect(release - t).toBeLessThanOrEqual(windowSeconds + 2 * b);
      expect(SlidingWindow.spentAt(w, release - 1)).toBe(1n);
      expect(SlidingWindow.spentAt(w, release)).toBe(0n);
    }
  });

  it('a new window length carries what is counted until the later release (as the account)', () => {
    const limits = { maxPerCall: 100n, maxPerWindow: 100n };
    const now = 1_700_000_000;
    // 100 per 70 s fully spent, then 100 per 7 s: nothing more until the old window frees it.
    let w = SlidingWindow.record(SlidingWindow.create(70), now, 100n);
    w = SlidingWindow.changeWindow(w, 7, now);
    const release = (now / 10 + 8) * 10;
    expect(SlidingWindow.spentAt(w, now + 10)).toBe(100n);
    expect(SlidingWindow.check(w, limits, now + 10, 1n)).toBe('policy/exceeds-window');
    expect(SlidingWindow.nextReleaseAt(w, now)).toBe(release);
    expect(SlidingWindow.spentAt(w, release - 1)).toBe(100n);
    expect(SlidingWindow.spentAt(w, release)).toBe(0n);
    // Lengthening counts it as spent at the change under the new window.
    let longer = SlidingWindow.record(SlidingWindow.create(7), now, 100n);
    longer = SlidingWindow.changeWindow(longer, 700, now);
    expect(SlidingWindow.nextReleaseAt(longer, now)).toBe((now / 100 + 8) * 100);
    // The same length changes nothing.
    expect(SlidingWindow.changeWindow(longer, 700, now)).toBe(longer);
  });

  it('a change of window never frees a counted spend before the old window would', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const next = rng(seed);
      const before = 1 + next(5_000);
      const after = 1 + next(5_000);
      const t0 = 1_000_000 + next(10_000);
      const t1 = t0 + next(before);
      const old = SlidingWindow.record(SlidingWindow.create(before), t0, 5n);
      const oldRelease = SlidingWindow.nextReleaseAt(old, t1);
      const changed = SlidingWindow.changeWindow(old, after, t1);
      expect(SlidingWindow.spentAt(changed, t1), `seed ${seed}`).toBe(5n);
      expect(SlidingWindow.spentAt(changed, oldRelease - 1), `seed ${seed}`).toBe(5n);
    }
  });
});
