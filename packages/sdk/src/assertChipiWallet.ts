import { ChipiSessionError, parseNonZeroFelt, toPaddedHex } from '@chipi-sessions/core';
import type { WalletData } from './types.js';

/**
 * Checks that a wallet can carry sessions: `walletType` must be exactly `'CHIPI'`
 * (`INVALID_WALLET_TYPE_FOR_SESSION` otherwise, including when it is missing) and `publicKey` a
 * non-zero account address (`INVALID_INPUT`). Returns the padded account address.
 */
export function assertChipiWallet(wallet: WalletData | undefined): string {
  if (wallet === null || typeof wallet !== 'object') {
    throw new ChipiSessionError('INVALID_INPUT', 'wallet is required');
  }
  if (wallet.walletType !== 'CHIPI') {
    throw new ChipiSessionError(
      'INVALID_WALLET_TYPE_FOR_SESSION',
      `session keys need a CHIPI wallet, got walletType ${JSON.stringify(wallet.walletType)}`,
      { details: { walletType: wallet.walletType } },
    );
  }
  return walletAddressOf(wallet);
}

/** The padded account address of a wallet (`INVALID_INPUT` when it is not a non-zero felt). */
export function walletAddressOf(wallet: WalletData | undefined): string {
  if (wallet === null || typeof wallet !== 'object') {
    throw new ChipiSessionError('INVALID_INPUT', 'wallet is required');
  }
  if (typeof wallet.encryptedPrivateKey !== 'string' || wallet.encryptedPrivateKey === '') {
    throw new ChipiSessionError('INVALID_INPUT', 'wallet.encryptedPrivateKey is required');
  }
  return toPaddedHex(parseNonZeroFelt(wallet.publicKey, 'wallet.publicKey'));
}
