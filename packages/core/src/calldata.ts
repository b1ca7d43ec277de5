import { type AllowedEntrypointInput, normalizeAllowedCalls } from './allowedCalls.js';
import { ChipiSessionError, isChipiSessionError } from './ChipiSessionError.js';
import { type FeltLike, parseNonZeroFelt, parseUint, toFeltHex } from './felt.js';
import { splitU256 } from './u256.js';

/** Registration fields shared by both registration entrypoints. */
export interface SessionRegistrationBase {
  sessionPublicKey: FeltLike;
  /** Unix seconds, u64; must be in the future on chain. */
  validUntil: FeltLike;
  /** Maximum number of session transactions, u32, at least 1. */
  maxCalls: FeltLike;
  /** The account; entries naming it are refused before sending. */
  accountAddress?: FeltLike;
  /** Current time (unix seconds); when given, `validUntil` must be after it. */
  now?: number;
}

/** Parameters of `addOrUpdateSessionKeyCalldata` (the v33 form: unscoped selectors only). */
export interface AddOrUpdateSessionKeyParameters extends SessionRegistrationBase {
  /** Names or hex selectors; empty allows every call to other contracts. */
  allowedEntrypoints: readonly AllowedEntrypointInput[];
}

/**
 * Calldata of `add_or_update_session_key(session_key, valid_until, max_calls, allowed_entrypoints)`.
 * Scoped entries need `add_or_update_session`; they are refused here with `SESSION_INVALID_CONFIG`.
 */
export function addOrUpdateSessionKeyCalldata(params: AddOrUpdateSessionKeyParameters): string[] {
  const head = registrationHead(params);
  const calls = normalizeAllowedCalls(params.allowedEntrypoints, accountOption(params));
  if (calls.some((c) => c.contract !== '0x0')) {
    throw new ChipiSessionError(
      'SESSION_INVALID_CONFIG',
      'add_or_update_session_key takes bare selectors; use add_or_update_session for entries scoped to a contract',
    );
  }
  return [...head, toFeltHex(BigInt(calls.length)), ...calls.map((c) => c.selector)];
}

/** Parameters of `addOrUpdateSessionCalldata` (the full `SessionConfig` form). */
export interface AddOrUpdateSessionParameters extends SessionRegistrationBase {
  /** Allow-list; scoped entries restrict a selector to one contract. Empty allows everything. */
  allowedCalls: readonly AllowedEntrypointInput[];
  /** Refuse value-moving calls on tokens without a spending policy. Default false. */
  strict?: boolean;
  /** Fee cap per transaction (u128, in fri); 0 or absent means no cap. */
  maxFeePerTx?: FeltLike;
  /**
   * Lifetime fee budget (u128, in fri): the sum of the maximum fees of the session's
   * transactions. Absent: `maxCalls × DEFAULT_SESSION_FEE_PER_CALL`. 0 allows no session
   * transaction at all (outside executions, paid by a relayer, stay possible).
   */
  feeBudget?: FeltLike;
}

/**
 * Fee budget per allowed call of a session registered without a budget: 0.05 STRK (5·10^16 fri),
 * what the account gives a session registered through the v33 form.
 */
export const DEFAULT_SESSION_FEE_PER_CALL = 5n * 10n ** 16n;

/**
 * Calldata of `add_or_update_session(session_key, SessionConfig { valid_until, max_calls,
 * allowed_calls: Array<AllowedCall { contract, selector }>, strict, max_fee_per_tx, fee_budget })`.
 */
export function addOrUpdateSessionCalldata(params: AddOrUpdateSessionParameters): string[] {
  const head = registrationHead(params);
  const calls = normalizeAllowedCalls(params.allowedCalls, accountOption(params));
  const maxFee = asConfigError(() => parseUint(params.maxFeePerTx ?? 0n, 128, 'maxFeePerTx'));
  const feeBudget = asConfigError(() =>
    parseUint(
      params.feeBudget ?? BigInt(head[2] as string) * DEFAULT_SESSION_FEE_PER_CALL,
      128,
      'feeBudget',
    ),
  );
  return [
    ...head,
    toFeltHex(BigInt(calls.length)),
    ...calls.flatMap((c) => [c.contract, c.selector]),
    params.strict === true ? '0x1' : '0x0',
    toFeltHex(maxFee),
    toFeltHex(feeBudget),
  ];
}

