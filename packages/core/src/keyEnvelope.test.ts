import { describe, expect, it } from 'vitest';
import { base64UrlDecode, base64UrlEncode } from './base64url.js';
import { isChipiSessionError } from './ChipiSessionError.js';
import {
  DEFAULT_SCRYPT_PARAMS,
  decryptPrivateKey,
  decryptPrivateKeyAsync,
  encryptPrivateKey,
  encryptPrivateKeyAsync,
  inspectKeyEnvelope,
} from './keyEnvelope.js';
import { getPublicKey } from './sessionKeyPair.js';

const KEY = '0x04a1f2d3c5b6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70';
const OTHER_KEY = '0x0000000000000000000000000000000000000000000000000000000000c0ffee';
const WALLET = '0x2f1c1a7a08b1e3c9d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4';
const PIN = '1234';
const FAST = 'insecure-fast-for-tests' as const;

const seal = (extra: Partial<Parameters<typeof encryptPrivateKey>[0]> = {}) =>
  encryptPrivateKey({
    privateKey: KEY,
    pin: PIN,
    walletAddress: WALLET,
    kdfParams: FAST,
    ...extra,
  });

function failure(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    if (isChipiSessionError(e, 'SESSION_DECRYPTION_FAILED')) return e.details.reason;
    return isChipiSessionError(e) ? e.code : e;
  }
  return 'no error';
}

function editBody(envelope: string, edit: (body: Record<string, unknown>) => void): string {
  const body = JSON.parse(new TextDecoder().decode(base64UrlDecode(envelope.slice(4))));
  edit(body);
  return `cs1.${base64UrlEncode(new TextEncoder().encode(JSON.stringify(body)))}`;
}

describe('encryptPrivateKey / decryptPrivateKey', () => {
  it('round-trips with the default scrypt cost', () => {
    const envelope = encryptPrivateKey({ privateKey: KEY, pin: PIN, walletAddress: WALLET });
    expect(envelope.startsWith('cs1.')).toBe(true);
    expect(inspectKeyEnvelope(envelope).kdf).toEqual(DEFAULT_SCRYPT_PARAMS);
    expect(decryptPrivateKey({ envelope, pin: PIN, walletAddress: WALLET })).toBe(KEY);
  });

  it('round-trips with an expected public key, whatever its hex form', () => {
    const pub = getPublicKey(KEY);
    const envelope = seal({ sessionPublicKey: pub });
    const padded = `0x${BigInt(pub).toString(16).padStart(64, '0').toUpperCase()}`;
    expect(
      decryptPrivateKey({
        envelope,
        pin: PIN,
        walletAddress: WALLET.toUpperCase().replace('0X', '0x'),
        sessionPublicKey: padded,
      }),
    ).toBe(KEY);
  });

  it('stores public metadata only, never the key', () => {
    const envelope = seal();
    const info = inspectKeyEnvelope(envelope);
    expect(info).toEqual({
      version: 1,
      walletAddress: WALLET,
      publicKey: getPublicKey(KEY),
      kdf: { N: 16, r: 8, p: 1 },
    });
    const json = new TextDecoder().decode(base64UrlDecode(envelope.slice(4)));
    expect(json).not.toContain(KEY.slice(2));
  });

  it('uses a fresh salt and nonce each time, deterministic with an injected source', () => {
    expect(seal()).not.toBe(seal());
    let counter = 0;
    const random = (n: number) => Uint8Array.from({ length: n }, () => counter++ & 0xff);
    const a = seal({ random });
    counter = 0;
    expect(seal({ random })).toBe(a);
  });

  it('fails with SESSION_DECRYPTION_FAILED on a wrong PIN', () => {
    expect(
      failure(() => decryptPrivateKey({ envelope: seal(), pin: '1235', walletAddress: WALLET })),
    ).toBe('authentication');
  });

  it('fails on a tampered ciphertext, nonce or salt', () => {
    const envelope = seal();
    for (const field of ['ct', 'iv', 'salt']) {
      const tampered = editBody(envelope, (b) => {
        const bytes = base64UrlDecode(b[field] as string);
        bytes[0] = (bytes[0] as number) ^ 1;
        b[field] = base64UrlEncode(bytes);
      });
      expect(
        failure(() => decryptPrivateKey({ envelope: tampered, pin: PIN, walletAddress: WALLET })),
      ).toBe('authentication');
    }
  });

  it('fails when the envelope is opened for another wallet or session key', () => {
    const envelope = seal();
    expect(failure(() => decryptPrivateKey({ envelope, pin: PIN, walletAddress: '0x1234' }))).toBe(
      'authentication',
    );
    expect(
      failure(() =>
        decryptPrivateKey({
          envelope,
          pin: PIN,
          walletAddress: WALLET,
          sessionPublicKey: getPublicKey(OTHER_KEY),
        }),
      ),
    ).toBe('authentication');
  });

  it('fails when the recorded wallet, public key or KDF cost is edited (associated data)', () => {
    const envelope = seal();
    const editedPub = editBody(envelope, (b) => {
      b.pub = getPublicKey(OTHER_KEY);
    });
    expect(
      failure(() => decryptPrivateKey({ envelope: editedPub, pin: PIN, walletAddress: WALLET })),
    ).toBe('authentication');
    const editedCost = editBody(envelope, (b) => {
      b.r = 4;
    });
    expect(
      failure(() => decryptPrivateKey({ envelope: editedCost, pin: PIN, walletAddress: WALLET })),
    ).toBe('authentication');
  });

  it('refuses legacy, malformed and oversized envelopes without running scrypt', () => {
    const legacy = 'U2FsdGVkX19abcdefghijklmnopqrstuvwxyz';
    expect(
      failure(() => decryptPrivateKey({ envelope: legacy, pin: PIN, walletAddress: WALLET })),
    ).toBe('legacy-format');
    for (const bad of [
      'cs2.abc',
      'cs1.@@@',
      'cs1.e30',
      editBody(seal(), (b) => {
        b.v = 2;
      }),
    ]) {
      expect(
        failure(() => decryptPrivateKey({ envelope: bad, pin: PIN, walletAddress: WALLET })),
      ).toBe('malformed');
    }
    const huge = editBody(seal(), (b) => {
      b.n = 2 ** 22;
    });
    expect(
      failure(() => decryptPrivateKey({ envelope: huge, pin: PIN, walletAddress: WALLET })),
    ).toBe('malformed');
  });

  it('refuses weak scrypt parameters unless explicitly in test mode, and empty PINs', () => {
    expect(failure(() => seal({ kdfParams: { N: 1024, r: 8, p: 1 } }))).toBe('INVALID_INPUT');
    expect(failure(() => seal({ kdfParams: { N: 3 * 2 ** 15, r: 8, p: 1 } }))).toBe(
      'INVALID_INPUT',
    );
    expect(failure(() => seal({ pin: '' }))).toBe('INVALID_INPUT');
    expect(failure(() => seal({ sessionPublicKey: getPublicKey(OTHER_KEY) }))).toBe(
      'INVALID_INPUT',
    );
  });

  it('normalizes the PIN (NFKC) so equivalent Unicode input decrypts', () => {
    const envelope = seal({ pin: 'ｐｉｎ１' });
    expect(decryptPrivateKey({ envelope, pin: 'pin1', walletAddress: WALLET })).toBe(KEY);
  });
});

