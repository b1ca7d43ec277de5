import { encryptPrivateKey, getPublicKey, getSelectorFromName } from '@chipi-sessions/core';
import { ChipiSessionsSDK, MemorySessionKeyStore, type WalletData } from '@chipi-sessions/sdk';
import { type FakeNode, startFakeNode } from '@chipi-sessions/testing/fake-starknet-node';

export const PIN = '123456';
export const ACCOUNT = '0x064b48806902a367c8598f4f95c305e8c1a1acba5f082d294a43793113115691';
const OWNER_KEY = '0x71d7bb07b9a64f6f78ac4c816aff4da9';
export const NOW = 1_800_000_000;

const ADD = getSelectorFromName('add_or_update_session_key');
const REVOKE = getSelectorFromName('revoke_session_key');

export interface SessionChain {
  node: FakeNode;
  sdk: ChipiSessionsSDK;
  store: MemorySessionKeyStore;
  wallet: WalletData;
  /** The test's wall clock, unix seconds (also the node's block time). */
  clock: { now: number };
  now: () => number;
  /** Applies the owner transactions received so far to the node's session state, as the account would. */
  settle(): void;
  close(): Promise<void>;
}

/**
 * The SDK's JSON-RPC stand-in node serving one CHIPI account, an SDK on it (cheap test KDF), an
 * in-memory session store and the wallet. `settle()` plays the account's part for registrations
 * and revocations, which the node only records.
 */
export async function startSessionChain(): Promise<SessionChain> {
  const node = await startFakeNode({
    account: ACCOUNT,
    ownerPublicKey: getPublicKey(OWNER_KEY),
    blockTime: NOW,
  });
  const clock = { now: NOW };
  const now = () => clock.now;
  const sdk = new ChipiSessionsSDK({
    rpcUrl: node.url,
    fetch: (input, init) => fetch(input, init),
    kdfParams: 'insecure-fast-for-tests',
    transactionPollIntervalMs: 5,
    now,
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
  let settled = 0;
  const settle = () => {
    const sent = node.transactions.filter((t) => t.kind === 'invoke');
    for (const tx of sent.slice(settled)) {
      for (const call of tx.calls) {
        const [key, validUntil, maxCalls] = call.calldata;
        if (call.selector === ADD && key !== undefined) {
          node.sessions.set(key, {
            validUntil: Number(validUntil),
            maxCalls: Number(maxCalls),
            callsUsed: 0,
          });
        }
        if (call.selector === REVOKE && key !== undefined) {
          const session = node.sessions.get(key);
          if (session !== undefined) session.status = 'revoked';
        }
      }
    }
    settled = sent.length;
  };
  return {
    node,
    sdk,
    store: new MemorySessionKeyStore(),
    wallet,
    clock,
    now,
    settle,
    close: () => node.close(),
  };
}
