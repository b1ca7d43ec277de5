import { ChipiError, type ChipiErrorOptions } from './ChipiError.js';
import { SESSION_ERROR_MESSAGES, type SessionErrorCode } from './sessionErrorCodes.js';

/**
 * The error thrown (or returned by the pre-flight checks) for every session failure, with a
 * typed `code`.
 *
 * @example
 * ```ts
 * try { decryptPrivateKey({ envelope, pin, walletAddress }); }
 * catch (e) { if (isChipiSessionError(e, 'SESSION_DECRYPTION_FAILED')) askPinAgain(); }
 * ```
 */
export class ChipiSessionError extends ChipiError {
  override name = 'ChipiSessionError';
  declare readonly code: SessionErrorCode;

  constructor(code: SessionErrorCode, message?: string, options: ChipiErrorOptions = {}) {
    super(code, message ?? SESSION_ERROR_MESSAGES[code], options);
  }
}

/** True when `value` is a `ChipiSessionError`, optionally with the given code. */
export function isChipiSessionError(
  value: unknown,
  code?: SessionErrorCode,
): value is ChipiSessionError {
  return value instanceof ChipiSessionError && (code === undefined || value.code === code);
}

/** Shorthand for the `INVALID_INPUT` error raised by the parsing helpers. */
export function invalidInput(
  message: string,
  details: Record<string, unknown> = {},
): ChipiSessionError {
  return new ChipiSessionError('INVALID_INPUT', message, { details });
}
