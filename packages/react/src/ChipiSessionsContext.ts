import type { ChipiSessionsSDK, SessionKeyStore } from '@chipi-sessions/sdk';
import { createContext } from 'react';
import type { CreateX402PaymentClient } from './X402PaymentClient.js';

/** What `ChipiSessionsProvider` shares with the hooks. */
export interface ChipiSessionsContextValue {
  sdk: ChipiSessionsSDK;
  store: SessionKeyStore;
  createPaymentClient: CreateX402PaymentClient | undefined;
  /** Wall clock in unix seconds. */
  now: () => number;
}

export const ChipiSessionsContext = createContext<ChipiSessionsContextValue | null>(null);
