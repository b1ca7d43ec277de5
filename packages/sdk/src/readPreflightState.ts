import { type FeltCall, isValueMovingSelector, toFeltHex } from '@chipi-sessions/core';
import type { RpcProvider } from 'starknet';
import { latestBlockTime } from './latestBlockTime.js';
import { readSessionData } from './readSessionData.js';
import { readSpendingPolicy } from './readSpendingPolicy.js';
import type { SessionPreflightState } from './SessionSigner.js';

/** The pre-flight state, plus the account nonce read in the same round trip. */
export interface PreflightReads extends SessionPreflightState {
  /** The account's nonce (pending block), so the transaction need not ask for it again. */
  nonce: bigint;
}

/**
 * Reads everything the pre-flight check of a session transaction needs: the session record, the
 * spending policy of every token a value-moving call touches, the latest block time, and the
 * account nonce. Issued together on a batching provider (`SdkRuntime.readProvider`), they leave
 * as one JSON-RPC batch: a single round trip.
 */
export async function readPreflightState(
  provider: RpcProvider,
  walletAddress: string,
  sessionPublicKey: string,
  calls: readonly FeltCall[],
): Promise<PreflightReads> {
  const tokens = [
    ...new Set(calls.filter((c) => isValueMovingSelector(c.selector)).map((c) => toFeltHex(c.to))),
  ];
  const [session, now, nonce, ...policies] = await Promise.all([
    readSessionData(provider, walletAddress, sessionPublicKey),
    latestBlockTime(provider),
    provider.getNonceForAddress(walletAddress),
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
    nonce: BigInt(nonce),
  };
}
