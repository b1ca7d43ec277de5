import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttackWorld, startAttackWorld } from '../attacks/attackWorld.ts';
import { Coverage } from './Coverage.ts';
import { runSequence } from './runSequence.ts';

const seedFromEnv = process.env.MODEL_SEED;
const SEED = seedFromEnv === undefined ? 20_260_101 : Number(seedFromEnv);
const SEQUENCES = Number(process.env.MODEL_SEQUENCES ?? (seedFromEnv === undefined ? 5 : 1));
const OPERATIONS = Number(process.env.MODEL_OPS ?? 40);
/** An accepted execution waits for its block: about a second an operation on two shared cores. */
const TIMEOUT_MS = Math.max(180_000, SEQUENCES * OPERATIONS * 3_000);

let world: AttackWorld;

beforeAll(async () => {
  world = await startAttackWorld();
});
afterAll(async () => {
  await world?.stop();
});

describe('model-based random testing', () => {
  it(
    `${SEQUENCES} random sequence(s) of ${OPERATIONS} operations behave as the model says`,
    async () => {
      expect(Number.isSafeInteger(SEED) && SEQUENCES > 0 && OPERATIONS > 0).toBe(true);
      const coverage = new Coverage();
      const started = Date.now();
      for (let i = 0; i < SEQUENCES; i++) {
        await runSequence(world, SEED + i, OPERATIONS, coverage);
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `model-based: seeds ${SEED}..${SEED + SEQUENCES - 1} in ${seconds} s\n${coverage.summary()}`,
      );
      expect(coverage).toMatchObject({ sequences: SEQUENCES, operations: SEQUENCES * OPERATIONS });
      // A replayed seed may be short; from the default seeds on, the generator must keep
      // exercising live sessions and refusals of many kinds.
      if (seedFromEnv === undefined) expectCoverageFloor(coverage);
    },
    TIMEOUT_MS,
  );
});

function expectCoverageFloor(coverage: Coverage): void {
  const { operations, executions, acceptedExecutions } = coverage;
  expect(executions, 'executions').toBeGreaterThanOrEqual(0.4 * operations);
  expect(acceptedExecutions, 'accepted executions').toBeGreaterThanOrEqual(0.2 * operations);
  expect(acceptedExecutions, 'accepted executions').toBeGreaterThanOrEqual(0.3 * executions);
  expect(acceptedExecutions, 'accepted executions').toBeLessThanOrEqual(0.75 * executions);
  expect(coverage.acceptedMulticalls, 'accepted multicalls').toBeGreaterThanOrEqual(
    0.05 * operations,
  );
  expect(coverage.refusalCodes().size, 'distinct refusal codes').toBeGreaterThanOrEqual(
    Math.min(7, Math.floor(operations / 15)),
  );
  expect(coverage.acceptedOutsideExecutions, 'accepted outside executions').toBeGreaterThan(0);
  expect(
    coverage.outsideExecutions - coverage.acceptedOutsideExecutions,
    'refused outside executions',
  ).toBeGreaterThan(0);
  expect(coverage.registrations, 'registrations').toBeGreaterThanOrEqual(coverage.sequences);
  expect(coverage.policyChanges, 'policy changes').toBeGreaterThan(0);
  expect(coverage.timeJumps, 'time jumps').toBeGreaterThan(0);
}
