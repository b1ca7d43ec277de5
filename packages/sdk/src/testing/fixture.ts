import {
  decryptPrivateKey,
  decryptPrivateKeyAsync,
  encryptPrivateKey,
  getPublicKey,
  getSelectorFromName,
  toFeltHex,
} from '@chipi-sessions/core';
import { type FakeNode, startFakeNode } from '@chipi-sessions/testing/fake-starknet-node';
import type { Call } from 'starknet';
import { ChipiSessionsSDK } from '../ChipiSessionsSDK.js';
import type { ChipiSessionsSDKConfig } from '../ChipiSessionsSDKConfig.js';
import { KeyCache } from '../KeyCache.js';
import type { SessionKeyData, WalletData } from '../types.js';

export const PIN = '123456';
export const ACCOUNT = '0x064b48806902a367c8598f4f95c305e8c1a1acba5f082d294a43793113115691';
export const OWNER_KEY = '0x71d7bb07b9a64f6f78ac4c816aff4da9';
export const USDC = '0x04718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d';
export const RECIPIENT = '0x0123';
export const NOW = 1_800_000_000;
export const TRANSFER = toFeltHex(getSelectorFromName('transfer'));

export interface Fixture {
  node: FakeNode;
  sdk: ChipiSessionsSDK;
  wallet: WalletData;
  session: SessionKeyData;
  /** Number of envelope decryptions (scrypt runs) so far. */
  kdfRuns: () => number;
  /** How many of those ran the synchronous, thread-blocking KDF. */
  blockingKdfRuns: () => number;
  close(): Promise<void>;
}

export function transferCall(amount: bigint | number = 100n, token = USDC): Call {
  return { contractAddress: token, entrypoint: 'transfer', calldata: [RECIPIENT, amount, 0] };
}

/**
 * A fake node serving a CHIPI account, an SDK on it (fast KDF, short polling) and a wallet whose
 * owner key is encrypted under `PIN`, plus a session created by that SDK and registered in the
 * node as active with 10 calls.
 */
export async function createFixture(config: ChipiSessionsSDKConfig = {}): Promise<Fixture> {
  const node = await startFakeNode({
    account: ACCOUNT,
    ownerPublicKey: getPublicKey(OWNER_KEY),
    blockTime: NOW,
  });
  let runs = 0;
  let blockingRuns = 0;
  const keyCache = new KeyCache({
    decrypt: (params) => {
      runs += 1;
      blockingRuns += 1;
      return decryptPrivateKey(params);
    },
    decryptAsync: (params) => {
      runs += 1;
      return decryptPrivateKeyAsync(params);
    },
  });
  const sdk = new ChipiSessionsSDK({
    rpcUrl: node.url,
    kdfParams: 'insecure-fast-for-tests',
    transactionPollIntervalMs: 5,
    now: () => node.blockTime,
    keyCache,
    ...config,
  });
  const wallet: WalletData = {
    publicKey: ACCOUNT,
    encryptedPrivateKey: encryptPrivateKey({
      privateKey: OWNER_KEY,
      pin: PIN,
      walletAddress: ACCOUNT,
      kdfParams: 'insecure-fast-for-tests',
    }),
    walletType: 'CHIPI',
  };
  const session = sdk.sessions.createSessionKey({ encryptKey: PIN, durationSeconds: 3600 });
  node.sessions.set(BigInt(session.publicKey), {
    validUntil: session.validUntil,
    maxCalls: 10,
    callsUsed: 0,
  });
  return {
    node,
    sdk,
    wallet,
    session,
    kdfRuns: () => runs,
    blockingKdfRuns: () => blockingRuns,
    close: () => node.close(),
  };
}
