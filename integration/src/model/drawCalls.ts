import { drawAmount, drawSplit } from './drawAmount.ts';
import type { ModelCall, Party, TokenIndex } from './ModelOperation.ts';
import type { Prng } from './Prng.ts';
import type { SessionModel } from './SessionModel.ts';

/** How often the calls of a live session are redrawn until its allow-list lets them through. */
const INSIDE_ALLOW_LIST = 0.85;
const REDRAWS = 8;

/**
 * The calls of a session transaction on `key`: for a live session usually inside its allow-list,
 * with amounts around its policies' limits.
 */
export function drawCalls(prng: Prng, model: SessionModel, key: number, now: number): ModelCall[] {
  const live = model.sessionView(key, now).status === 'active';
  if (!live || !prng.chance(INSIDE_ALLOW_LIST)) return drawPlan(prng, model, key, now);
  let calls = drawPlan(prng, model, key, now);
  for (let i = 0; i < REDRAWS && !model.permits(key, calls); i++) {
    calls = drawPlan(prng, model, key, now);
  }
  return calls;
}

function drawPlan(prng: Prng, model: SessionModel, key: number, now: number): ModelCall[] {
  const token = pickToken(prng, model, key, now);
  const view = model.policyView(key, token, now);
  const other: TokenIndex = token === 0 ? 1 : 0;
  return prng.weighted<() => ModelCall[]>([
    [5, () => [single(prng, token, drawAmount(prng, view))]],
    // Several spends of one token in one transaction add up in its window.
    [3, () => drawSplit(prng, view, prng.int(2, 3)).map((amount) => transfer(prng, token, amount))],
    [1.2, () => approveThenPull(prng, token, drawSplit(prng, view, 2))],
    [
      1,
      () => [
        single(prng, token, drawAmount(prng, view)),
        single(prng, other, drawAmount(prng, model.policyView(key, other, now))),
      ],
    ],
    [0.5, () => [transfer(prng, token, 1n), { kind: 'self' }]],
  ])();
}

/** A token with a policy more often than not: that is where the limits are. */
function pickToken(prng: Prng, model: SessionModel, key: number, now: number): TokenIndex {
  const limited = ([0, 1] as const).filter((t) => model.policyView(key, t, now).exists);
  if (limited.length > 0 && prng.chance(0.75)) return prng.pick(limited);
  return prng.chance(0.6) ? 0 : 1;
}

function single(prng: Prng, token: TokenIndex, amount: bigint): ModelCall {
  const kind = prng.weighted<Exclude<ModelCall, { kind: 'self' }>['kind']>([
    [6, 'transfer'],
    [1.2, 'approve'],
    [1.2, 'increase_allowance'],
    [0.8, 'transfer_from'],
    [0.8, 'decrease_allowance'],
  ]);
  const to: Party =
    kind === 'transfer' || kind === 'transfer_from'
      ? prng.pick(['r0', 'r1'] as const)
      : prng.pick(['wallet', 'r0'] as const);
  return { kind, token, to, amount };
}

function transfer(prng: Prng, token: TokenIndex, amount: bigint): ModelCall {
  return { kind: 'transfer', token, to: prng.pick(['r0', 'r1'] as const), amount };
}

/** The wallet allows itself an amount and pulls (at most) that much: both spends count. */
function approveThenPull(prng: Prng, token: TokenIndex, [grant, pull]: bigint[]): ModelCall[] {
  return [
    {
      kind: prng.chance(0.7) ? 'approve' : 'increase_allowance',
      token,
      to: 'wallet',
      amount: grant as bigint,
    },
    { kind: 'transfer_from', token, to: prng.pick(['r0', 'r1'] as const), amount: pull as bigint },
  ];
}
