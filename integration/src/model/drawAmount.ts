import type { SpendingPolicyView } from '@chipi-sessions/core';
import type { Prng } from './Prng.ts';

const min = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * One spend's amount around what a policy leaves: inside, at, or one over the per-call cap or
 * the window room, whichever binds. Without a policy, a small amount.
 */
export function drawAmount(prng: Prng, view: SpendingPolicyView): bigint {
  if (!view.exists) return BigInt(prng.int(0, 7));
  const room = min(view.maxPerCall, view.remainingInWindow);
  return prng.weighted<() => bigint>([
    [4, () => BigInt(prng.int(room > 0n ? 1 : 0, Number(room)))],
    [2, () => room],
    [1, () => room + 1n],
    [1, () => view.maxPerCall + 1n],
    [0.3, () => 0n],
  ])();
}

/**
 * Amounts of `count` spends of one token in one transaction whose total lands at, just under or
 * just over the window room reachable within the per-call caps; each part stays within the
 * per-call cap when the total allows it, so the window is what decides.
 */
export function drawSplit(prng: Prng, view: SpendingPolicyView, count: number): bigint[] {
  if (!view.exists) return Array.from({ length: count }, () => BigInt(prng.int(1, 5)));
  const room = min(view.remainingInWindow, view.maxPerCall * BigInt(count));
  const total = prng.weighted<() => bigint>([
    [3, () => room],
    [2, () => room + 1n],
    [1, () => (room > 0n ? room - 1n : 0n)],
    [1.5, () => BigInt(prng.int(0, Number(room)))],
  ])();
  const n = BigInt(count);
  return Array.from({ length: count }, (_, i) => total / n + (BigInt(i) < total % n ? 1n : 0n));
}
