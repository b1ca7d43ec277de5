import type { ModelSessionView } from './SessionModel.ts';

/** Session key pairs created for each sequence; the pool draws from them as it needs. */
export const KEY_CAPACITY = 16;
/** How many operations may still aim at a key once it is revoked, to check it stays dead. */
const ATTACKS_PER_REVOKED_KEY = 2;

type Status = ModelSessionView['status'];

/** What the pool needs to know of the model. */
interface KeyStatusSource {
  sessionView(key: number, now: number): { status: Status };
}

/**
 * The session keys a sequence plays with. Keys are handed out in order when a fresh one is needed;
 * a revoked key stays drawable only for a few attack operations and is then retired, so
 * revocations do not starve the sequence of live sessions.
 */
export class KeyPool {
  #drawn = 0;
  readonly #attacksLeft = new Map<number, number>();

  /** How many keys were handed out: indices `0 .. drawn - 1`. */
  get drawn(): number {
    return this.#drawn;
  }

  /** A never-used key, or `undefined` once all `KEY_CAPACITY` were handed out. */
  fresh(): number | undefined {
    if (this.#drawn >= KEY_CAPACITY) return undefined;
    this.#drawn += 1;
    return this.#drawn - 1;
  }

  /**
   * The handed-out keys in `status` at `now`; a revoked key only while it has attacks left (it
   * gets them the first time it is seen revoked).
   */
  withStatus(model: KeyStatusSource, now: number, status: Status): number[] {
    const keys: number[] = [];
    for (let key = 0; key < this.#drawn; key++) {
      if (model.sessionView(key, now).status !== status) continue;
      if (status === 'revoked') {
        if (!this.#attacksLeft.has(key)) this.#attacksLeft.set(key, ATTACKS_PER_REVOKED_KEY);
        if ((this.#attacksLeft.get(key) as number) <= 0) continue;
      }
      keys.push(key);
    }
    return keys;
  }

  /** Uses up one attack of a revoked key. */
  spendAttack(key: number): void {
    this.#attacksLeft.set(key, (this.#attacksLeft.get(key) ?? ATTACKS_PER_REVOKED_KEY) - 1);
  }
}
