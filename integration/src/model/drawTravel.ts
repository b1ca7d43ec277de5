import { SlidingWindow } from '@chipi-sessions/core';
import type { ModelOperation } from './ModelOperation.ts';
import type { Prng } from './Prng.ts';
import type { SessionModel } from './SessionModel.ts';

const HOUR = 3600;
const nextHourAfter = (t: number) => (Math.floor(t / HOUR) + 1) * HOUR;

/**
 * A time jump aimed at what can change an outcome for the live `keys`: mostly the policies'
 * bucket boundaries, releases and window lengths; sometimes an expiry (just before it, inside
 * the hour-rounded validation grace after it, or past the next hour); else an hour boundary or a
 * plain short or medium jump.
 */
export function drawTravel(
  prng: Prng,
  model: SessionModel,
  keys: readonly number[],
  now: number,
): ModelOperation {
  const windows: number[] = [];
  const expiries: number[] = [];
  for (const key of keys) {
    const validUntil = model.validUntilOf(key);
    if (validUntil !== undefined) {
      // Between validUntil and the next hour, validation (hour-rounded) passes but
      // __execute__ (exact time) refuses.
      const graceEnd = nextHourAfter(validUntil);
      expiries.push(validUntil - 1, validUntil + 1, prng.int(validUntil + 1, graceEnd), graceEnd);
    }
    for (const token of [0, 1] as const) {
      const view = model.policyView(key, token, now);
      if (!view.exists) continue;
      const bucket = SlidingWindow.bucketSeconds(view.windowSeconds);
      const boundary = (Math.floor(now / bucket) + 1) * bucket;
      windows.push(boundary - 1, boundary, boundary + bucket, now + view.windowSeconds);
      if (view.nextReleaseAt > 0) windows.push(view.nextReleaseAt - 1, view.nextReleaseAt);
    }
  }
  const ahead = (targets: number[]) => targets.filter((t) => t > now);
  const aimed = ahead(windows);
  const expiring = ahead(expiries);
  const seconds = prng.weighted<() => number>([
    [aimed.length > 0 ? 5 : 0, () => prng.pick(aimed) - now],
    [expiring.length > 0 ? 2.5 : 0, () => prng.pick(expiring) - now],
    [0.6, () => prng.pick([nextHourAfter(now) - 1, nextHourAfter(now)]) - now],
    [2, () => prng.int(1, 60)],
    [1.2, () => prng.int(200, 1500)],
  ])();
  return { type: 'travel', seconds: Math.max(1, seconds) };
}
