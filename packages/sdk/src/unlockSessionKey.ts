import {
  ChipiSessionError,
  feltEquals,
  inspectKeyEnvelope,
  isChipiSessionError,
} from '@chipi-sessions/core';
import type { KeyCache } from './KeyCache.js';
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
  const { session } = params;
  try {
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
    return params.keyCache.unlock({
      envelope: session.encryptedPrivateKey,
      pin: params.pin,
      walletAddress: meta.walletAddress,
      publicKey: session.publicKey,
      expiresAt: session.validUntil,
    });
  } catch (error) {
    if (isChipiSessionError(error, 'SESSION_DECRYPTION_FAILED')) throw error;
    throw failed(error instanceof Error ? error.message : String(error), {}, error);
  }
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
