import type { OutsideExecutionTypedData, SessionErrorCode } from '@chipi-sessions/core';

/** The protocol version this package speaks. */
export const X402_VERSION = 2;

/** The resource a payment is for. */
export interface ResourceInfo {
  url: string;
  description?: string;
  mimeType?: string;
}

/** One way to pay for a resource (x402 v2 `PaymentRequirements`). */
export interface PaymentRequirements {
  scheme: string;
  /** CAIP-2 network id, e.g. `starknet:SN_MAIN`. */
  network: string;
  /** Exact amount in the asset's base units, decimal string. */
  amount: string;
  /** Token contract address. */
  asset: string;
  payTo: string;
  maxTimeoutSeconds: number;
  extra?: Record<string, unknown>;
}

/** An extension as a server declares it or a client echoes it. */
export interface ExtensionEntry {
  info: Record<string, unknown>;
  schema?: unknown;
}

/** Body of the `PAYMENT-REQUIRED` header. */
export interface PaymentRequired {
  x402Version: typeof X402_VERSION;
  error?: string;
  resource: ResourceInfo;
  accepts: PaymentRequirements[];
  extensions?: Record<string, ExtensionEntry>;
}

/** Body of the `PAYMENT-SIGNATURE` header. */
export interface PaymentPayload<P = unknown> {
  x402Version: typeof X402_VERSION;
  resource?: ResourceInfo;
  accepted: PaymentRequirements;
  payload: P;
  extensions?: Record<string, ExtensionEntry>;
}

/** The `payload` of the Starknet `exact` scheme: a signed SNIP-9 v2 outside execution. */
export interface ExactStarknetPayload {
  /** The paying account. */
  from: string;
  outsideExecution: {
    typedData: OutsideExecutionTypedData;
    /** The account's signature, verbatim (owner `[r, s]` or session `[key, r, s, valid_until]`). */
    signature: string[];
  };
}

/** The account's refusal found in a simulation or a reverted settlement. */
export interface RevertInfo {
  /** The `@chipi-sessions/core` code, e.g. `SESSION_SPENDING_LIMIT_EXCEEDED`. */
  code: SessionErrorCode;
  /** The account's error felt, e.g. `policy/exceeds-window`. */
  reason: string;
}

/** Answer of `/verify`. */
export interface VerifyResponse {
  isValid: boolean;
  invalidReason?: string;
  invalidMessage?: string;
  payer?: string;
  revert?: RevertInfo;
  /** For `settlement_pending` and `duplicate_settlement`: the transaction already sent. */
  transaction?: string;
}

/** Answer of `/settle`, and body of the `PAYMENT-RESPONSE` header. */
export interface SettleResponse {
  success: boolean;
  errorReason?: string;
  errorMessage?: string;
  payer?: string;
  /** Transaction hash; empty when nothing was sent. */
  transaction: string;
  network: string;
  revert?: RevertInfo;
}

/** Body of `/verify` and `/settle`. */
export interface FacilitatorRequest {
  x402Version: typeof X402_VERSION;
  paymentPayload: PaymentPayload;
  paymentRequirements: PaymentRequirements;
}

/** One scheme and network a facilitator handles. */
export interface SupportedKind {
  x402Version: typeof X402_VERSION;
  scheme: string;
  network: string;
  extra?: Record<string, unknown>;
}

/** Answer of `/supported`. */
export interface SupportedResponse {
  kinds: SupportedKind[];
  extensions: string[];
  /** Addresses that submit settlements, by CAIP-2 pattern (`starknet:*`). */
  signers: Record<string, string[]>;
}

/** A CAIP-2 network id as the reference x402 packages type it (`namespace:reference`). */
export type CaipNetwork = `${string}:${string}`;

/** `PaymentRequirements` as the reference x402 packages type them (`extra` always present). */
export type ReferencePaymentRequirements = PaymentRequirements & {
  network: CaipNetwork;
  extra: Record<string, unknown>;
};
