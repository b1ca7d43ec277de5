import { drawPolicy } from './drawPolicy.ts';
import type { ModelAllowedEntry, ModelOperation } from './ModelOperation.ts';
import type { Prng } from './Prng.ts';

const ALLOW_LISTS: readonly ModelAllowedEntry[][] = [
  [],
  [],
  ['transfer'],
  ['transfer', 'approve', 'increase_allowance', 'transfer_from'],
  [{ token: 0, entrypoint: 'transfer' }],
  [{ token: 1, entrypoint: 'transfer' }, 'approve', 'transfer_from'],
  ['transfer', 'decrease_allowance', 'increase_allowance'],
  [
    { token: 0, entrypoint: 'transfer' },
    { token: 0, entrypoint: 'approve' },
    { token: 0, entrypoint: 'transfer_from' },
  ],
];

/**
 * Registers `key`, or updates it when `callsUsed` (its calls used so far) is given: mostly hours
 * of life and calls to spare, sometimes a short life or a budget that runs out at once; strict
 * or not, with no policy, one, or one per token; mostly without a fee cap, sometimes with one
 * exactly at `transactionMaxFee` (the fee bound of the sequence's transactions) or one below it.
 */
export function drawRegistration(
  prng: Prng,
  transactionMaxFee: bigint,
  key: number,
  callsUsed?: number,
): ModelOperation {
  const maxCalls =
    callsUsed === undefined
      ? prng.weighted([
          [1, () => prng.int(1, 2)],
          [5, () => prng.int(4, 12)],
        ])()
      : prng.weighted([
          [1, () => Math.max(1, callsUsed - prng.int(0, 1))],
          [5, () => callsUsed + prng.int(2, 8)],
        ])();
  const first = prng.chance(0.5) ? 0 : 1;
  return {
    type: 'register',
    key,
    lifetimeSeconds: prng.weighted([
      [2, () => prng.int(600, 3000)],
      [3, () => prng.int(7200, 28_800)],
    ])(),
    maxCalls,
    allowed: prng.pick(ALLOW_LISTS),
    strict: prng.chance(0.25),
    maxFeePerTx: prng.weighted([
      [7, () => 0n],
      [1.5, () => transactionMaxFee],
      [1, () => transactionMaxFee - 1n],
    ])(),
    // Fixed resource bounds declare far more than the SDK's estimates, so the default budget
    // (0.05 STRK per call) fits none of the model's transactions: most sessions get room for all
    // their calls, some for a few, some for one short of two.
    feeBudget: prng.weighted<() => bigint | undefined>([
      [2, () => undefined],
      [5, () => transactionMaxFee * BigInt(maxCalls)],
      [1.5, () => transactionMaxFee * BigInt(prng.int(1, 3))],
      [1, () => transactionMaxFee * 2n - 1n],
    ])(),
    policies: prng.weighted([
      [5, () => []],
      [3, () => [drawPolicy(prng, first)]],
      [1.5, () => [drawPolicy(prng, 0), drawPolicy(prng, 1)]],
    ])(),
  };
}
