import {
  ChipiSessionError,
  inspectKeyEnvelope,
  isChipiSessionError,
  SESSION_ERROR_CODES,
  type SessionErrorCode,
} from '@chipi-sessions/core';
import type { CreateX402PaymentClient } from '@chipi-sessions/react';
import {
  type ChipiSessionsSDK,
  type KeyCache,
  type SessionKeyData,
  SessionSigner,
  type WalletData,
} from '@chipi-sessions/sdk';
import { isX402Error } from '@chipi-sessions/x402';
import { type PaymentAsset, X402Client } from '@chipi-sessions/x402/client';
import { Account } from 'starknet';

/**
 * The paying client `useX402Payment` uses: an `X402Client` over the wallet as a starknet.js
 * `Account` whose signer is the session key, so that payments need no prompt. The session key is
 * unlocked once, without blocking, before the first payment (`sdk.unlockSession`, into the key
 * cache the signer's key is then read from). `asset` is the token the app pays with (devnet's
 * USDC is none of the client's default assets). A refusal that is about the session (revoked,
 * expired, out of calls, over its spending policy) is rethrown as the `ChipiSessionError` with
 * that code, the x402 error as its cause.
 */
export function createPaymentClient(
  sdk: ChipiSessionsSDK,
  keyCache: KeyCache,
  asset: PaymentAsset,
): CreateX402PaymentClient {
  return (config) => {
    const session = config.session;
    let client: Promise<X402Client> | undefined;
    const clientOf = (session: SessionKeyData) => {
      client ??= sessionAccount(sdk, keyCache, config.wallet, session, config.encryptKey).then(
        (account) =>
          new X402Client(account, {
            allowedAssets: [asset],
            ...(config.maxPaymentAmount === undefined
              ? {}
              : { maxPaymentAmount: config.maxPaymentAmount }),
            ...(config.allowedRecipients === undefined || config.allowedRecipients.length === 0
              ? {}
              : { allowedRecipients: config.allowedRecipients }),
            onPaymentComplete: (txHash, humanAmount) =>
              config.onPaymentComplete(txHash, humanAmount),
          }),
      );
      // A failed unlock (wrong PIN) is not kept: the next request tries again.
      client.catch(() => {
        client = undefined;
      });
      return client;
    };
    return {
      async fetch(input, init) {
        if (session === null) {
          throw new ChipiSessionError('SESSION_NOT_REGISTERED', 'no session to pay with');
        }
        try {
          return await (await clientOf(session)).fetch(input, init);
        } catch (error) {
          throw sessionRefusal(error) ?? error;
        }
      },
    };
  };
}

async function sessionAccount(
  sdk: ChipiSessionsSDK,
  keyCache: KeyCache,
  wallet: WalletData,
  session: SessionKeyData,
  pin: string,
): Promise<Account> {
  await sdk.unlockSession({ encryptKey: pin, wallet, session });
  // A cache hit: the envelope was just decrypted with this PIN.
  const privateKey = keyCache.unlock({
    envelope: session.encryptedPrivateKey,
    pin,
    walletAddress: inspectKeyEnvelope(session.encryptedPrivateKey).walletAddress,
    publicKey: session.publicKey,
    expiresAt: session.validUntil,
  });
  const signer = new SessionSigner({
    privateKey,
    publicKey: session.publicKey,
    validUntil: session.validUntil,
    accountAddress: wallet.publicKey,
  });
  return new Account({ provider: sdk.provider, address: wallet.publicKey, signer });
}

/** The account's reason, when the x402 refusal carries one that is about the session. */
function sessionRefusal(error: unknown): ChipiSessionError | undefined {
  if (isChipiSessionError(error) || !isX402Error(error)) return undefined;
  const revert = (error.details.revert as { code?: unknown } | undefined)?.code;
  if (typeof revert !== 'string' || !(SESSION_ERROR_CODES as readonly string[]).includes(revert)) {
    return undefined;
  }
  return new ChipiSessionError(revert as SessionErrorCode, error.message, { cause: error });
}
