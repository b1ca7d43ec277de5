import { describe, expect, it } from 'vitest';
import { ChipiError } from './ChipiError.js';
import { ChipiSessionError, isChipiSessionError } from './ChipiSessionError.js';
import { SESSION_ERROR_CODES, SESSION_ERROR_MESSAGES } from './sessionErrorCodes.js';

describe('ChipiSessionError', () => {
  it('extends ChipiError and Error, with code, details and cause', () => {
    const cause = new Error('rpc');
    const error = new ChipiSessionError('SESSION_EXPIRED', undefined, {
      details: { validUntil: 1 },
      cause,
    });
    expect(error).toBeInstanceOf(ChipiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ChipiSessionError');
    expect(error.code).toBe('SESSION_EXPIRED');
    expect(error.message).toBe(SESSION_ERROR_MESSAGES.SESSION_EXPIRED);
    expect(error.details).toEqual({ validUntil: 1 });
    expect(error.cause).toBe(cause);
  });

  it('has a message for every code, including the seed API codes', () => {
    for (const code of SESSION_ERROR_CODES) expect(SESSION_ERROR_MESSAGES[code]).toBeTruthy();
    expect(SESSION_ERROR_CODES).toEqual(
      expect.arrayContaining([
        'INVALID_WALLET_TYPE_FOR_SESSION',
        'SESSION_EXPIRED',
        'SESSION_NOT_REGISTERED',
        'SESSION_REVOKED',
        'SESSION_MAX_CALLS_EXCEEDED',
        'SESSION_ENTRYPOINT_NOT_ALLOWED',
        'SESSION_DECRYPTION_FAILED',
        'SESSION_CREATION_FAILED',
      ]),
    );
    expect(SESSION_ERROR_CODES).toHaveLength(24);
  });

  it('is recognized by the guard, optionally by code', () => {
    const error = new ChipiSessionError('SESSION_REVOKED', 'custom');
    expect(error.message).toBe('custom');
    expect(isChipiSessionError(error)).toBe(true);
    expect(isChipiSessionError(error, 'SESSION_REVOKED')).toBe(true);
    expect(isChipiSessionError(error, 'SESSION_EXPIRED')).toBe(false);
    expect(isChipiSessionError(new Error('x'))).toBe(false);
  });
});
