import type { ModelPolicy, TokenIndex } from './ModelOperation.ts';
import type { Prng } from './Prng.ts';

/** Window lengths drawn for policies (600 s has a rounded-up bucket of 86 s). */
export const WINDOW_CHOICES = [600, 700, 3500] as const;

/**
 * A spending policy for `token`: usually room for a few small spends, sometimes a zero budget,
 * now and then one the SDK refuses (a per-call cap above a non-zero window cap). `keepWindow`
 * reuses a window length, which keeps the spending history across the change.
 */
export function drawPolicy(prng: Prng, token: TokenIndex, keepWindow?: number): ModelPolicy {
  const maxPerCall = BigInt(prng.int(1, 6));
  const maxPerWindow = prng.weighted<() => bigint>([
    [1, () => 0n],
    [0.6, () => BigInt(prng.int(1, Number(maxPerCall)) - 1)],
    [10, () => maxPerCall + BigInt(prng.int(0, 10))],
  ])();
  return {
    token,
    maxPerCall,
    maxPerWindow,
    windowSeconds: keepWindow ?? prng.pick(WINDOW_CHOICES),
  };
}
