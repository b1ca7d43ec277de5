import {
  type DecryptPrivateKeyParameters,
  decryptPrivateKey,
  decryptPrivateKeyAsync,
  encryptPrivateKey,
  isChipiSessionError,
} from '@chipi-sessions/core';
import { describe, expect, it } from 'vitest';
import { KeyCache } from './KeyCache.js';

const WALLET = '0x64b48806902a367c8598f4f95c305e8c1a1acba5f082d294a43793113115691';
const KEY = '0x2dccce1da22003777062ee0870e9881b460a8b7eca276870f57c601f182136c';

function setup(options: { ownerKeyTtlSeconds?: number; maxEntries?: number } = {}) {
  let clock = 1_000_000;
  let runs = 0;
  const cache = new KeyCache({
    ...options,
    clock: () => clock,
    decrypt: (params: DecryptPrivateKeyParameters) => {
      runs += 1;
      return decryptPrivateKey(params);
    },
  });
  const envelope = encryptPrivateKey({
    privateKey: KEY,
    pin: '1234',
    walletAddress: WALLET,
    kdfParams: 'insecure-fast-for-tests',
  });
  return {
    cache,
    envelope,
    runs: () => runs,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('KeyCache', () => {
  it('decrypts once, then answers from memory for the same PIN', () => {
    const t = setup();
    for (let i = 0; i < 5; i++) {
      expect(
        BigInt(t.cache.unlock({ envelope: t.envelope, pin: '1234', walletAddress: WALLET })),
      ).toBe(BigInt(KEY));
    }
    expect(t.runs()).toBe(1);
    expect(t.cache.stats).toMatchObject({ decryptions: 1, hits: 4, size: 1 });
  });

  it('a wrong PIN never gets the cached key', () => {
    const t = setup();
    t.cache.unlock({ envelope: t.envelope, pin: '1234', walletAddress: WALLET });
    let error: unknown;
    try {
      t.cache.unlock({ envelope: t.envelope, pin: '9999', walletAddress: WALLET });
    } catch (e) {
      error = e;
    }
    expect(isChipiSessionError(error, 'SESSION_DECRYPTION_FAILED')).toBe(true);
    expect(t.runs()).toBe(2);
    // The right PIN still hits.
    t.cache.unlock({ envelope: t.envelope, pin: '1234', walletAddress: WALLET });
    expect(t.runs()).toBe(2);
  });

  it('a different wallet address goes through decryption (and fails)', () => {
    const t = setup();
    t.cache.unlock({ envelope: t.envelope, pin: '1234', walletAddress: WALLET });
    expect(() =>
      t.cache.unlock({ envelope: t.envelope, pin: '1234', walletAddress: '0x99' }),
    ).toThrow();
    expect(t.runs()).toBe(2);
  });

  it('owner keys expire after the TTL; session keys at their expiry', () => {
    const t = setup({ ownerKeyTtlSeconds: 60 });
    t.cache.unlock({ envelope: t.envelope, pin: '1234', walletAddress: WALLET });
    t.advance(59_000);
    t.cache.unlock({ envelope: t.envelope, pin: '1234', walletAddress: WALLET });
    expect(t.runs()).toBe(1);
    t.advance(2_000);
    t.cache.unlock({ envelope: t.envelope, pin: '1234', walletAddress: WALLET });
    expect(t.runs()).toBe(2);

    const s = setup();
    const expiresAt = 1_000 + 10; // clock is 1_000_000 ms = 1000 s
    s.cache.unlock({ envelope: s.envelope, pin: '1234', walletAddress: WALLET, expiresAt });
    s.advance(9_000);
    s.cache.unlock({ envelope: s.envelope, pin: '1234', walletAddress: WALLET, expiresAt });
    expect(s.runs()).toBe(1);
    s.advance(1_000);
    s.cache.unlock({ envelope: s.envelope, pin: '1234', walletAddress: WALLET, expiresAt });
    expect(s.runs()).toBe(2);
  });

  it('wipe() forgets everything; maxEntries 0 keeps nothing', () => {
    const t = setup();
    t.cache.unlock({ envelope: t.envelope, pin: '1234', walletAddress: WALLET });
    t.cache.wipe();
    expect(t.cache.stats.size).toBe(0);
    t.cache.unlock({ envelope: t.envelope, pin: '1234', walletAddress: WALLET });
    expect(t.runs()).toBe(2);

    const none = setup({ maxEntries: 0 });
    none.cache.unlock({ envelope: none.envelope, pin: '1234', walletAddress: WALLET });
    none.cache.unlock({ envelope: none.envelope, pin: '1234', walletAddress: WALLET });
    expect(none.runs()).toBe(2);
  });

  it('drops the oldest entry beyond maxEntries', () => {
    const t = setup({ maxEntries: 1 });
    const other = encryptPrivateKey({
      privateKey: '0x1234',
      pin: '1234',
      walletAddress: WALLET,
      kdfParams: 'insecure-fast-for-tests',
    });
    t.cache.unlock({ envelope: t.envelope, pin: '1234', walletAddress: WALLET });
    t.cache.unlock({ envelope: other, pin: '1234', walletAddress: WALLET });
    t.cache.unlock({ envelope: t.envelope, pin: '1234', walletAddress: WALLET });
    expect(t.runs()).toBe(3);
  });

  it('unlockAsync decrypts without blocking, then serves both unlock forms from memory', async () => {
    let asyncRuns = 0;
    const cache = new KeyCache({
      decrypt: () => {
        throw new Error('the synchronous KDF must not run');
      },
      decryptAsync: async (params) => {
        asyncRuns += 1;
        return decryptPrivateKeyAsync(params);
      },
    });
    const envelope = encryptPrivateKey({
      privateKey: KEY,
      pin: '1234',
      walletAddress: WALLET,
      kdfParams: 'insecure-fast-for-tests',
    });
    const params = { envelope, pin: '1234', walletAddress: WALLET };
    expect(BigInt(await cache.unlockAsync(params))).toBe(BigInt(KEY));
    expect(BigInt(await cache.unlockAsync(params))).toBe(BigInt(KEY));
    expect(BigInt(cache.unlock(params))).toBe(BigInt(KEY));
    expect(asyncRuns).toBe(1);
    expect(cache.stats).toMatchObject({ decryptions: 1, hits: 2 });
    await expect(cache.unlockAsync({ ...params, pin: '4321' })).rejects.toSatisfy((e) =>
      isChipiSessionError(e, 'SESSION_DECRYPTION_FAILED'),
    );
  });
});
