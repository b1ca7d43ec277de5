import { ChipiSessionError } from '@chipi-sessions/core';
import type { SessionKeyData, WalletData } from '@chipi-sessions/sdk';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorCodeOf, toError } from './errorCodeOf.js';
import { formatTokenAmount, parseTokenAmount } from './tokenAmount.js';
import { useChipiSessionsContext } from './useChipiSessionsContext.js';
import { useMounted } from './useMounted.js';
import type { CreateX402PaymentClient, X402PaymentClient } from './X402PaymentClient.js';

/** Options of `useX402Payment` (the seed's names). */
export interface UseX402PaymentOptions {
  wallet: WalletData | null;
  /** PIN of the session key's envelope. */
  encryptKey: string;
  getBearerToken?: () => Promise<string>;
  /** The session that signs payments with no prompt (from `useChipiSession`). */
  session?: SessionKeyData | null;
  /** Largest price accepted per request, in USDC (`"0.10"`). */
  maxPaymentAmount?: string;
  allowedRecipients?: readonly string[];
  /** Called after each confirmed payment with the transaction hash and the USDC amount. */
  onPaymentComplete?: (txHash: string, amount: string) => void;
  /** The paying client to use instead of the provider's `createPaymentClient`. */
  createClient?: CreateX402PaymentClient;
}

/** One confirmed payment. */
export interface X402Payment {
  txHash: string;
  /** USDC, every decimal (`"0.010000"`). */
  amount: string;
  /** Unix milliseconds. */
  timestamp: number;
}

export interface UseX402PaymentResult {
  /** Drop-in `fetch` that pays `402 Payment Required` answers with the session key. */
  x402Fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Alias of `x402Fetch`. */
  payFetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** A request with payment is in flight. */
  isPaying: boolean;
  paymentCount: number;
  /** USDC paid since the session was set (`"0.030000"`). */
  totalSpent: string;
  /** Confirmed payments, oldest first. */
  payments: X402Payment[];
  lastPayment: X402Payment | null;
  lastTxHash: string | null;
  lastAmount: string | null;
  /** The last failed request's error and stable code (`SESSION_REVOKED`, `amount_exceeds_max`, …). */
  error: Error | null;
  errorCode: string | null;
  /** Clears the payment history and the error. */
  reset(): void;
}

/**
 * Pays x402 answers with a session key: `x402Fetch` is `fetch` that, on a 402, has the session
 * sign the payment with no prompt and retries. The counters cover the current session and reset
 * when it changes; nothing updates after unmount.
 *
 * @example
 * ```tsx
 * const { x402Fetch, isPaying, paymentCount } = useX402Payment({ wallet, encryptKey: pin, session, maxPaymentAmount: '0.50' });
 * ```
 */
export function useX402Payment(options: UseX402PaymentOptions): UseX402PaymentResult {
  const context = useChipiSessionsContext();
  const factory = options.createClient ?? context.createPaymentClient;
  const mounted = useMounted();
  const latest = useRef(options);
  latest.current = options;
  const [payments, setPayments] = useState<X402Payment[]>([]);
  const [inFlight, setInFlight] = useState(0);
  const [error, setError] = useState<Error | null>(null);
  const { wallet, session = null, encryptKey, maxPaymentAmount } = options;
  const recipients = options.allowedRecipients?.join(',') ?? '';
  const sessionKey = session?.publicKey ?? null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new session starts a new tally
  useEffect(() => {
    setPayments([]);
    setError(null);
  }, [sessionKey]);

  // Rebuilt only when what the client is made of changes, not on every render's new objects.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the values, read from `latest`
  const client = useMemo<X402PaymentClient | null>(() => {
    const current = latest.current;
    if (current.wallet === null || factory === undefined) return null;
    return factory({
      wallet: current.wallet,
      encryptKey: current.encryptKey,
      session: current.session ?? null,
      ...(current.maxPaymentAmount === undefined
        ? {}
        : { maxPaymentAmount: current.maxPaymentAmount }),
      ...(current.allowedRecipients === undefined
        ? {}
        : { allowedRecipients: current.allowedRecipients }),
      ...(current.getBearerToken === undefined ? {} : { getBearerToken: current.getBearerToken }),
      onPaymentComplete: (txHash, amount) => {
        if (mounted.current) {
          setPayments((list) => [...list, { txHash, amount, timestamp: Date.now() }]);
        }
        latest.current.onPaymentComplete?.(txHash, amount);
      },
    });
  }, [
    factory,
    wallet?.publicKey,
    wallet?.encryptedPrivateKey,
    encryptKey,
    sessionKey,
    session?.encryptedPrivateKey,
    maxPaymentAmount,
    recipients,
  ]);

  const x402Fetch = useCallback(
    async (input: string | URL | Request, init?: RequestInit) => {
      if (client === null) {
        throw new ChipiSessionError(
          'INVALID_INPUT',
          latest.current.wallet === null
            ? 'no wallet yet: pass the wallet to useX402Payment'
            : 'no paying client: give ChipiSessionsProvider createPaymentClient',
        );
      }
      setInFlight((n) => n + 1);
      setError(null);
      try {
        return await client.fetch(input, init);
      } catch (caught) {
        if (mounted.current) setError(toError(caught));
        throw caught;
      } finally {
        if (mounted.current) setInFlight((n) => n - 1);
      }
    },
    [client, mounted],
  );

  const reset = useCallback(() => {
    setPayments([]);
    setError(null);
  }, []);

  const lastPayment = payments.at(-1) ?? null;
  const total = payments.reduce((sum, p) => sum + parseTokenAmount(p.amount), 0n);
  return {
    x402Fetch,
    payFetch: x402Fetch,
    isPaying: inFlight > 0,
    paymentCount: payments.length,
    totalSpent: formatTokenAmount(total),
    payments,
    lastPayment,
    lastTxHash: lastPayment?.txHash ?? null,
    lastAmount: lastPayment?.amount ?? null,
    error,
    errorCode: errorCodeOf(error),
    reset,
  };
}
