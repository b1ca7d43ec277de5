import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import { agrees, expectObservation } from './compareObservation.ts';
import type { Observation } from './ModelChain.ts';
import type { ModelOperation, ModelResult } from './ModelOperation.ts';
import type { SessionModel } from './SessionModel.ts';

/** More states than this would mean the chain's clock is far looser than assumed. */
const MAX_HYPOTHESES = 32;

/**
 * The model states consistent with everything the chain showed so far. Devnet runs a transaction
 * in its pending block, whose clock may lag the timestamp the block is mined with by a second,
 * or (refused before inclusion) run a second or two past the latest block; so a transaction may
 * have run at any instant of a short span. Which one is not always visible at once (a spend
 * just before a bucket boundary reads the same until the older bucket frees up): every instant
 * that matches the result and the observables is kept until a later observation rules it out.
 */
export class ModelHypotheses {
  #models: SessionModel[];

  constructor(model: SessionModel) {
    this.#models = [model];
  }

  /** A state consistent with the chain, for the generator. */
  get current(): SessionModel {
    return this.#models[0] as SessionModel;
  }

  /**
   * Keeps the states in which `op`, run at one of `times`, gives `actual` and leaves `observed`.
   * Fails with the first state's expectation when none does.
   */
  advance(
    op: ModelOperation,
    times: readonly number[],
    actual: ModelResult,
    observed: Observation,
    keyCount: number,
    label: string,
  ): void {
    const kept = new Map<string, SessionModel>();
    for (const model of this.#models) {
      for (const t of times) {
        const copy = model.clone();
        const result = copy.apply(op, t);
        if (isDeepStrictEqual(result, actual) && agrees(observed, copy, keyCount)) {
          kept.set(copy.fingerprint(), copy);
        }
      }
    }
    if (kept.size === 0) {
      const copy = this.current.clone();
      expect(actual, `${label}: result`).toEqual(copy.apply(op, times[0] as number));
      expectObservation(observed, copy, keyCount, label);
      expect.unreachable(`${label}: no execution time explains both result and observables`);
    }
    expect(kept.size, `${label}: model states`).toBeLessThanOrEqual(MAX_HYPOTHESES);
    this.#models = [...kept.values()];
  }
}
