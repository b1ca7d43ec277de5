import { EXECUTE_SELECTOR, isCallAllowed } from './allowedCalls.js';
import { ChipiSessionError, isChipiSessionError } from './ChipiSessionError.js';
import { type CallInput, type FeltCall, normalizeCall } from './call.js';
import { checkSessionFee } from './checkSessionFee.js';
import { type FeltLike, parseFelt, parseNonZeroFelt, parseUint } from './felt.js';
import type { SessionStatus } from './sessionData.js';
import { isValueMovingSelector, spendOfCall } from './spendOfCall.js';
import { isForbiddenInStrict, movesValueUndecoded } from './strictSelectors.js';

/** The registered session as the pre-flight check needs it (`decodeSessionData` output fits). */
export interface SessionState {
  /** On-chain status; `unknown` and `revoked` are refused, the rest is recomputed from `now`. */
  status?: SessionStatus;
  validUntil: number;
  maxCalls: number;
  callsUsed: number;
  allowedCalls: readonly { contract: FeltLike; selector: FeltLike }[];
  strict: boolean;
  maxFeePerTx?: FeltLike;
  /** Lifetime fee budget and the part used (`get_session_data`); unchecked when absent. */
  feeBudget?: FeltLike;
  feeUsed?: FeltLike;
}

/** The spending room of one token's policy (`decodeSpendingPolicy` output plus the token). */
export interface TokenPolicyRoom {
  token: FeltLike;
  /** Policies with `exists: false` are ignored. */
  exists?: boolean;
  maxPerCall: bigint;
  /** Room left in the sliding window at the time of the transaction. */
  remainingInWindow: bigint;
}

/** Parameters of `checkSessionCalls`. */
export interface CheckSessionCallsParameters {
  session: SessionState;
  calls: readonly (CallInput | FeltCall)[];
  /** The session account. */
  account: FeltLike;
  /** Unix seconds at which the transaction is expected to run. */
  now: number;
  /** `valid_until` the signature will carry; must equal the registered one. */
  signatureValidUntil?: FeltLike;
  /** Upper bound of the fee (`transactionMaxFee`), checked against `maxFeePerTx` when set. */
  maxFee?: FeltLike;
  /** Spending policies of the session, one per token. */
  policies?: readonly TokenPolicyRoom[];
}

/**
 * Pre-flight mirror of the account's session rules. Returns the first rule the transaction would
 * break, as a `ChipiSessionError` with the code the chain's error felt maps to, or `undefined`
 * when every rule passes. Order: registration and revocation, `valid_until` match, expiry
 * (`now > validUntil`), call budget, fee cap, fee budget, then per call the self-call ban and the allow-list,
 * then per call the spending policies (amounts add up across the calls of one transaction).
 *
 * Malformed input (non-felt calldata, bad addresses) throws `INVALID_INPUT` instead.
 */
export function checkSessionCalls(
  params: CheckSessionCallsParameters,
): ChipiSessionError | undefined {
  const { session, now } = params;
  const account = parseNonZeroFelt(params.account, 'account');
  if (session.status === 'unknown') return new ChipiSessionError('SESSION_NOT_REGISTERED');
  if (session.status === 'revoked') return new ChipiSessionError('SESSION_REVOKED');
  if (
    params.signatureValidUntil !== undefined &&
    parseUint(params.signatureValidUntil, 64, 'signatureValidUntil') !== BigInt(session.validUntil)
  ) {
    return new ChipiSessionError('SESSION_VALID_UNTIL_MISMATCH', undefined, {
      details: { registered: session.validUntil, signed: params.signatureValidUntil },
    });
  }
  if (now > session.validUntil) {
    return new ChipiSessionError('SESSION_EXPIRED', undefined, {
      details: { validUntil: session.validUntil, now },
    });
  }
  if (session.callsUsed >= session.maxCalls) {
    return new ChipiSessionError('SESSION_MAX_CALLS_EXCEEDED', undefined, {
      details: { callsUsed: session.callsUsed, maxCalls: session.maxCalls },
    });
  }
  if (params.maxFee !== undefined) {
    const violation = checkSessionFee(session, params.maxFee);
    if (violation) return violation;
  }
  const calls = params.calls.map((call, i) => ('to' in call ? call : normalizeCall(call, i)));
  for (const [index, call] of calls.entries()) {
    if (call.to === account || call.selector === EXECUTE_SELECTOR) {
      return new ChipiSessionError('SESSION_SELF_CALL_FORBIDDEN', undefined, {
        details: { index },
      });
    }
    if (!isCallAllowed(session.allowedCalls, call.to, call.selector)) {
      return new ChipiSessionError('SESSION_ENTRYPOINT_NOT_ALLOWED', undefined, {
        details: {
          index,
          to: `0x${call.to.toString(16)}`,
          selector: `0x${call.selector.toString(16)}`,
        },
      });
    }
  }
  return checkSpending(calls, account, session.strict, params.policies ?? []);
}

/** Like `checkSessionCalls`, but throws the violation. */
export function assertSessionCalls(params: CheckSessionCallsParameters): void {
  const violation = checkSessionCalls(params);
  if (violation) throw violation;
}

function checkSpending(
  calls: readonly FeltCall[],
  account: bigint,
  strict: boolean,
  policies: readonly TokenPolicyRoom[],
): ChipiSessionError | undefined {
  const byToken = new Map<bigint, TokenPolicyRoom>();
  for (const p of policies) if (p.exists !== false) byToken.set(parseFelt(p.token, 'token'), p);
  const spent = new Map<bigint, bigint>();
  for (const [index, call] of calls.entries()) {
    if (strict && isForbiddenInStrict(call.selector)) {
      return new ChipiSessionError('SESSION_FORBIDDEN_SELECTOR', undefined, {
        details: { index },
      });
    }
    const policy = byToken.get(call.to);
    if (policy === undefined) {
      if (strict && (isValueMovingSelector(call.selector) || movesValueUndecoded(call.selector))) {
        return new ChipiSessionError('SESSION_NO_SPENDING_POLICY', undefined, {
          details: { index },
        });
      }
      continue;
    }
    let spend: ReturnType<typeof spendOfCall>;
    try {
      spend = spendOfCall(call, account);
    } catch (error) {
      if (isChipiSessionError(error, 'SESSION_INVALID_CALLDATA')) {
        return new ChipiSessionError('SESSION_INVALID_CALLDATA', error.message, {
          details: { ...error.details, index },
        });
      }
      throw error;
    }
    if (spend === undefined) continue;
    if (spend.amount > policy.maxPerCall) {
      return new ChipiSessionError('SESSION_SPENDING_LIMIT_EXCEEDED', undefined, {
        details: { reason: 'policy/exceeds-per-call', index, amount: spend.amount },
      });
    }
    const total = (spent.get(call.to) ?? 0n) + spend.amount;
    if (total > policy.remainingInWindow) {
      return new ChipiSessionError('SESSION_SPENDING_LIMIT_EXCEEDED', undefined, {
        details: { reason: 'policy/exceeds-window', index, amount: spend.amount },
      });
    }
    spent.set(call.to, total);
  }
  return undefined;
}
