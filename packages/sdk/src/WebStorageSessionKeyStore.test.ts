// @vitest-environment happy-dom
import { isChipiSessionError } from '@chipi-sessions/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSessionKey } from './createSessionKey.js';
import { defaultSessionKeyStore } from './defaultSessionKeyStore.js';
import { WebStorageSessionKeyStore } from './WebStorageSessionKeyStore.js';

const WALLET = '0x64b48806902a367c8598f4f95c305e8c1a1acba5f082d294a43793113115691';
const session = createSessionKey(
  { encryptKey: '1234', walletAddress: WALLET },
  { now: () => 1_700_000_000, kdfParams: 'insecure-fast-for-tests' },
);
const KEY = `chipi-sessions/session/${WALLET}`;

beforeEach(() => localStorage.clear());

describe('WebStorageSessionKeyStore', () => {
  it('persists the session in localStorage as its public form only', async () => {
    await new WebStorageSessionKeyStore().save(WALLET, session);
    const raw = localStorage.getItem(KEY);
    expect(JSON.parse(raw ?? 'null')).toEqual(session);
    // A new store (a reload) reads it back.
    expect(await new WebStorageSessionKeyStore().load(WALLET)).toEqual(session);
  });

  it('removes the entry and answers undefined afterwards', async () => {
    const store = new WebStorageSessionKeyStore();
    await store.save(WALLET, session);
    await store.remove(WALLET);
    expect(localStorage.getItem(KEY)).toBeNull();
    expect(await store.load(WALLET)).toBeUndefined();
  });

  it('refuses a tampered entry with INVALID_INPUT instead of handing it out', async () => {
    const store = new WebStorageSessionKeyStore();
    for (const text of ['{', JSON.stringify({ ...session, publicKey: '0x99' })]) {
      localStorage.setItem(KEY, text);
      const error = await store.load(WALLET).catch((e: unknown) => e);
      expect(isChipiSessionError(error, 'INVALID_INPUT')).toBe(true);
    }
  });

  it('uses the given storage and prefix', async () => {
    const store = new WebStorageSessionKeyStore({ storage: sessionStorage, prefix: 'app/' });
    await store.save(WALLET, session);
    expect(sessionStorage.getItem(`app/${WALLET}`)).not.toBeNull();
    expect(localStorage.length).toBe(0);
  });
});

describe('defaultSessionKeyStore', () => {
  it('is localStorage in a browser', async () => {
    await defaultSessionKeyStore().save(WALLET, session);
    expect(localStorage.getItem(KEY)).not.toBeNull();
  });
});
