import type { ChipiSessionsSDK, WalletData } from '@chipi-sessions/sdk';
import { type FormEvent, useState } from 'react';

/** Creates a wallet protected by a PIN, or asks the PIN of the stored one. */
export function WalletCard(props: {
  sdk: ChipiSessionsSDK;
  wallet: WalletData | null;
  pin: string;
  onWallet: (wallet: WalletData) => void;
  onPin: (pin: string) => void;
}) {
  const { sdk, wallet, pin } = props;
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4,8}$/.test(draft)) return setError('Choose a PIN of 4 to 8 digits.');
    setError(null);
    if (wallet !== null) return props.onPin(draft);
    setBusy(true);
    try {
      const created = await sdk.createWallet({
        encryptKey: draft,
        fund: async (address) => {
          const res = await fetch('/api/faucet', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ address }),
          });
          if (!res.ok) throw new Error(`faucet: ${res.status}`);
        },
      });
      props.onWallet(created.wallet);
      props.onPin(draft);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (wallet !== null && pin !== '') {
    return (
      <section className="card" data-testid="wallet">
        <h2>Your wallet</h2>
        <p className="mono" data-testid="wallet-address">
          {wallet.publicKey}
        </p>
        <p className="muted">Unlocked with your PIN. The key never leaves this browser.</p>
      </section>
    );
  }
  return (
    <section className="card">
      <h2>{wallet === null ? 'Create your wallet' : 'Unlock your wallet'}</h2>
      <form onSubmit={submit} className="row">
        <input
          aria-label="PIN"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          placeholder="PIN"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : wallet === null ? 'Create wallet' : 'Unlock'}
        </button>
      </form>
      {error !== null && <p className="error">{error}</p>}
      <p className="muted">
        {wallet === null
          ? 'A new Starknet account, funded by the local faucet with 1 USDC.'
          : 'Your PIN decrypts the wallet key in this browser only.'}
      </p>
    </section>
  );
}
