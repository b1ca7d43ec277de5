import type { WalletData } from '@chipi-sessions/sdk';
import { useCallback, useState } from 'react';

const KEY = 'example-web/wallet';

/** The wallet kept in localStorage: its address and the owner key's `cs1.` envelope only. */
export function useStoredWallet(): [WalletData | null, (wallet: WalletData | null) => void] {
  const [wallet, setWallet] = useState<WalletData | null>(() => {
    const text = localStorage.getItem(KEY);
    return text === null ? null : (JSON.parse(text) as WalletData);
  });
  const store = useCallback((next: WalletData | null) => {
    if (next === null) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, JSON.stringify(next));
    setWallet(next);
  }, []);
  return [wallet, store];
}
