import { drawCalls } from './drawCalls.ts';
import { drawPolicy } from './drawPolicy.ts';
import { drawRegistration } from './drawRegistration.ts';
import { drawTravel } from './drawTravel.ts';
import type { KeyPool } from './KeyPool.ts';
import type { ModelOperation, TokenIndex } from './ModelOperation.ts';
import type { Prng } from './Prng.ts';
import type { SessionModel } from './SessionModel.ts';

/** The share of executions sent as outside executions through a relayer. */
const OUTSIDE_SHARE = 0.25;

/**
 * Draws the next operation of a random sequence. It reads the model to spend most operations on
 * live sessions: it registers when no session is live, aims executions mostly at live keys and
 * keeps refusals of every kind in smaller shares (revoked, expired, exhausted and unknown keys,
 * calls outside the allow-list, amounts over the limits).
 */
export function generateOperation(
  prng: Prng,
  model: SessionModel,
  pool: KeyPool,
  now: number,
  transactionMaxFee: bigint,
): ModelOperation {
  const active = pool.withStatus(model, now, 'active');
  const dormant = [
    ...pool.withStatus(model, now, 'expired'),
    ...pool.withStatus(model, now, 'exhausted'),
  ];
  const revoked = pool.withStatus(model, now, 'revoked');
  const unknown = pool.withStatus(model, now, 'unknown');
  const registered = [...active, ...dormant];
  const anyKey = () => pool.fresh() ?? prng.int(0, pool.drawn - 1);
  const attack = () => {
    const key = prng.pick(revoked);
    pool.spendAttack(key);
    return key;
  };
  const unregistered = () =>
    unknown.length > 0 && prng.chance(0.5) ? prng.pick(unknown) : anyKey();
  const shortOfSessions = active.length === 0 ? 10 : active.length === 1 ? 2 : 0;

  const execute = (): ModelOperation => {
    const key = prng.weighted<() => number>([
      [active.length > 0 ? 85 : 0, () => prng.pick(active)],
      [dormant.length > 0 ? 6 : 0, () => prng.pick(dormant)],
      [revoked.length > 0 ? 6 : 0, attack],
      [3, unregistered],
    ])();
    const calls = drawCalls(prng, model, key, now);
    return {
      type: 'execute',
      key,
      calls,
      staleValidUntil: prng.chance(0.03),
      outside: prng.chance(OUTSIDE_SHARE),
    };
  };
  const register = (): ModelOperation =>
    prng.weighted<() => ModelOperation>([
      [revoked.length > 0 ? 1 : 0, () => drawRegistration(prng, transactionMaxFee, attack())],
      [
        registered.length > 0 ? 2.5 : 0,
        () => {
          const key = prng.pick(registered);
          return drawRegistration(
            prng,
            transactionMaxFee,
            key,
            model.sessionView(key, now).callsUsed,
          );
        },
      ],
      [5, () => drawRegistration(prng, transactionMaxFee, unregistered())],
    ])();
  const setPolicy = (): ModelOperation => {
    const key = prng.weighted<() => number>([
      [active.length > 0 ? 8 : 0, () => prng.pick(active)],
      [dormant.length > 0 ? 1 : 0, () => prng.pick(dormant)],
      [1, unregistered],
    ])();
    const token: TokenIndex = prng.chance(0.5) ? 0 : 1;
    const current = model.policyView(key, token, now);
    // A change keeps the window length (and so the history) more often than not.
    const keep = current.exists && prng.chance(0.6) ? current.windowSeconds : undefined;
    return { type: 'setPolicy', key, ...drawPolicy(prng, token, keep) };
  };
  const removePolicy = (): ModelOperation => {
    const limited = registered.flatMap((key) =>
      ([0, 1] as const)
        .filter((token) => model.policyView(key, token, now).exists)
        .map((token) => ({ key, token })),
    );
    if (limited.length > 0) return { type: 'removePolicy', ...prng.pick(limited) };
    return { type: 'removePolicy', key: anyKey(), token: prng.chance(0.5) ? 0 : 1 };
  };
  const revoke = (): ModelOperation => ({
    type: 'revoke',
    key: prng.weighted<() => number>([
      [active.length > 0 ? 8 : 0, () => prng.pick(active)],
      [dormant.length > 0 ? 1 : 0, () => prng.pick(dormant)],
      // A key revoked before it is ever registered can never be registered.
      [1, unregistered],
    ])(),
  });

  return prng.weighted<() => ModelOperation>([
    [active.length > 0 ? 14 : 2, execute],
    [2 + shortOfSessions, register],
    [4, () => drawTravel(prng, model, active, now)],
    [2, setPolicy],
    [0.6, removePolicy],
    [0.6, revoke],
    [0.15, () => ({ type: 'revokeAll' })],
  ])();
}
