import { invalidInput } from './ChipiSessionError.js';

/** Sub-windows per window (`K`). */
export const SLIDING_WINDOW_SUB_WINDOWS = 7;
/** Ring slots (`K + 1`): the buckets `floor(t/B) - K ..= floor(t/B)`. */
export const SLIDING_WINDOW_SLOTS = 8;

/** One ring slot: the bucket it holds and the amount spent in that bucket. */
export interface WindowBucket {
  readonly index: number;
  readonly amount: bigint;
}

/** An amount carried over a change of window length, counted while `t < until`. */
export interface CarriedSpend {
  readonly amount: bigint;
  readonly until: number;
}

/** The spending history of one (session, token) policy, as the account stores it. */
export interface SlidingWindowState {
  readonly windowSeconds: number;
  /** Exactly 8 slots; bucket `i` lives in slot `i % 8`. */
  readonly buckets: readonly WindowBucket[];
  /** What an earlier window length still counted when it changed (see `changeWindow`). */
  readonly carried?: CarriedSpend;
}

/** Limits of a spending policy (token base units). */
export interface SpendLimits {
  maxPerCall: bigint;
  maxPerWindow: bigint;
}

/** Why a spend is refused, named after the account's error felt. */
export type SpendRefusal = 'policy/exceeds-per-call' | 'policy/exceeds-window';

function checkTime(t: number, name: string): void {
  if (!Number.isSafeInteger(t) || t < 0)
    throw invalidInput(`${name} must be a non-negative integer`);
}

/** An empty history for a window of `windowSeconds` (> 0). */
function create(windowSeconds: number): SlidingWindowState {
  checkTime(windowSeconds, 'windowSeconds');
  if (windowSeconds === 0) throw invalidInput('windowSeconds must be positive');
  const empty: WindowBucket = { index: 0, amount: 0n };
  return { windowSeconds, buckets: Array.from({ length: SLIDING_WINDOW_SLOTS }, () => empty) };
}

/** Bucket length `B = ceil(W / K)` seconds. */
function bucketSeconds(windowSeconds: number): number {
  return Math.ceil(windowSeconds / SLIDING_WINDOW_SUB_WINDOWS);
}

/** Bucket of time `t`: `floor(t / B)`. */
function bucketIndex(windowSeconds: number, t: number): number {
  checkTime(t, 't');
  return Math.floor(t / bucketSeconds(windowSeconds));
}

/** Whether a slot's bucket is still counted at bucket `current`. */
function counted(bucket: WindowBucket, current: number): boolean {
  return bucket.index <= current && current - bucket.index <= SLIDING_WINDOW_SUB_WINDOWS;
}

/**
 * Amount counted at time `t`: the sum of buckets `floor(t/B) - K ..= floor(t/B)`, plus the carried
 * amount while it is counted.
 */
function spentAt(state: SlidingWindowState, t: number): bigint {
  const current = bucketIndex(state.windowSeconds, t);
  let sum = 0n;
  for (const bucket of state.buckets) if (counted(bucket, current)) sum += bucket.amount;
  if (state.carried !== undefined && t < state.carried.until) sum += state.carried.amount;
  return sum;
}

/** `(bucket + K + 1) · B`: when an amount spent in `bucket` stops being counted. */
function releaseTime(bucket: number, windowSeconds: number): number {
  return (bucket + SLIDING_WINDOW_SUB_WINDOWS + 1) * bucketSeconds(windowSeconds);
}

/**
 * The history after the window length changes to `windowSeconds` at `t`, as the account does it:
 * a new ring, and everything the old history still counts carried over as one amount, counted
 * until the later of the old window's release of the current bucket and the new window's release
 * of an amount spent at `t` (an earlier carried amount keeps its release when later). The same
 * length leaves the history unchanged.
 */
