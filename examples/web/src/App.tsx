import { useChipiSession, useX402Payment } from '@chipi-sessions/react';
import type { ChipiSessionsSDK } from '@chipi-sessions/sdk';
import { useState } from 'react';
import { AgentCard } from './AgentCard.tsx';
import type { DemoConfig } from './DemoConfig.ts';
import { LIMITS, usd } from './limits.ts';
import { SessionCard } from './SessionCard.tsx';
import { useStoredWallet } from './useStoredWallet.ts';
import { useWindowBudget } from './useWindowBudget.ts';
import { WalletCard } from './WalletCard.tsx';

export function App(props: { sdk: ChipiSessionsSDK; config: DemoConfig }) {
  const { sdk, config } = props;
  const [wallet, setWallet] = useStoredWallet();
  const [pin, setPin] = useState('');
  const unlocked = pin === '' ? null : wallet;
  const session = useChipiSession({
    wallet: unlocked,
    encryptKey: pin,
    durationSeconds: LIMITS.durationSeconds,
  });
  const payment = useX402Payment({
    wallet: unlocked,
    encryptKey: pin,
    session: session.session,
    maxPaymentAmount: usd(LIMITS.maxPerCall),
    allowedRecipients: [config.merchant],
  });
  const [budget] = useWindowBudget(
    sdk,
    unlocked,
    session.session,
    config.usdc,
    session.sessionData,
  );
  const afterEach = async () => {
    await session.refresh();
  };

  return (
    <main>
      <header>
        <h1>Auto-pay research agent</h1>
        <p className="muted">
          Grant an allowance once; the agent then pays per answer with a session key. Every limit is
          enforced by your Starknet account.
        </p>
      </header>
      <WalletCard sdk={sdk} wallet={wallet} pin={pin} onWallet={setWallet} onPin={setPin} />
      {unlocked !== null && <SessionCard config={config} session={session} budget={budget} />}
      {unlocked !== null && session.status !== 'none' && session.status !== 'created' && (
        <AgentCard payment={payment} disabled={false} afterEach={afterEach} />
      )}
    </main>
  );
}
