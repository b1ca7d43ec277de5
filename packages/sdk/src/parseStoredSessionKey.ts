import { ChipiSessionError, feltEquals, inspectKeyEnvelope, toFeltHex } from '@chipi-sessions/core';
import type { SessionKeyData } from './types.js';

/**
 * Checks that a value is a session key fit to be stored or loaded: exactly `publicKey`,
 * `encryptedPrivateKey` (a well-formed `cs1.` envelope of that public key) and `validUntil`.
 * Returns a copy with only those three fields, so nothing else — a decrypted key in particular —
 * is ever written. Anything else is `ChipiSessionError('INVALID_INPUT')`.
 */
export function parseStoredSessionKey(value: unknown): SessionKeyData {
  if (value === null || typeof value !== 'object') {
    throw invalid('a stored session must be an object');
  }
  const { publicKey, encryptedPrivateKey, validUntil } = value as Partial<SessionKeyData>;
  if (typeof publicKey !== 'string' || typeof encryptedPrivateKey !== 'string') {
    throw invalid('a stored session needs publicKey and encryptedPrivateKey strings');
  }
  if (!Number.isSafeInteger(validUntil) || (validUntil as number) <= 0) {
    throw invalid('a stored session needs validUntil in unix seconds');
  }
  let envelopeKey: string;
  try {
    envelopeKey = inspectKeyEnvelope(encryptedPrivateKey).publicKey;
  } catch (cause) {
    throw invalid('a stored session must hold its key in a cs1 envelope', cause);
  }
  if (!feltEquals(envelopeKey, publicKey)) {
    throw invalid('the stored envelope holds another key than publicKey');
  }
  return {
    publicKey: toFeltHex(publicKey),
    encryptedPrivateKey,
    validUntil: validUntil as number,
  };
}

function invalid(message: string, cause?: unknown): ChipiSessionError {
  return new ChipiSessionError('INVALID_INPUT', message, cause === undefined ? {} : { cause });
}