function changeWindow(
  state: SlidingWindowState,
  windowSeconds: number,
  t: number,
): SlidingWindowState {
  if (windowSeconds === state.windowSeconds) return state;
  const fresh = create(windowSeconds);
  const spent = spentAt(state, t);
  if (spent === 0n)
    return state.carried === undefined ? fresh : { ...fresh, carried: state.carried };
  let until = Math.max(
    releaseTime(bucketIndex(state.windowSeconds, t), state.windowSeconds),
    releaseTime(bucketIndex(windowSeconds, t), windowSeconds),
  );
  if (state.carried !== undefined && t < state.carried.until) {
    until = Math.max(until, state.carried.until);
  }
  return { ...fresh, carried: { amount: spent, until } };
}

/** Room left at time `t`: `max(0, maxPerWindow - spentAt(t))`. */
function remainingAt(state: SlidingWindowState, maxPerWindow: bigint, t: number): bigint {
  const spent = spentAt(state, t);
  return spent >= maxPerWindow ? 0n : maxPerWindow - spent;
}

/**
 * When the oldest amount still counted at `t` frees up: `(bucket + K + 1) · B` for the oldest
 * counted non-empty bucket; 0 when nothing is counted.
 */
function nextReleaseAt(state: SlidingWindowState, t: number): number {
  const current = bucketIndex(state.windowSeconds, t);
  let oldest: number | undefined;
  for (const bucket of state.buckets) {
    if (bucket.amount > 0n && counted(bucket, current)) {
      oldest = oldest === undefined ? bucket.index : Math.min(oldest, bucket.index);
    }
  }
  const carried = state.carried !== undefined && t < state.carried.until ? state.carried.until : 0;
  const ring = oldest === undefined ? 0 : releaseTime(oldest, state.windowSeconds);
  if (ring === 0 || (carried !== 0 && carried < ring)) return carried;
  return ring;
}

/** Why spending `amount` at `t` is refused, or `undefined` when it is allowed. */
function check(
  state: SlidingWindowState,
  limits: SpendLimits,
  t: number,
  amount: bigint,
): SpendRefusal | undefined {
  if (amount > limits.maxPerCall) return 'policy/exceeds-per-call';
  // Compared with the room, as the account does: once the window is full (or the cap was lowered
  // below what is already spent) only a zero amount passes.
  if (amount > remainingAt(state, limits.maxPerWindow, t)) return 'policy/exceeds-window';
  return undefined;
}

/** Whether spending `amount` at `t` passes both the per-call and the window limit. */
function canSpend(
  state: SlidingWindowState,
  limits: SpendLimits,
  t: number,
  amount: bigint,
): boolean {
  return check(state, limits, t, amount) === undefined;
}

/**
 * The history after spending `amount` at `t`: the slot of bucket `floor(t/B)` is added to when it
 * already holds that bucket, else overwritten (its old bucket is more than K buckets old). A zero
 * amount leaves the history unchanged.
 */
function record(state: SlidingWindowState, t: number, amount: bigint): SlidingWindowState {
  if (amount < 0n) throw invalidInput('amount must not be negative');
  if (amount === 0n) return state; // the account records nothing for a zero spend
  const current = bucketIndex(state.windowSeconds, t);
  const slot = current % SLIDING_WINDOW_SLOTS;
  const buckets = state.buckets.map((bucket, i) => {
    if (i !== slot) return bucket;
    return bucket.index === current
      ? { index: current, amount: bucket.amount + amount }
      : { index: current, amount };
  });
  return state.carried === undefined
    ? { windowSeconds: state.windowSeconds, buckets }
    : { windowSeconds: state.windowSeconds, buckets, carried: state.carried };
}

/**
 * The account's sliding-window spending math (`K = 7` sub-windows of `B = ceil(W / 7)` seconds,
 * a ring of 8 buckets), so the SDK can tell the remaining budget at any time. Over any interval
 * shorter than `W`, spends accepted by `check` sum to at most `maxPerWindow`.
 *
 * @example
 * ```ts
 * let w = SlidingWindow.create(3600);
 * if (SlidingWindow.canSpend(w, limits, now, 5n)) w = SlidingWindow.record(w, now, 5n);
 * SlidingWindow.remainingAt(w, limits.maxPerWindow, now);
 * ```
 */
export const SlidingWindow = {
  create,
  bucketSeconds,
  bucketIndex,
  spentAt,
  remainingAt,
  nextReleaseAt,
  check,
  canSpend,
  record,
  changeWindow,
} as const;
