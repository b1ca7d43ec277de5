import {
  getSelectorFromName,
  normalizeAllowedCalls,
  normalizeCall,
  SlidingWindow,
  type SlidingWindowState,
  type SpendingPolicyView,
  spendOfCall,
} from '@chipi-sessions/core';
import type { ModelContext } from './ModelContext.ts';
import type {
  ModelAllowedEntry,
  ModelCall,
  ModelOperation,
  ModelPolicy,
  ModelResult,
  Party,
  TokenIndex,
} from './ModelOperation.ts';
import { modelCallToCall } from './modelCallToCall.ts';

const HOUR = 3600;
const EXECUTE = getSelectorFromName('__execute__');

type ExecuteOperation = Extract<ModelOperation, { type: 'execute' }>;

interface SessionRecord {
  validUntil: number;
  maxCalls: number;
  callsUsed: number;
  allowed: { contract: bigint; selector: bigint }[];
  strict: boolean;
  maxFeePerTx: bigint;
  feeBudget: bigint;
  feeUsed: bigint;
  epoch: number;
}

/** Fee budget per allowed call the SDK and the account give a session registered without one. */
const DEFAULT_FEE_PER_CALL = 5n * 10n ** 16n;

interface PolicyRecord {
  maxPerCall: bigint;
  maxPerWindow: bigint;
  windowSeconds: number;
}

/** What `getSessionData` should answer, in the SDK's decoded shape. */
export interface ModelSessionView {
  isActive: boolean;
  validUntil: number;
  remainingCalls: number;
  allowedCalls: { contract: string; selector: string }[];
  status: 'unknown' | 'active' | 'expired' | 'revoked' | 'exhausted';
  callsUsed: number;
  maxCalls: number;
  strict: boolean;
  maxFeePerTx: bigint;
  feeBudget: bigint;
  feeUsed: bigint;
  feeBudgetLeft: bigint;
}

const ok: ModelResult = { kind: 'accepted' };
const rejected = (code: string): ModelResult => ({ kind: 'rejected', code });
const reverted = (code: string): ModelResult => ({ kind: 'reverted', code });
const hex = (value: bigint) => `0x${value.toString(16)}`;
/** The SDK refuses, before sending, a per-call cap above a non-zero window cap. */
const sdkAcceptsPolicy = (p: ModelPolicy) =>
  p.maxPerWindow === 0n || p.maxPerCall <= p.maxPerWindow;

/**
 * Reference model of the CHIPI account's session rules (docs/contract.md), written from the
 * specification: registration and updates, revocation by key and by epoch, validation at the
 * hour-rounded block time, the exact-time re-check and the spending policies in `__execute__`,
 * session-signed outside executions (every rule at the exact time, all or nothing), atomic
 * execution of the calls against a plain ERC-20, and the views. The sliding-window math
 * and the spend decoding are core's.
 */
export class SessionModel {
  readonly #ctx: ModelContext;
  #epoch = 0;
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #tombstones = new Set<string>();
  readonly #policies = new Map<string, PolicyRecord>();
  readonly #histories = new Map<string, SlidingWindowState>();
  #balances: Map<string, bigint>;
  #allowances = new Map<string, bigint>();

  constructor(ctx: ModelContext, balances: ReadonlyMap<string, bigint>) {
    this.#ctx = ctx;
    this.#balances = new Map(balances);
  }

