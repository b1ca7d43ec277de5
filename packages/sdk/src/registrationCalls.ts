import {
  ACCOUNT_ENTRYPOINTS,
  addOrUpdateSessionCalldata,
  addOrUpdateSessionKeyCalldata,
  ChipiSessionError,
  type FeltLike,
  parseInteger,
} from '@chipi-sessions/core';
import type { Call } from 'starknet';
import { spendingPolicyCalldata } from './spendingPolicyCalldata.js';
import type { SessionConfig } from './types.js';

/** Most spending policies the v35 account lets one session hold (`'policy/too-many-policies'`). */
const MAX_SPENDING_POLICIES = 8;

/**
 * The owner calls that register a session: `add_or_update_session_key` (the v33 form) when every
 * allow-list entry is bare (a name or selector valid on any contract), `strict` is not given and
 * neither a fee cap nor a fee budget is asked for (the account then gives a new session a fee
 * budget of `maxCalls × 0.05 STRK` and keeps an existing one's), otherwise `add_or_update_session`
 * with the fee budget given, or `maxFeePerTx × maxCalls` when a cap is set, or
 * `maxCalls × 0.05 STRK`. The v33 form keeps the `strict` flag
 * and fee cap an update finds on chain, so an explicit `strict: false` takes the full form. Then
 * one `set_spending_policy` per policy, all in one atomic multicall. Names become `starknet_keccak` selectors, never short
 * strings. Invalid configurations throw `SESSION_INVALID_CONFIG` (or `INVALID_SPENDING_POLICY`,
 * `SESSION_SELF_CALL_FORBIDDEN` for an entry naming the account).
 */
export function registrationCalls(account: string, config: SessionConfig, now: number): Call[] {
  if (config === null || typeof config !== 'object') {
    throw new ChipiSessionError('SESSION_INVALID_CONFIG', 'sessionConfig is required');
  }
  if (!Array.isArray(config.allowedEntrypoints)) {
    throw new ChipiSessionError('SESSION_INVALID_CONFIG', 'allowedEntrypoints must be an array');
  }
  const base = {
    sessionPublicKey: config.sessionPublicKey,
    validUntil: config.validUntil,
    maxCalls: config.maxCalls,
    accountAddress: account,
    now,
  };
  const allBare = config.allowedEntrypoints.every((entry) => typeof entry === 'string');
  const feeCap =
    config.maxFeePerTx === undefined ? 0n : safeInteger(config.maxFeePerTx, 'maxFeePerTx');
  // Absent: the cap for every call when a cap is given, else core's default
  // (`maxCalls × DEFAULT_SESSION_FEE_PER_CALL`), which also validates `maxCalls`.
  const feeBudget =
    config.feeBudget !== undefined
      ? safeInteger(config.feeBudget, 'feeBudget')
      : feeCap > 0n && Number.isSafeInteger(config.maxCalls) && config.maxCalls > 0
        ? feeCap * BigInt(config.maxCalls)
        : undefined;
  const calls: Call[] = [];
  if (allBare && config.strict === undefined && feeCap === 0n && config.feeBudget === undefined) {
    calls.push({
      contractAddress: account,
      entrypoint: ACCOUNT_ENTRYPOINTS.addOrUpdateSessionKey,
      calldata: addOrUpdateSessionKeyCalldata({
        ...base,
        allowedEntrypoints: config.allowedEntrypoints,
      }),
    });
  } else {
    calls.push({
      contractAddress: account,
      entrypoint: ACCOUNT_ENTRYPOINTS.addOrUpdateSession,
      calldata: addOrUpdateSessionCalldata({
        ...base,
        allowedCalls: config.allowedEntrypoints,
        strict: config.strict === true,
        maxFeePerTx: feeCap,
        ...(feeBudget === undefined ? {} : { feeBudget }),
      }),
    });
  }
  const policies = config.spendingPolicies ?? [];
  if (policies.length > MAX_SPENDING_POLICIES) {
    throw new ChipiSessionError(
      'INVALID_SPENDING_POLICY',
      `a session holds at most ${MAX_SPENDING_POLICIES} spending policies`,
    );
  }
  for (const policy of policies) {
    calls.push({
      contractAddress: account,
      entrypoint: ACCOUNT_ENTRYPOINTS.setSpendingPolicy,
      calldata: spendingPolicyCalldata({ ...policy, sessionPublicKey: config.sessionPublicKey }),
    });
  }
  return calls;
}

function safeInteger(value: FeltLike, name: string): bigint {
  try {
    return parseInteger(value, name);
  } catch (cause) {
    throw new ChipiSessionError('SESSION_INVALID_CONFIG', `${name} must be an integer`, {
      cause,
    });
  }
}
