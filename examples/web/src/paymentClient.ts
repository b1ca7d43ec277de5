import { ChipiSessionError, isChipiSessionError, SESSION_ERROR_CODES } from '@chipi-sessions/core';
import {
  type CreateX402PaymentClient,
  formatTokenAmount,
  parseTokenAmount,
} from '@chipi-sessions/react';
import type { ChipiSessionsSDK, KeyCache } from '@chipi-sessions/sdk';
import { X402Client } from '@chipi-sessions/x402/client';

const SESSION_STATES: Record<string, (typeof SESSION_ERROR_CODES)[number]> = {
  revoked: 'SESSION_REVOKED',
  expired: 'SESSION_EXPIRED',
  exhausted: 'SESSION_MAX_CALLS_EXCEEDED',
  unknown: 'SESSION_NOT_REGISTERED',
};

/**
 * The paying client `useX402Payment` uses, adapted from today's `X402Client` of
 * `@chipi-sessions/x402`: USDC amounts become base units, its payment records become
 * `onPaymentComplete(txHash, humanAmount)`, and a refusal that is about the session (revoked,
 * expired, out of calls, over its spending policy) is rethrown as the `ChipiSessionError` with
 * that code, the x402 error as its cause. The session key is unlocked once, without blocking,
 * before the first payment (`sdk.unlockSession`), into the key cache the client signs from.
 */
export function createPaymentClient(
  sdk: ChipiSessionsSDK,
  keyCache: KeyCache,
): CreateX402PaymentClient {
  return (config) => {
    const session = config.session ?? undefined;
    const client = new X402Client({
      sdk,
      wallet: config.wallet,
      encryptKey: config.encryptKey,
      keyCache,
      ...(session === undefined ? {} : { session }),
      ...(config.maxPaymentAmount === undefined
        ? {}
        : { maxPaymentAmount: parseTokenAmount(config.maxPaymentAmount) }),
      ...(config.allowedRecipients === undefined
        ? {}
        : { allowedRecipients: config.allowedRecipients }),
      onPaymentComplete: (record) =>
        config.onPaymentComplete(record.transaction, formatTokenAmount(record.amount)),
    });
    let unlocked: Promise<void> | undefined;
    return {
      async fetch(input, init) {
        if (session !== undefined) {
          unlocked ??= sdk.unlockSession({
            encryptKey: config.encryptKey,
            wallet: config.wallet,
            session,
          });
          await unlocked;
        }
        try {
          return await client.fetch(input, init);
        } catch (error) {
          throw sessionRefusal(error) ?? error;
        }
      },
    };
  };
}

function sessionRefusal(error: unknown): ChipiSessionError | undefined {
  if (isChipiSessionError(error)) return undefined;
  const details = (error as { details?: { reason?: unknown; revert?: { code?: unknown } } })
    ?.details;
  const revert = details?.revert?.code;
  const code =
    typeof revert === 'string' && (SESSION_ERROR_CODES as readonly string[]).includes(revert)
      ? (revert as (typeof SESSION_ERROR_CODES)[number])
      : SESSION_STATES[String(details?.reason)];
  if (code === undefined) return undefined;
  const message = error instanceof Error ? error.message : String(error);
  return new ChipiSessionError(code, message, { cause: error });
}