/** Calldata of `revoke_session_key(session_key)`. */
export function revokeSessionKeyCalldata(sessionPublicKey: FeltLike): string[] {
  return [toFeltHex(parseNonZeroFelt(sessionPublicKey, 'sessionPublicKey'))];
}

/** Calldata of `revoke_all()` (none). */
export function revokeAllCalldata(): string[] {
  return [];
}

/** Parameters of `setSpendingPolicyCalldata`. */
export interface SetSpendingPolicyParameters {
  sessionPublicKey: FeltLike;
  /** The ERC-20 contract the policy limits. */
  token: FeltLike;
  /** Largest amount one call may move (u256, token base units). */
  maxPerCall: FeltLike;
  /** Largest amount moved over any window of `windowSeconds` (u256); 0 is a zero budget. */
  maxPerWindow: FeltLike;
  /** Window length in seconds (u64, > 0). */
  windowSeconds: FeltLike;
}

/**
 * Calldata of `set_spending_policy(session_key, token, max_per_call: u256, max_per_window: u256,
 * window_seconds: u64)`, u256 values split into `low, high`. Invalid values throw
 * `INVALID_SPENDING_POLICY`.
 */
export function setSpendingPolicyCalldata(params: SetSpendingPolicyParameters): string[] {
  return asPolicyError(() => {
    const key = parseNonZeroFelt(params.sessionPublicKey, 'sessionPublicKey');
    const token = parseNonZeroFelt(params.token, 'token');
    const perCall = splitU256(params.maxPerCall, 'maxPerCall');
    const perWindow = splitU256(params.maxPerWindow, 'maxPerWindow');
    const window = parseUint(params.windowSeconds, 64, 'windowSeconds');
    if (window === 0n) {
      throw new ChipiSessionError('INVALID_SPENDING_POLICY', 'windowSeconds must be positive');
    }
    return [key, token, perCall.low, perCall.high, perWindow.low, perWindow.high, window].map((f) =>
      toFeltHex(f),
    );
  });
}

/** Calldata of `remove_spending_policy(session_key, token)`. */
export function removeSpendingPolicyCalldata(params: {
  sessionPublicKey: FeltLike;
  token: FeltLike;
}): string[] {
  return [
    toFeltHex(parseNonZeroFelt(params.sessionPublicKey, 'sessionPublicKey')),
    toFeltHex(parseNonZeroFelt(params.token, 'token')),
  ];
}

function registrationHead(params: SessionRegistrationBase): string[] {
  return asConfigError(() => {
    const key = parseNonZeroFelt(params.sessionPublicKey, 'sessionPublicKey');
    const validUntil = parseUint(params.validUntil, 64, 'validUntil');
    const maxCalls = parseUint(params.maxCalls, 32, 'maxCalls');
    if (maxCalls === 0n)
      throw new ChipiSessionError('SESSION_INVALID_CONFIG', 'maxCalls must be at least 1');
    if (params.now !== undefined && validUntil <= BigInt(Math.floor(params.now))) {
      throw new ChipiSessionError('SESSION_INVALID_CONFIG', 'validUntil must be in the future', {
        details: { validUntil, now: params.now },
      });
    }
    return [key, validUntil, maxCalls].map((f) => toFeltHex(f));
  });
}

function accountOption(params: SessionRegistrationBase): { accountAddress?: FeltLike } {
  return params.accountAddress === undefined ? {} : { accountAddress: params.accountAddress };
}

function asConfigError<T>(fn: () => T): T {
  return rethrowInputAs('SESSION_INVALID_CONFIG', fn);
}

function asPolicyError<T>(fn: () => T): T {
  return rethrowInputAs('INVALID_SPENDING_POLICY', fn);
}

function rethrowInputAs<T>(
  code: 'SESSION_INVALID_CONFIG' | 'INVALID_SPENDING_POLICY',
  fn: () => T,
): T {
  try {
    return fn();
  } catch (error) {
    if (isChipiSessionError(error, 'INVALID_INPUT')) {
      throw new ChipiSessionError(code, error.message, { details: error.details, cause: error });
    }
    throw error;
  }
}
