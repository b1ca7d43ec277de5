import { ChipiSessionsProvider } from '@chipi-sessions/react';
import { ChipiSessionsSDK, KeyCache } from '@chipi-sessions/sdk';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import type { DemoConfig } from './DemoConfig.ts';
import { createPaymentClient } from './paymentClient.ts';

const config = (await (await fetch('/api/config')).json()) as DemoConfig;
const keyCache = new KeyCache();
const sdk = new ChipiSessionsSDK({
  rpcUrl: new URL(config.rpcPath, location.origin).href,
  accountClassHash: config.accountClassHash,
  keyCache,
  transactionPollIntervalMs: 300,
});
const paymentClient = createPaymentClient(sdk, keyCache, {
  address: config.usdc,
  decimals: 6,
  network: config.network,
});

const root = document.getElementById('root');
if (root === null) throw new Error('no #root');
createRoot(root).render(
  <ChipiSessionsProvider sdk={sdk} createPaymentClient={paymentClient}>
    <App sdk={sdk} config={config} />
  </ChipiSessionsProvider>,
);
