import type { ChipiSessionsSDK, SessionKeyData, WalletData } from '@chipi-sessions/sdk';
import { useCallback, useEffect, useState } from 'react';

export interface WindowBudget {
  maxPerWindow: bigint;
  remainingInWindow: bigint;
  nextReleaseAt: number;
}

/**
 * The session's USDC spending window as the account computes it, read again whenever `readAt`
 * changes (the session's last on-chain read) and on `refresh`.
 */
export function useWindowBudget(
  sdk: ChipiSessionsSDK,
  wallet: WalletData | null,
  session: SessionKeyData | null,
  usdc: string,
  readAt: unknown,
): [WindowBudget | null, () => Promise<void>] {
  const [budget, setBudget] = useState<WindowBudget | null>(null);
  const refresh = useCallback(async () => {
    if (wallet === null || session === null) return setBudget(null);
    const view = await sdk.sessions.getSpendingPolicy({
      walletAddress: wallet.publicKey,
      sessionPublicKey: session.publicKey,
      token: usdc,
    });
    setBudget(view.exists ? view : null);
  }, [sdk, wallet, session, usdc]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `readAt` is the trigger
  useEffect(() => {
    refresh().catch(() => setBudget(null));
  }, [refresh, readAt]);
  return [budget, refresh];
}
