import {
  ACCOUNT_ENTRYPOINTS,
  decodeSpendingPolicy,
  parseNonZeroFelt,
  toFeltHex,
  toPaddedHex,
} from '@chipi-sessions/core';
import type { RpcProvider } from 'starknet';
import { callView } from './callView.js';
import type { SpendingPolicyData } from './types.js';

/**
 * Reads `get_spending_policy(session_key, token)`: the limits, and the spent amount, the room
 * left (`remainingInWindow`) and the next release time of the sliding window, all computed by the
 * account at the latest block. `exists` is false when no policy is set.
 */
export async function readSpendingPolicy(
  provider: RpcProvider,
  walletAddress: string | undefined,
  sessionPublicKey: string | undefined,
  token: string | undefined,
): Promise<SpendingPolicyData> {
  const account = toPaddedHex(parseNonZeroFelt(walletAddress as string, 'walletAddress'));
  const felts = await callView(provider, account, ACCOUNT_ENTRYPOINTS.getSpendingPolicy, [
    toFeltHex(parseNonZeroFelt(sessionPublicKey as string, 'sessionPublicKey')),
    toFeltHex(parseNonZeroFelt(token as string, 'token')),
  ]);
  return decodeSpendingPolicy(felts);
}
