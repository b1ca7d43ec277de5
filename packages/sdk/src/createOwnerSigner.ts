import { ChipiSessionError, isChipiSessionError } from '@chipi-sessions/core';
import { Signer } from 'starknet';
import { walletAddressOf } from './assertChipiWallet.js';
import { KeyCache, type UnlockKeyParameters } from './KeyCache.js';
import type { WalletData } from './types.js';

/** Parameters of `createOwnerSigner`. */
export interface CreateOwnerSignerParameters {
  wallet: WalletData;
  /** PIN of the wallet's envelope. */
  encryptKey: string;
  /** Cache to unlock through (default: a private one, i.e. no reuse). */
  keyCache?: KeyCache;
}

/**
 * The owner's starknet.js `Signer`, with the owner key decrypted from the wallet's `cs1.`
 * envelope (bound to the account address). starknet.js's own `Signer` already produces the
 * `[r, s]` signature over the V3 transaction hash (and over SNIP-12 hashes) that the account
 * expects from its owner. A wrong PIN is `ChipiSessionError('SESSION_DECRYPTION_FAILED')`.
 */
export function createOwnerSigner(params: CreateOwnerSignerParameters): Signer {
  return new Signer(unlockOwnerKey(params));
}

/** Decrypts the owner key of a wallet (through the cache). */
export function unlockOwnerKey(params: CreateOwnerSignerParameters): string {
  const { cache, request } = ownerUnlock(params);
  try {
    return cache.unlock(request);
  } catch (error) {
    throw decryptionFailed(error);
  }
}

/** `unlockOwnerKey` without blocking the thread on the KDF. */
export async function unlockOwnerKeyAsync(params: CreateOwnerSignerParameters): Promise<string> {
  const { cache, request } = ownerUnlock(params);
  try {
    return await cache.unlockAsync(request);
  } catch (error) {
    throw decryptionFailed(error);
  }
}

function ownerUnlock(params: CreateOwnerSignerParameters): {
  cache: KeyCache;
  request: UnlockKeyParameters;
} {
  const address = walletAddressOf(params.wallet);
  return {
    cache: params.keyCache ?? new KeyCache({ maxEntries: 0 }),
    request: {
      envelope: params.wallet.encryptedPrivateKey,
      pin: params.encryptKey,
      walletAddress: address,
    },
  };
}

function decryptionFailed(error: unknown): ChipiSessionError {
  if (isChipiSessionError(error, 'SESSION_DECRYPTION_FAILED')) return error;
  return new ChipiSessionError(
    'SESSION_DECRYPTION_FAILED',
    error instanceof Error ? error.message : String(error),
    { cause: error },
  );
}
