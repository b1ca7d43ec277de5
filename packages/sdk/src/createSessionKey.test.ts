import {
  decryptPrivateKey,
  getPublicKey,
  inspectKeyEnvelope,
  isChipiSessionError,
} from '@chipi-sessions/core';
import { describe, expect, it } from 'vitest';
import {
  createSessionKey,
  createSessionKeyAsync,
  DEFAULT_SESSION_DURATION_SECONDS,
} from './createSessionKey.js';
import { KeyCache } from './KeyCache.js';
import { unlockSessionKey } from './unlockSessionKey.js';

const WALLET = '0x64b48806902a367c8598f4f95c305e8c1a1acba5f082d294a43793113115691';
const context = { now: () => 1_700_000_000, kdfParams: 'insecure-fast-for-tests' as const };

function expectCode(code: string, fn: () => unknown) {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(isChipiSessionError(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

describe('createSessionKey', () => {
  it('returns { publicKey, encryptedPrivateKey, validUntil } with the 6-hour default', () => {
    const session = createSessionKey({ encryptKey: '1234' }, context);
    expect(Object.keys(session).sort()).toEqual(['encryptedPrivateKey', 'publicKey', 'validUntil']);
    expect(session.validUntil).toBe(1_700_000_000 + DEFAULT_SESSION_DURATION_SECONDS);
    expect(DEFAULT_SESSION_DURATION_SECONDS).toBe(21_600);
    expect(session.encryptedPrivateKey.startsWith('cs1.')).toBe(true);
    const meta = inspectKeyEnvelope(session.encryptedPrivateKey);
    expect(meta.publicKey).toBe(session.publicKey);
    // Unbound: the envelope names the session key itself.
    const key = decryptPrivateKey({
      envelope: session.encryptedPrivateKey,
      pin: '1234',
      walletAddress: session.publicKey,
    });
    expect(getPublicKey(key)).toBe(session.publicKey);
  });

  it('uses the default scrypt cost when none is configured', () => {
    const session = createSessionKey({ encryptKey: '1234', durationSeconds: 60 }, { now: () => 0 });
    expect(inspectKeyEnvelope(session.encryptedPrivateKey).kdf.N).toBeGreaterThanOrEqual(2 ** 15);
  });

  it('binds the envelope to a wallet when asked', () => {
    const session = createSessionKey({ encryptKey: '1234', walletAddress: WALLET }, context);
    expect(BigInt(inspectKeyEnvelope(session.encryptedPrivateKey).walletAddress)).toBe(
      BigInt(WALLET),
    );
    const cache = new KeyCache();
    expect(() =>
      unlockSessionKey({ session, pin: '1234', walletAddress: '0x123', keyCache: cache }),
    ).toThrow(/another wallet/);
    expect(
      getPublicKey(
        unlockSessionKey({ session, pin: '1234', walletAddress: WALLET, keyCache: cache }),
      ),
    ).toBe(session.publicKey);
  });

  it('SESSION_CREATION_FAILED on bad input', () => {
    for (const durationSeconds of [0, -1, 1.5, Number.NaN, 10 ** 12]) {
      expectCode('SESSION_CREATION_FAILED', () =>
        createSessionKey({ encryptKey: '1234', durationSeconds }, context),
      );
    }
    expectCode('SESSION_CREATION_FAILED', () => createSessionKey({ encryptKey: '' }, context));
    expectCode('SESSION_CREATION_FAILED', () =>
      createSessionKey({ encryptKey: '1', walletAddress: 'nope' }, context),
    );
    expectCode('SESSION_CREATION_FAILED', () =>
      createSessionKey({ encryptKey: '1' }, { ...context, random: () => new Uint8Array(3) }),
    );
  });
});

describe('createSessionKeyAsync', () => {
  it('returns the same shape and remembers the key, without the synchronous KDF', async () => {
    const cache = new KeyCache({
      clock: () => 2_000_000_000_000,
      decrypt: () => {
        throw new Error('no synchronous KDF expected');
      },
    });
    const session = await createSessionKeyAsync(
      { encryptKey: '1234', durationSeconds: 60, walletAddress: WALLET },
      { ...context, now: () => 2_000_000_000, keyCache: cache },
    );
    expect(Object.keys(session).sort()).toEqual(['encryptedPrivateKey', 'publicKey', 'validUntil']);
    expect(session.validUntil).toBe(2_000_000_060);
    expect(inspectKeyEnvelope(session.encryptedPrivateKey).publicKey).toBe(session.publicKey);
    expect(
      getPublicKey(
        unlockSessionKey({ session, pin: '1234', walletAddress: WALLET, keyCache: cache }),
      ),
    ).toBe(session.publicKey);
    expect(cache.stats).toMatchObject({ decryptions: 0, hits: 1 });
  });

  it('rejects with SESSION_CREATION_FAILED on bad input', async () => {
    for (const params of [{ encryptKey: '' }, { encryptKey: '1', durationSeconds: 0 }]) {
      const error = await createSessionKeyAsync(params, context).catch((e: unknown) => e);
      expect(isChipiSessionError(error, 'SESSION_CREATION_FAILED')).toBe(true);
    }
  });
});

describe('unlockSessionKey', () => {
  const session = createSessionKey({ encryptKey: '1234' }, context);

  it('SESSION_DECRYPTION_FAILED for a wrong PIN, another key, or garbage', () => {
    const cache = new KeyCache();
    expectCode('SESSION_DECRYPTION_FAILED', () =>
      unlockSessionKey({ session, pin: '0000', walletAddress: WALLET, keyCache: cache }),
    );
    expectCode('SESSION_DECRYPTION_FAILED', () =>
      unlockSessionKey({
        session: { ...session, publicKey: '0x1234' },
        pin: '1234',
        walletAddress: WALLET,
        keyCache: cache,
      }),
    );
    expectCode('SESSION_DECRYPTION_FAILED', () =>
      unlockSessionKey({
        session: { ...session, encryptedPrivateKey: 'U2FsdGVkX1abc' },
        pin: '1234',
        walletAddress: WALLET,
        keyCache: cache,
      }),
    );
  });
});
