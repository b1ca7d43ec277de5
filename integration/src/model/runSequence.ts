import type { AttackWorld } from '../attacks/attackWorld.ts';
import { latestBlockTime } from '../devnet/timeTravel.ts';
import type { Coverage } from './Coverage.ts';
import { expectObservation } from './compareObservation.ts';
import { WINDOW_CHOICES } from './drawPolicy.ts';
import { generateOperation } from './generateOperation.ts';
import { KEY_CAPACITY, KeyPool } from './KeyPool.ts';
import { ModelChain, PARTIES, TOKENS } from './ModelChain.ts';
import { ModelHypotheses } from './ModelHypotheses.ts';
import type { ModelOperation } from './ModelOperation.ts';
import { Prng } from './Prng.ts';
import { SessionModel } from './SessionModel.ts';

/**
 * A period that is a multiple of one hour and of every bucket length drawn: starting each sequence
 * on it makes the hour rounding and the window buckets fall on the same seconds in every run, so
 * a seed replays the same operations (devnet may still run a transaction a second earlier than
 * its block's timestamp; `ModelHypotheses` tracks both readings).
 */
const ALIGNMENT = WINDOW_CHOICES.reduce((l, w) => lcm(l, Math.ceil(w / 7)), 3600);

/**
 * Runs one random sequence of `operations` steps on devnet and on the model, comparing every
 * observable after each step. A mismatch fails with the seed and the step index.
 */
export async function runSequence(
  world: AttackWorld,
  seed: number,
  operations: number,
  coverage: Coverage,
): Promise<void> {
  const prng = new Prng(seed);
  const latest = await latestBlockTime(world.devnet);
  const start = (Math.floor(latest / ALIGNMENT) + 1) * ALIGNMENT + prng.int(0, 7200);
  const chain = await ModelChain.create(world, KEY_CAPACITY, start);
  const pool = new KeyPool();
  let observed = await chain.observe(pool.drawn);
  const balances = new Map<string, bigint>();
  for (const t of TOKENS) {
    for (const p of PARTIES) {
      balances.set(`${t}:${chain.ctx.parties[p]}`, observed.balances[`${t}:${p}`] as bigint);
    }
  }
  const states = new ModelHypotheses(new SessionModel(chain.ctx, balances));
  const where = (index: number, op: ModelOperation | undefined) =>
    `MODEL_SEED=${seed} operation #${index} ${JSON.stringify(op, (_, v) =>
      typeof v === 'bigint' ? `${v}n` : v,
    )}`;
  expectObservation(observed, states.current, pool.drawn, where(-1, undefined));

  for (let index = 0; index < operations; index++) {
    const now = observed.now;
    const model = states.current;
    const op = generateOperation(prng, model, pool, now, chain.ctx.transactionMaxFee);
    const signedValidUntil =
      op.type === 'execute'
        ? (model.validUntilOf(op.key) ?? now + 1000) + (op.staleValidUntil ? 1 : 0)
        : 0;
    const { blockTime, ...actual } = await chain.apply(op, now, signedValidUntil);
    observed = await chain.observe(pool.drawn);
    const times = op.type === 'execute' ? executionTimes(now, blockTime) : [now];
    states.advance(op, times, actual, observed, pool.drawn, where(index, op));
    coverage.record(op, actual);
  }
  coverage.sequences += 1;
}

/** Candidate execution times, the likeliest first. */
function executionTimes(now: number, blockTime: number | undefined): number[] {
  if (blockTime === undefined) return [now, now + 1, now + 2, now + 3];
  const times: number[] = [];
  for (let t = blockTime; t >= Math.max(now, blockTime - 3); t--) times.push(t);
  return times;
}

function lcm(a: number, b: number): number {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return (a / gcd(a, b)) * b;
}
