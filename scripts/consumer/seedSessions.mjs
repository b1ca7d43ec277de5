// The session examples of the SDK's design notes, run as an npm user would: plain ESM against the
// installed tarballs. Only the setup (devnet wallet, token, PIN) is ours; the numbered blocks are
// the notes' examples with the package name changed.
import { ChipiSessionError, ChipiSessionsSDK } from '@chipi-sessions/sdk';

const [RPC_URL, RECIPIENT] = process.argv.slice(2);
if (!RPC_URL || !RECIPIENT) throw new Error('usage: node seedSessions.mjs RPC_URL RECIPIENT');
// devnet's predeployed STRK: an ERC-20 with the same `transfer` as USDC.
const USDC_CONTRACT = '0x4718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d';
const userPin = '482913';
const bearerToken = 'consumer-check-bearer';
const recipientAddress = RECIPIENT;
const amount = '1000';
const storage = new Map();
const localStorage = {
  setItem: (key, value) => storage.set(key, value),
  getItem: (key) => storage.get(key) ?? null,
  removeItem: (key) => storage.delete(key),
};
const authProvider = { signOut: async () => {} };

async function devnetMint(address) {
  const response = await fetch(RPC_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'devnet_mint',
      params: { address, amount: 10 ** 20, unit: 'FRI' }, // 100 STRK; 1e21 would serialize as "1e+21"
    }),
  });
  const body = await response.json();
  if (body.error) throw new Error(`devnet_mint: ${JSON.stringify(body.error)}`);
}

const sdk = new ChipiSessionsSDK({ rpcUrl: RPC_URL });
const { wallet } = await sdk.createWallet({ encryptKey: userPin, fund: devnetMint });
console.log(`wallet deployed: ${wallet.publicKey}`);

// 1. sessions.createSessionKey(): a 1-hour gaming session
const session = sdk.sessions.createSessionKey({
  encryptKey: userPin,
  durationSeconds: 60 * 60, // 1 hour
});
localStorage.setItem('chipiSession', JSON.stringify(session));
console.log(`Session expires at: ${new Date(session.validUntil * 1000)}`);

// 2. sessions.addSessionKeyToContract(): register with restricted permissions
const registered = await sdk.sessions.addSessionKeyToContract(
  {
    encryptKey: userPin,
    wallet: {
      publicKey: wallet.publicKey,
      encryptedPrivateKey: wallet.encryptedPrivateKey,
      walletType: 'CHIPI',
    },
    sessionConfig: {
      sessionPublicKey: session.publicKey,
      validUntil: session.validUntil,
      maxCalls: 50,
      allowedEntrypoints: [
        '0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e', // transfer
      ],
    },
  },
  bearerToken,
);
console.log(`Session registered: ${registered}`);

// 3. executeTransactionWithSession(): transfer using the session (no owner key)
const txHash = await sdk.executeTransactionWithSession({
  params: {
    encryptKey: userPin,
    wallet: { ...wallet, walletType: 'CHIPI' },
    session,
    calls: [
      {
        contractAddress: USDC_CONTRACT,
        entrypoint: 'transfer',
        calldata: [recipientAddress, amount, '0x0'],
      },
    ],
  },
  bearerToken,
});
console.log(`Transfer executed: ${txHash}`);

// 4. sessions.getSessionData(): check the session before executing
const sessionData = await sdk.sessions.getSessionData({
  walletAddress: wallet.publicKey,
  sessionPublicKey: session.publicKey,
});
if (!sessionData.isActive) throw new Error('the session should be active');
if (sessionData.remainingCalls !== 49) {
  throw new Error(`expected 49 remaining calls, got ${sessionData.remainingCalls}`);
}
console.log(`Session active, ${sessionData.remainingCalls} calls remaining`);

// 5. sessions.revokeSessionKey(): revoke on logout
const handleLogout = async () => {
  const sessionStr = localStorage.getItem('chipiSession');
  if (sessionStr) {
    const session = JSON.parse(sessionStr);
    await sdk.sessions.revokeSessionKey(
      {
        encryptKey: userPin,
        wallet: { ...wallet, walletType: 'CHIPI' },
        sessionPublicKey: session.publicKey,
      },
      bearerToken,
    );
    localStorage.removeItem('chipiSession');
  }
  await authProvider.signOut();
};
await handleLogout();
console.log('Session revoked on logout');

// 6. Error handling: the revoked session is refused with a typed ChipiSessionError
let refused;
try {
  await sdk.executeTransactionWithSession({
    params: {
      encryptKey: userPin,
      wallet: { ...wallet, walletType: 'CHIPI' },
      session,
      calls: [
        {
          contractAddress: USDC_CONTRACT,
          entrypoint: 'transfer',
          calldata: [recipientAddress, amount, '0x0'],
        },
      ],
    },
    bearerToken,
  });
} catch (error) {
  if (error instanceof ChipiSessionError) {
    switch (error.code) {
      case 'SESSION_REVOKED':
        refused = error.code;
        break;
      default:
        console.error('Session error:', error.message);
    }
  }
  if (refused === undefined) throw error;
}
if (refused !== 'SESSION_REVOKED') throw new Error('the revoked session was not refused');
console.log(`Revoked session refused: ${refused}`);
