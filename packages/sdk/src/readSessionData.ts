import {
  ACCOUNT_ENTRYPOINTS,
  decodeSessionData,
  parseNonZeroFelt,
  toFeltHex,
  toPaddedHex,
} from '@chipi-sessions/core';
import type { RpcProvider } from 'starknet';
import { callView } from './callView.js';
import type { SessionDataResponse } from './types.js';

/**
 * Reads `get_session_data` and `get_session_allowed_calls` and decodes them with core: status,
 * expiry, remaining calls and the allow-list as the account computes them at the latest block.
 * An unknown key is reported as `status: 'unknown'`, a revoked one as `'revoked'`.
 */
export async function readSessionData(
  provider: RpcProvider,
  walletAddress: string | undefined,
  sessionPublicKey: string | undefined,
): Promise<SessionDataResponse> {
  const account = toPaddedHex(parseNonZeroFelt(walletAddress as string, 'walletAddress'));
  const key = toFeltHex(parseNonZeroFelt(sessionPublicKey as string, 'sessionPublicKey'));
  const [sessionData, allowedCalls] = await Promise.all([
    callView(provider, account, ACCOUNT_ENTRYPOINTS.getSessionData, [key]),
    callView(provider, account, ACCOUNT_ENTRYPOINTS.getSessionAllowedCalls, [key]),
  ]);
  return decodeSessionData({ sessionData, allowedCalls });
}
