import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import { type Observation, PARTIES, SPENDERS, TOKENS } from './ModelChain.ts';
import type { SessionModel } from './SessionModel.ts';

/**
 * Views run in the node's pending block, whose clock may be a second or more past the latest
 * block's: a time-dependent view may match the model at any of those instants.
 */
const VIEW_LATENESS = [0, 1, 2, 3];

/** Whether every observable read from the chain is what the model says. */
export function agrees(actual: Observation, model: SessionModel, keyCount: number): boolean {
  let all = true;
  check(actual, model, keyCount, (got, wanted) => {
    all &&= isDeepStrictEqual(got, wanted);
  });
  return all;
}

/** Expects every observable read from the chain to be what the model says. */
export function expectObservation(
  actual: Observation,
  model: SessionModel,
  keyCount: number,
  where: string,
): void {
  const label = `${where} at ${actual.now}`;
  check(actual, model, keyCount, (got, wanted, what) => {
    expect(got, `${label}: ${what}`).toEqual(wanted);
  });
}

function check(
  actual: Observation,
  model: SessionModel,
  keyCount: number,
  assert: (got: unknown, wanted: unknown, what: string) => void,
): void {
  const candidates = VIEW_LATENESS.map((late) => expected(model, actual.now + late, keyCount));
  const first = candidates[0] as Observation;
  const wanted = <T>(got: T, view: (o: Observation) => T): T =>
    view(candidates.find((c) => isDeepStrictEqual(view(c), got)) ?? first);
  actual.sessions.forEach((s, k) => {
    assert(
      s,
      wanted(s, (o) => o.sessions[k]),
      `session data of key ${k}`,
    );
  });
  actual.policies.forEach((perToken, k) => {
    perToken.forEach((p, t) => {
      assert(
        p,
        wanted(p, (o) => o.policies[k]?.[t]),
        `spending policy of key ${k}, token ${t}`,
      );
    });
  });
  assert(actual.balances, first.balances, 'balances');
  assert(actual.allowances, first.allowances, 'allowances');
}

function expected(model: SessionModel, now: number, keyCount: number): Observation {
  const keys = Array.from({ length: keyCount }, (_, k) => k);
  return {
    now,
    sessions: keys.map((k) => model.sessionView(k, now)),
    policies: keys.map((k) => TOKENS.map((t) => model.policyView(k, t, now))),
    balances: Object.fromEntries(
      TOKENS.flatMap((t) => PARTIES.map((p) => [`${t}:${p}`, model.balanceOfParty(t, p)])),
    ),
    allowances: Object.fromEntries(
      TOKENS.flatMap((t) => SPENDERS.map((p) => [`${t}:${p}`, model.allowanceToParty(t, p)])),
    ),
  };
}
