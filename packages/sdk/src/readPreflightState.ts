import { type FeltCall, isValueMovingSelector, toFeltHex } from '@chipi-sessions/core';
import type { RpcProvider } from 'starknet';
import { latestBlockTime } from './latestBlockTime.js';
import { readSessionData } from './readSessionData.js';
import { readSpendingPolicy } from './readSpendingPolicy.js';
import type { SessionPreflightState } from './SessionSigner.js';

/**
 * Reads, in one round of parallel calls, everything the pre-flight check of a session
 * transaction needs: the session record, the spending policy of every token a value-moving call
 * touches, and the latest block time.
 */
export async function readPreflightState(
  provider: RpcProvider,
  walletAddress: string,
  sessionPublicKey: string,
  calls: readonly FeltCall[],
): Promise<SessionPreflightState> {
  const tokens = [
    ...new Set(calls.filter((c) => isValueMovingSelector(c.selector)).map((c) => toFeltHex(c.to))),
  ];
  const [session, now, ...policies] = await Promise.all([
    readSessionData(provider, walletAddress, sessionPublicKey),
    latestBlockTime(provider),
    ...tokens.map((token) => readSpendingPolicy(provider, walletAddress, sessionPublicKey, token)),
  ] as const);
  return {
    session: {
      status: session.status,
      validUntil: session.validUntil,
      maxCalls: session.maxCalls,
      callsUsed: session.callsUsed,
      allowedCalls: session.allowedCalls,
      strict: session.strict,
      maxFeePerTx: session.maxFeePerTx,
      feeBudget: session.feeBudget,
      feeUsed: session.feeUsed,
    },
    policies: policies.map((policy, i) => ({
      token: tokens[i] as string,
      exists: policy.exists,
      maxPerCall: policy.maxPerCall,
      remainingInWindow: policy.remainingInWindow,
    })),
    now,
  };
}
