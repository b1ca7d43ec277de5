import { X402Error } from '../scheme/X402Error.js';

/** Client-side spending limits, in token base units. */
export interface SpendingBudget {
  /** Total over the life of the client (one session's worth of payments). */
  perSession?: bigint;
  /** Total per UTC day. */
  perDay?: bigint;
}

/** A confirmed payment. */
export interface PaymentRecord {
  paymentId: string;
  resource: string;
  asset: string;
  payTo: string;
  amount: bigint;
  payer: string;
  transaction: string;
  network: string;
  /** `account` (the client's own), or `fallback` (from `fallbackAccount`). */
  signedBy: 'account' | 'fallback';
  /** Unix milliseconds. */
  at: number;
}

/**
 * What the client has spent: only payments whose settlement was confirmed are recorded; payments
 * in flight hold a reservation so that concurrent requests cannot overshoot a budget together.
 */
export class SpendingLedger {
  readonly #budget: SpendingBudget;
  readonly #records: PaymentRecord[] = [];
  readonly #reserved = new Map<string, { amount: bigint; day: number }>();
  readonly #clock: () => number;

  constructor(budget: SpendingBudget = {}, clock: () => number = Date.now) {
    this.#budget = budget;
    this.#clock = clock;
  }

  /** Holds `amount` for a payment, or throws `budget_exceeded`. */
  reserve(paymentId: string, amount: bigint): void {
    const day = utcDay(this.#clock());
    const reserved = [...this.#reserved.values()];
    const sessionTotal = this.totalSpent() + sum(reserved.map((r) => r.amount));
    const dayTotal =
      sum(this.#records.filter((r) => utcDay(r.at) === day).map((r) => r.amount)) +
      sum(reserved.filter((r) => r.day === day).map((r) => r.amount));
    const { perSession, perDay } = this.#budget;
    if (perSession !== undefined && sessionTotal + amount > perSession) {
      throw budgetExceeded('perSession', perSession, sessionTotal, amount);
    }
    if (perDay !== undefined && dayTotal + amount > perDay) {
      throw budgetExceeded('perDay', perDay, dayTotal, amount);
    }
    this.#reserved.set(paymentId, { amount, day });
  }

  /** Drops a reservation (the payment did not happen). */
  release(paymentId: string): void {
    this.#reserved.delete(paymentId);
  }

  /** Records a confirmed payment and drops its reservation. */
  commit(record: Omit<PaymentRecord, 'at'>): PaymentRecord {
    this.#reserved.delete(record.paymentId);
    const full = { ...record, at: this.#clock() };
    this.#records.push(full);
    return full;
  }

  totalSpent(): bigint {
    return sum(this.#records.map((r) => r.amount));
  }

  /** Every confirmed payment, oldest first. */
  records(): readonly PaymentRecord[] {
    return [...this.#records];
  }
}

function utcDay(ms: number): number {
  return Math.floor(ms / 86_400_000);
}

function sum(values: readonly bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

function budgetExceeded(which: string, limit: bigint, spent: bigint, amount: bigint): X402Error {
  return new X402Error('budget_exceeded', `the ${which} budget of ${limit} would be exceeded`, {
    details: {
      budget: which,
      limit: String(limit),
      committed: String(spent),
      amount: String(amount),
    },
  });
}
