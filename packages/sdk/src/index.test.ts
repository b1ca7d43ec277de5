import { describe, expect, it } from 'vitest';
import * as sdk from './index.js';

describe('public surface', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(sdk).sort()).toMatchInlineSnapshot(`
      [
        "ChipiError",
        "ChipiSessionError",
        "ChipiSessions",
        "ChipiSessionsSDK",
        "DEFAULT_ACCOUNT_CLASS_HASH",
        "DEFAULT_SESSION_DURATION_SECONDS",
        "KeyCache",
        "MAX_SESSION_DURATION_SECONDS",
        "MemorySessionKeyStore",
        "SESSION_ERROR_CODES",
        "SessionSigner",
        "WebStorageSessionKeyStore",
        "assertChipiWallet",
        "createOwnerSigner",
        "decodeChainError",
        "defaultSessionKeyStore",
        "isChipiSessionError",
        "parseStoredSessionKey",
      ]
    `);
  });

  it('re-exports core’s ChipiSessionError with every seed error code', () => {
    const seedCodes = [
      'INVALID_WALLET_TYPE_FOR_SESSION',
      'SESSION_EXPIRED',
      'SESSION_NOT_REGISTERED',
      'SESSION_REVOKED',
      'SESSION_MAX_CALLS_EXCEEDED',
      'SESSION_ENTRYPOINT_NOT_ALLOWED',
      'SESSION_DECRYPTION_FAILED',
      'SESSION_CREATION_FAILED',
    ];
    expect(sdk.SESSION_ERROR_CODES).toEqual(expect.arrayContaining(seedCodes));
    expect(new sdk.ChipiSessionError('SESSION_EXPIRED')).toBeInstanceOf(sdk.ChipiError);
  });
});
