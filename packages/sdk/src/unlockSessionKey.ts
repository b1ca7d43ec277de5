import {
  ChipiSessionError,
  feltEquals,
  inspectKeyEnvelope,
  isChipiSessionError,
} from '@chipi-sessions/core';
import type { KeyCache, UnlockKeyParameters } from './KeyCache.js';
import type { SessionKeyData } from './types.js';

/** Parameters of `unlockSessionKey`. */
export interface UnlockSessionKeyParameters {
  session: SessionKeyData;
  pin: string;
  /** The wallet the session acts for. */
  walletAddress: string;
  keyCache: KeyCache;
}

/**
 * Decrypts a session's private key (through the key cache). The envelope must hold the key of
 * `session.publicKey` and be bound either to `walletAddress` or to the session key alone (see
 * `createSessionKey`). Every failure — wrong PIN, another wallet, another key, altered or
 * malformed data — is `ChipiSessionError('SESSION_DECRYPTION_FAILED')`.
 */
export function unlockSessionKey(params: UnlockSessionKeyParameters): string {
  try {
    return params.keyCache.unlock(cacheParams(params));
  } catch (error) {
    throw decryptionFailed(error);
  }
}

/** `unlockSessionKey` without blocking the thread on the KDF. */
export async function unlockSessionKeyAsync(params: UnlockSessionKeyParameters): Promise<string> {
  try {
    return await params.keyCache.unlockAsync(cacheParams(params));
  } catch (error) {
    throw decryptionFailed(error);
  }
}

function cacheParams(params: UnlockSessionKeyParameters): UnlockKeyParameters {
  const { session } = params;
  const meta = inspectKeyEnvelope(session.encryptedPrivateKey);
  if (!feltEquals(meta.publicKey, session.publicKey)) {
    throw failed('the envelope holds another session key than session.publicKey');
  }
  const unbound = feltEquals(meta.walletAddress, meta.publicKey);
  if (!unbound && !feltEquals(meta.walletAddress, params.walletAddress)) {
    throw failed('the session key envelope is bound to another wallet', {
      boundTo: meta.walletAddress,
    });
  }
  return {
    envelope: session.encryptedPrivateKey,
    pin: params.pin,
    walletAddress: meta.walletAddress,
    publicKey: session.publicKey,
    expiresAt: session.validUntil,
  };
}

function decryptionFailed(error: unknown): ChipiSessionError {
  if (isChipiSessionError(error, 'SESSION_DECRYPTION_FAILED')) return error;
  return failed(error instanceof Error ? error.message : String(error), {}, error);
}

function failed(
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): ChipiSessionError {
  return new ChipiSessionError('SESSION_DECRYPTION_FAILED', message, {
    details,
    ...(cause === undefined ? {} : { cause }),
  });
}
