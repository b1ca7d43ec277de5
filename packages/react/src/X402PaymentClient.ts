import type { SessionKeyData, WalletData } from '@chipi-sessions/sdk';

/** What `useX402Payment` needs from a paying x402 client: a `fetch` that pays 402 answers. */
export interface X402PaymentClient {
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
}

/** The configuration a paying client is built from (the seed's `X402Client` options). */
export interface X402PaymentClientConfig {
  wallet: WalletData;
  /** PIN of the session key's envelope (and of the owner key when the client falls back). */
  encryptKey: string;
  /** The session that signs payments without any prompt; `null` when there is none. */
  session: SessionKeyData | null;
  /** Largest price accepted per request, in USDC (`"0.10"`). */
  maxPaymentAmount?: string;
  /** Only these recipients may be paid; absent or empty allows any. */
  allowedRecipients?: readonly string[];
  /** Returns the paymaster API key (the SDK's `bearerToken`), when the app goes gasless. */
  getBearerToken?: () => Promise<string>;
  /**
   * To be called by the client after each confirmed payment, with the settlement transaction
   * hash and the amount in USDC (`"0.010000"`).
   */
  onPaymentComplete: (txHash: string, humanAmount: string) => void;
}

/**
 * Builds a paying client. `@chipi-sessions/react` stays independent of where the client comes
 * from; the app passes one to `ChipiSessionsProvider` (or to `useX402Payment`), typically an
 * `X402Client` from `@chipi-sessions/x402/client` over an `Account` whose signer is the session key
 * (`examples/web/src/paymentClient.ts`).
 */
export type CreateX402PaymentClient = (config: X402PaymentClientConfig) => X402PaymentClient;