  /** An independent copy, to try an operation at several candidate times. */
  clone(): SessionModel {
    const copy = new SessionModel(this.#ctx, this.#balances);
    copy.#epoch = this.#epoch;
    for (const [k, v] of this.#sessions) copy.#sessions.set(k, { ...v, allowed: [...v.allowed] });
    for (const k of this.#tombstones) copy.#tombstones.add(k);
    for (const [k, v] of this.#policies) copy.#policies.set(k, { ...v });
    for (const [k, v] of this.#histories) copy.#histories.set(k, v);
    copy.#allowances = new Map(this.#allowances);
    return copy;
  }

  /** The whole state as text: two models with the same fingerprint behave the same. */
  fingerprint(): string {
    const sorted = <V>(m: ReadonlyMap<string, V>) => [...m].sort(([a], [b]) => a.localeCompare(b));
    return JSON.stringify(
      [
        this.#epoch,
        sorted(this.#sessions),
        [...this.#tombstones].sort(),
        sorted(this.#policies),
        sorted(this.#histories),
        sorted(this.#balances),
        sorted(this.#allowances),
      ],
      (_, v) => (typeof v === 'bigint' ? v.toString() : v),
    );
  }

  /** Applies an owner or session operation at block time `now` and returns the outcome. */
  apply(op: ModelOperation, now: number): ModelResult {
    switch (op.type) {
      case 'register':
        return this.#register(op, now);
      case 'execute':
        return this.#execute(op, now);
      case 'revoke':
        this.#tombstones.add(this.#key(op.key));
        return ok;
      case 'revokeAll':
        this.#epoch += 1;
        return ok;
      case 'setPolicy':
        if (!sdkAcceptsPolicy(op)) return rejected('INVALID_SPENDING_POLICY');
        this.#setPolicy(this.#key(op.key), op, now);
        return ok;
      case 'removePolicy':
        this.#policies.delete(this.#policyId(this.#key(op.key), op.token));
        return ok;
      case 'travel':
        return ok;
    }
  }

  /** The registered `valid_until` of a key, if any. */
  validUntilOf(key: number): number | undefined {
    return this.#sessions.get(this.#key(key))?.validUntil;
  }

  /** Whether a registered key's allow-list and the self-call ban let `calls` through. */
  permits(key: number, calls: readonly ModelCall[]): boolean {
    const record = this.#sessions.get(this.#key(key));
    return record !== undefined && this.#callRefusal(record, calls) === undefined;
  }

  sessionView(key: number, now: number): ModelSessionView {
    const record = this.#sessions.get(this.#key(key));
    if (record === undefined) {
      // A key revoked before it was ever registered reads as revoked, with zeros.
      return {
        isActive: false,
        validUntil: 0,
        remainingCalls: 0,
        allowedCalls: [],
        status: this.#tombstones.has(this.#key(key)) ? 'revoked' : 'unknown',
        callsUsed: 0,
        maxCalls: 0,
        strict: false,
        maxFeePerTx: 0n,
        feeBudget: 0n,
        feeUsed: 0n,
        feeBudgetLeft: 0n,
      };
    }
    const status = this.#isRevoked(this.#key(key))
      ? 'revoked'
      : now > record.validUntil
        ? 'expired'
        : record.callsUsed >= record.maxCalls
          ? 'exhausted'
          : 'active';
    return {
      isActive: status === 'active',
      validUntil: record.validUntil,
      remainingCalls: status === 'active' ? record.maxCalls - record.callsUsed : 0,
      allowedCalls: record.allowed.map((a) => ({
        contract: hex(a.contract),
        selector: hex(a.selector),
      })),
      status,
      callsUsed: record.callsUsed,
      maxCalls: record.maxCalls,
      strict: record.strict,
      maxFeePerTx: record.maxFeePerTx,
      feeBudget: record.feeBudget,
      feeUsed: record.feeUsed,
      feeBudgetLeft: record.feeUsed >= record.feeBudget ? 0n : record.feeBudget - record.feeUsed,
    };
  }

  policyView(key: number, token: TokenIndex, now: number): SpendingPolicyView {
    const id = this.#policyId(this.#key(key), token);
    const policy = this.#policies.get(id);
    const history = this.#histories.get(id);
    if (policy === undefined || history === undefined) {
      return {
        exists: false,
        maxPerCall: 0n,
        maxPerWindow: 0n,
        windowSeconds: 0,
        spentInWindow: 0n,
        remainingInWindow: 0n,
        nextReleaseAt: 0,
      };
    }
    return {
      exists: true,
      maxPerCall: policy.maxPerCall,
      maxPerWindow: policy.maxPerWindow,
      windowSeconds: policy.windowSeconds,
      spentInWindow: SlidingWindow.spentAt(history, now),
      remainingInWindow: SlidingWindow.remainingAt(history, policy.maxPerWindow, now),
      nextReleaseAt: SlidingWindow.nextReleaseAt(history, now),
    };
  }

  /** When the oldest counted spend of a policy frees up (0 when none), for the generator. */
  nextReleaseAt(key: number, token: TokenIndex, now: number): number {
    return this.policyView(key, token, now).nextReleaseAt;
  }

  balanceOfParty(token: TokenIndex, party: Party): bigint {
    return this.#balances.get(`${token}:${this.#ctx.parties[party]}`) ?? 0n;
  }

  /** What the wallet allows `spender` to take of `token`. */
  allowanceToParty(token: TokenIndex, spender: Party): bigint {
    return this.#allowances.get(`${token}:${this.#ctx.wallet}:${this.#ctx.parties[spender]}`) ?? 0n;
  }

  #register(op: Extract<ModelOperation, { type: 'register' }>, now: number): ModelResult {
    const key = this.#key(op.key);
    const validUntil = now + op.lifetimeSeconds;
    const allowed = this.#allowList(op.allowed);
    if (!op.policies.every(sdkAcceptsPolicy)) return rejected('INVALID_SPENDING_POLICY');
    if (this.#isRevoked(key)) return rejected('SESSION_REVOKED');
    // The SDK sends the v33 entrypoint for a bare list without strict flag, fee cap or fee
    // budget: an update through it keeps the strict flag, the fee cap and the fee budget set
    // earlier, and a new session gets the account's default budget.
    const v33Form =
      op.allowed.every((e) => typeof e === 'string') &&
      !op.strict &&
      op.maxFeePerTx === 0n &&
      op.feeBudget === undefined;
    const previous = this.#sessions.get(key);
    const defaultBudget = BigInt(op.maxCalls) * DEFAULT_FEE_PER_CALL;
    const feeBudget = v33Form
      ? (previous?.feeBudget ?? defaultBudget)
      : (op.feeBudget ??
        (op.maxFeePerTx !== 0n ? op.maxFeePerTx * BigInt(op.maxCalls) : defaultBudget));
    this.#sessions.set(key, {
      validUntil,
      maxCalls: op.maxCalls,
      callsUsed: previous?.callsUsed ?? 0,
      allowed,
      strict: v33Form ? (previous?.strict ?? false) : op.strict,
      maxFeePerTx: v33Form ? (previous?.maxFeePerTx ?? 0n) : op.maxFeePerTx,
      feeBudget,
      // What was used stays used; a budget lowered below it is used up, and reads as used.
      feeUsed: min(previous?.feeUsed ?? 0n, feeBudget),
      epoch: previous?.epoch ?? this.#epoch,
    });
    for (const policy of op.policies) this.#setPolicy(key, policy, now);
    return ok;
  }

  #execute(op: ExecuteOperation, now: number): ModelResult {
    return op.outside ? this.#executeFromOutside(op, now) : this.#executeTransaction(op, now);
  }

  /** A session-signed transaction: `__validate__` then `__execute__`. */
  #executeTransaction(op: ExecuteOperation, now: number): ModelResult {
    // __validate__ sees the block time rounded down to the hour.
    const refusal = this.#sessionRefusal(op, Math.floor(now / HOUR) * HOUR, true);
    if (refusal !== undefined) return rejected(refusal);
    const record = this.#sessions.get(this.#key(op.key)) as SessionRecord;
    // Both persist even when __execute__ reverts: the maximum fee is reserved in validation.
    record.callsUsed += 1;
    record.feeUsed += this.#ctx.transactionMaxFee;
    // __execute__ checks again with the exact block time.
    if (now > record.validUntil) return reverted('SESSION_EXPIRED');
    const failure = this.#runCalls(op, record, now);
    return failure === undefined ? ok : reverted(failure);
  }

  /**
   * A session-signed `execute_from_outside_v2` inside a relayer's transaction: every rule at the
   * exact block time, and any refusal reverts the relayer's transaction, call count included.
   */
  #executeFromOutside(op: ExecuteOperation, now: number): ModelResult {
    // The relayer pays: the session's fee cap does not apply.
    const refusal = this.#sessionRefusal(op, now, false);
    if (refusal !== undefined) return reverted(refusal);
    const record = this.#sessions.get(this.#key(op.key)) as SessionRecord;
    const failure = this.#runCalls(op, record, now);
    if (failure !== undefined) return reverted(failure);
    record.callsUsed += 1;
    return ok;
  }

  /**
   * Why the session may not run `op` at time `checkedAt`, in the contract's order, if at all;
   * `paysFee`: a transaction of its own, whose fee bound meets the session's fee cap.
   */
  #sessionRefusal(op: ExecuteOperation, checkedAt: number, paysFee: boolean): string | undefined {
    const key = this.#key(op.key);
    const record = this.#sessions.get(key);
    // A tombstone answers first: a key revoked before registration reads as revoked.
    if (this.#isRevoked(key)) return 'SESSION_REVOKED';
    if (record === undefined) return 'SESSION_NOT_REGISTERED';
    if (op.staleValidUntil) return 'SESSION_VALID_UNTIL_MISMATCH';
    if (checkedAt > record.validUntil) return 'SESSION_EXPIRED';
    if (record.callsUsed >= record.maxCalls) return 'SESSION_MAX_CALLS_EXCEEDED';
    const { transactionMaxFee } = this.#ctx;
    if (paysFee && record.maxFeePerTx !== 0n && transactionMaxFee > record.maxFeePerTx) {
      return 'SESSION_FEE_TOO_HIGH';
    }
    if (paysFee && record.feeUsed + transactionMaxFee > record.feeBudget) {
      return 'SESSION_FEE_BUDGET_EXCEEDED';
    }
    return this.#callRefusal(record, op.calls);
  }

  /**
   * The spending policies and the calls against the tokens, all or nothing, as v35 runs them: the
   * amounts the calldata declares first (before any call), then the calls with the wallet's
   * balance of every policy token measured around each one (per-call cap), then the allowances
   * the request set on policy tokens (a strict session may leave none higher than it found it;
   * for any other session what is left counts in full), then each token's total against its
   * window. Returns the code that stops them, or `undefined` once their effects are applied.
   */
  #runCalls(op: ExecuteOperation, record: SessionRecord, now: number): string | undefined {
    const key = this.#key(op.key);
    const wallet = this.#ctx.wallet;
    const planned = new Map<string, bigint>();
    for (const call of op.calls.map((c) => normalizeCall(modelCallToCall(c, this.#ctx)))) {
      const spend = spendOfCall(call, wallet);
      const id = this.#policyId(key, this.#tokenIndex(call.to));
      const policy = this.#policies.get(id);
      if (policy === undefined) {
        if (spend !== undefined && record.strict) return 'SESSION_NO_SPENDING_POLICY';
        continue;
      }
      if (spend === undefined) continue;
      const history = this.#histories.get(id) as SlidingWindowState;
      const total = (planned.get(id) ?? 0n) + spend.amount;
      const room = SlidingWindow.remainingAt(history, policy.maxPerWindow, now);
      if (spend.amount > policy.maxPerCall || total > room) {
        return 'SESSION_SPENDING_LIMIT_EXCEEDED';
      }
      planned.set(id, total);
    }

    const limited = ([0, 1] as const).filter((t) => this.#policies.has(this.#policyId(key, t)));
    const policyOf = (token: TokenIndex) =>
      this.#policies.get(this.#policyId(key, token)) as PolicyRecord;
    const balances = new Map(this.#balances);
    const allowances = new Map(this.#allowances);
    const balanceOf = (token: TokenIndex) => balances.get(`${token}:${wallet}`) ?? 0n;
    const allowanceOf = (token: TokenIndex, spender: bigint) =>
      allowances.get(`${token}:${wallet}:${spender}`) ?? 0n;
    const totals = new Map<TokenIndex, bigint>();
    const grants: { token: TokenIndex; spender: bigint; before: bigint }[] = [];
    for (const call of op.calls) {
      if (
        (call.kind === 'approve' || call.kind === 'increase_allowance') &&
        limited.includes(call.token)
      ) {
        const spender = this.#ctx.parties[call.to];
        if (!grants.some((g) => g.token === call.token && g.spender === spender)) {
          grants.push({ token: call.token, spender, before: allowanceOf(call.token, spender) });
        }
      }
      const before = limited.map(balanceOf);
      if (!this.#runTokenCall(call, balances, allowances)) return 'TRANSACTION_REVERTED';
      for (const [index, token] of limited.entries()) {
        const drop = (before[index] as bigint) - balanceOf(token);
        const left = drop > 0n ? drop : 0n;
        if (left > policyOf(token).maxPerCall) return 'SESSION_SPENDING_LIMIT_EXCEEDED';
        totals.set(token, (totals.get(token) ?? 0n) + left);
      }
    }
    for (const grant of grants) {
      const after = allowanceOf(grant.token, grant.spender);
      if (record.strict) {
        if (after > grant.before) return 'SESSION_ALLOWANCE_LEFT';
      } else if (after !== 0n) {
        if (after > policyOf(grant.token).maxPerCall) return 'SESSION_SPENDING_LIMIT_EXCEEDED';
        totals.set(grant.token, (totals.get(grant.token) ?? 0n) + after);
      }
    }
    const histories = new Map<string, SlidingWindowState>();
    for (const [token, total] of totals) {
      if (total === 0n) continue;
      const id = this.#policyId(key, token);
      const history = this.#histories.get(id) as SlidingWindowState;
      if (total > SlidingWindow.remainingAt(history, policyOf(token).maxPerWindow, now)) {
        return 'SESSION_SPENDING_LIMIT_EXCEEDED';
      }
      histories.set(id, SlidingWindow.record(history, now, total));
    }
    for (const [id, history] of histories) this.#histories.set(id, history);
    this.#balances = balances;
    this.#allowances = allowances;
    return undefined;
  }

  /** Rule 7 of `__validate__` (self-call ban, allow-list): the code refusing `calls`, if any. */
  #callRefusal(record: SessionRecord, calls: readonly ModelCall[]): string | undefined {
    for (const call of calls.map((c) => normalizeCall(modelCallToCall(c, this.#ctx)))) {
      if (call.to === this.#ctx.wallet || call.selector === EXECUTE) {
        return 'SESSION_SELF_CALL_FORBIDDEN';
      }
      const listed = record.allowed.some(
        (a) => a.selector === call.selector && (a.contract === 0n || a.contract === call.to),
      );
      if (record.allowed.length > 0 && !listed) return 'SESSION_ENTRYPOINT_NOT_ALLOWED';
    }
    return undefined;
  }

  /** The mock ERC-20's effect of one call made by the wallet; false when it panics. */
  #runTokenCall(
    call: ModelCall,
    balances: Map<string, bigint>,
    allowances: Map<string, bigint>,
  ): boolean {
    if (call.kind === 'self') return false;
    const wallet = this.#ctx.wallet;
    const party = this.#ctx.parties[call.to];
    const balanceId = (holder: bigint) => `${call.token}:${holder}`;
    const allowanceId = `${call.token}:${wallet}:${call.kind === 'transfer_from' ? wallet : party}`;
    const allowance = allowances.get(allowanceId) ?? 0n;
    const move = (from: bigint, to: bigint) => {
      const have = balances.get(balanceId(from)) ?? 0n;
      if (have < call.amount) return false;
      balances.set(balanceId(from), have - call.amount);
      balances.set(balanceId(to), (balances.get(balanceId(to)) ?? 0n) + call.amount);
      return true;
    };
    switch (call.kind) {
      case 'transfer':
        return move(wallet, party);
      case 'approve':
        allowances.set(allowanceId, call.amount);
        return true;
      case 'increase_allowance':
        allowances.set(allowanceId, allowance + call.amount);
        return true;
      case 'decrease_allowance':
        if (allowance < call.amount) return false;
        allowances.set(allowanceId, allowance - call.amount);
        return true;
      case 'transfer_from':
        if (allowance < call.amount) return false;
        allowances.set(allowanceId, allowance - call.amount);
        return move(wallet, party);
    }
  }

  #setPolicy(key: string, policy: ModelPolicy, now: number): void {
    const id = this.#policyId(key, policy.token);
    this.#policies.set(id, {
      maxPerCall: policy.maxPerCall,
      maxPerWindow: policy.maxPerWindow,
      windowSeconds: policy.windowSeconds,
    });
    const history = this.#histories.get(id);
    // A new window length carries over what the old one still counts (v35).
    this.#histories.set(
      id,
      history === undefined
        ? SlidingWindow.create(policy.windowSeconds)
        : SlidingWindow.changeWindow(history, policy.windowSeconds, now),
    );
  }

  #allowList(entries: readonly ModelAllowedEntry[]): { contract: bigint; selector: bigint }[] {
    const normalized = normalizeAllowedCalls(
      entries.map((e) =>
        typeof e === 'string'
          ? e
          : { contractAddress: this.#ctx.tokens[e.token], entrypoint: e.entrypoint },
      ),
    );
    return normalized.map((a) => ({ contract: BigInt(a.contract), selector: BigInt(a.selector) }));
  }

  #isRevoked(key: string): boolean {
    const record = this.#sessions.get(key);
    return this.#tombstones.has(key) || (record !== undefined && record.epoch < this.#epoch);
  }

  #key(index: number): string {
    return this.#ctx.keys[index] as string;
  }

  #policyId(key: string, token: TokenIndex): string {
    return `${key}:${token}`;
  }

  #tokenIndex(address: bigint): TokenIndex {
    return address === this.#ctx.tokens[1] ? 1 : 0;
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