describe('encryptPrivateKeyAsync / decryptPrivateKeyAsync', () => {
  it('reads and writes the same envelopes as the synchronous pair', async () => {
    const sealedAsync = await encryptPrivateKeyAsync({
      privateKey: KEY,
      pin: PIN,
      walletAddress: WALLET,
      kdfParams: FAST,
    });
    expect(decryptPrivateKey({ envelope: sealedAsync, pin: PIN, walletAddress: WALLET })).toBe(KEY);
    expect(
      await decryptPrivateKeyAsync({ envelope: seal(), pin: PIN, walletAddress: WALLET }),
    ).toBe(KEY);
    let counter = 0;
    const random = (n: number) => Uint8Array.from({ length: n }, () => counter++ & 0xff);
    const sync = seal({ random });
    counter = 0;
    const async = await encryptPrivateKeyAsync({
      privateKey: KEY,
      pin: PIN,
      walletAddress: WALLET,
      kdfParams: FAST,
      random,
    });
    expect(async).toBe(sync);
  });

  it('yields to the event loop while deriving the key at the default cost', async () => {
    const envelope = encryptPrivateKey({ privateKey: KEY, pin: PIN, walletAddress: WALLET });
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 1);
    try {
      expect(await decryptPrivateKeyAsync({ envelope, pin: PIN, walletAddress: WALLET })).toBe(KEY);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(2);
  });

  it('fails like the synchronous pair: wrong PIN, other wallet, malformed envelope', async () => {
    const reason = (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e) => (isChipiSessionError(e, 'SESSION_DECRYPTION_FAILED') ? e.details.reason : e),
      );
    const envelope = seal();
    expect(
      await reason(decryptPrivateKeyAsync({ envelope, pin: '1235', walletAddress: WALLET })),
    ).toBe('authentication');
    expect(
      await reason(decryptPrivateKeyAsync({ envelope, pin: PIN, walletAddress: '0x1234' })),
    ).toBe('authentication');
    expect(
      await reason(decryptPrivateKeyAsync({ envelope: 'cs1.!!', pin: PIN, walletAddress: WALLET })),
    ).toBe('malformed');
    await expect(
      encryptPrivateKeyAsync({ privateKey: KEY, pin: '', walletAddress: WALLET }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
