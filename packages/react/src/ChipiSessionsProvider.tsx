import {
  type ChipiSessionsSDK,
  defaultSessionKeyStore,
  type SessionKeyStore,
} from '@chipi-sessions/sdk';
import { type ReactNode, useEffect, useMemo } from 'react';
import { ChipiSessionsContext, type ChipiSessionsContextValue } from './ChipiSessionsContext.js';
import type { CreateX402PaymentClient } from './X402PaymentClient.js';

/** Props of `ChipiSessionsProvider`. */
export interface ChipiSessionsProviderProps {
  /** The SDK connected to the wallet's network. */
  sdk: ChipiSessionsSDK;
  /** Where session keys persist (default: `localStorage` in a browser, memory elsewhere). */
  store?: SessionKeyStore;
  /**
   * Builds the paying client `useX402Payment` uses (can also be given to the hook). Keep it
   * stable (module scope or `useCallback`): a new function builds new clients.
   */
  createPaymentClient?: CreateX402PaymentClient;
  /** Wall clock in unix seconds (default `Date.now() / 1000`). */
  now?: () => number;
  /** Forget every unlocked key when the provider unmounts (default true). */
  wipeKeysOnUnmount?: boolean;
  children?: ReactNode;
}

const systemNow = () => Math.floor(Date.now() / 1000);

/**
 * Gives `useChipiSession` and `useX402Payment` their SDK, session store and paying client.
 *
 * @example
 * ```tsx
 * <ChipiSessionsProvider sdk={sdk} createPaymentClient={(config) => new X402Client(account, config)}>
 *   <App />
 * </ChipiSessionsProvider>
 * ```
 */
export function ChipiSessionsProvider(props: ChipiSessionsProviderProps) {
  const { sdk, store, createPaymentClient, now, wipeKeysOnUnmount = true, children } = props;
  const value = useMemo<ChipiSessionsContextValue>(
    () => ({
      sdk,
      store: store ?? defaultSessionKeyStore(),
      createPaymentClient,
      now: now ?? systemNow,
    }),
    [sdk, store, createPaymentClient, now],
  );
  useEffect(() => {
    if (!wipeKeysOnUnmount) return;
    return () => sdk.wipeKeys();
  }, [sdk, wipeKeysOnUnmount]);
  return <ChipiSessionsContext.Provider value={value}>{children}</ChipiSessionsContext.Provider>;
}
