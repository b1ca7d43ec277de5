import { isChipiSessionError } from '@chipi-sessions/core';
import { describe, expect, it } from 'vitest';
import { createSessionKey } from './createSessionKey.js';
import { MemorySessionKeyStore } from './MemorySessionKeyStore.js';

const WALLET = '0x64b48806902a367c8598f4f95c305e8c1a1acba5f082d294a43793113115691';
const session = createSessionKey(
  { encryptKey: '1234', walletAddress: WALLET },
  { now: () => 1_700_000_000, kdfParams: 'insecure-fast-for-tests' },
);

describe('MemorySessionKeyStore', () => {
  it('saves, loads (whatever the address form) and removes one session per wallet', async () => {
    const store = new MemorySessionKeyStore();
    expect(await store.load(WALLET)).toBeUndefined();
    await store.save(WALLET, session);
    expect(await store.load(WALLET.replace('0x', '0x000'))).toEqual(session);
    await store.remove(WALLET);
    expect(await store.load(WALLET)).toBeUndefined();
  });

  it('keeps only the envelope: a decrypted key passed along is dropped', async () => {
    const store = new MemorySessionKeyStore();
    await store.save(WALLET, { ...session, privateKey: '0x1' } as typeof session);
    expect(Object.keys((await store.load(WALLET)) ?? {}).sort()).toEqual([
      'encryptedPrivateKey',
      'publicKey',
      'validUntil',
    ]);
  });

  it('refuses a session whose key is not in an envelope of its public key', async () => {
    const store = new MemorySessionKeyStore();
    for (const bad of [
      { ...session, encryptedPrivateKey: '0x2dccce1da22003777062ee0870e9881b' },
      { ...session, publicKey: '0x1234' },
      { ...session, validUntil: 0 },
    ]) {
      const error = await store.save(WALLET, bad).catch((e: unknown) => e);
      expect(isChipiSessionError(error, 'INVALID_INPUT')).toBe(true);
    }
  });
});
