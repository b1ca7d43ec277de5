// Type-checked (never run) by the consumer check under moduleResolution node16 and bundler: the
// session API of the design notes, written against the published declarations.

import { contractsManifest } from '@chipi-sessions/contracts';
import {
  ChipiSessionError,
  ChipiSessionsSDK,
  type SessionDataResponse,
  type SessionKeyData,
  type WalletData,
} from '@chipi-sessions/sdk';
import { RpcProvider } from 'starknet';

export async function sessionFlow(wallet: WalletData, userPin: string): Promise<string> {
  const sdk = new ChipiSessionsSDK({
    provider: new RpcProvider({ nodeUrl: 'http://127.0.0.1:5050/rpc' }),
    accountClassHash: contractsManifest.account.classHash,
    paymasterUrl: 'http://127.0.0.1:4337', // gasless: a SNIP-29 paymaster, `bearer` its API key
  });
  const session: SessionKeyData = sdk.sessions.createSessionKey({
    encryptKey: userPin,
    durationSeconds: 60 * 60,
  });
  await sdk.sessions.addSessionKeyToContract(
    {
      encryptKey: userPin,
      wallet: { ...wallet, walletType: 'CHIPI' },
      sessionConfig: {
        sessionPublicKey: session.publicKey,
        validUntil: session.validUntil,
        maxCalls: 50,
        allowedEntrypoints: ['transfer'],
      },
    },
    'bearer',
  );
  const data: SessionDataResponse = await sdk.sessions.getSessionData({
    walletAddress: wallet.publicKey,
    sessionPublicKey: session.publicKey,
  });
  if (!data.isActive) return 'inactive';
  try {
    return await sdk.executeTransactionWithSession({
      params: {
        encryptKey: userPin,
        wallet: { ...wallet, walletType: 'CHIPI' },
        session,
        calls: [{ contractAddress: '0x1', entrypoint: 'transfer', calldata: ['0x2', '1', '0x0'] }],
      },
      bearerToken: 'bearer',
    });
  } catch (error) {
    if (error instanceof ChipiSessionError && error.code === 'SESSION_EXPIRED') return 'expired';
    throw error;
  }
}
