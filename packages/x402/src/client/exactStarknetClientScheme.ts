import type { FeltLike } from '@chipi-sessions/core';
import {
  buildExactStarknetPayload,
  type TypedDataSigner,
} from '../scheme/buildExactStarknetPayload.js';
import { EXACT_SCHEME } from '../scheme/exactStarknetRequirements.js';
import { createPaymentIdentifier, PAYMENT_IDENTIFIER } from '../scheme/paymentIdentifier.js';
import { type StarknetDefaultAsset, starknetDefaultAsset } from '../scheme/starknetDefaultAsset.js';
import { X402Error } from '../scheme/X402Error.js';
import { type PaymentRequirements, X402_VERSION } from '../scheme/x402Types.js';

/** Options of `exactStarknetClientScheme`. */
export interface ExactStarknetClientSchemeOptions {
  /** The paying account. */
  from: FeltLike;
  /** Signs the outside execution: a `SessionSigner` (4-felt session signature) or an owner signer. */
  signer: TypedDataSigner;
  /** The payment window never extends past this, in unix seconds (a session's `validUntil`). */
  notAfter?: number;
  /** Wall clock in unix seconds (default `Date.now()`). */
  now?: () => number;
}

/** What the reference client passes to a scheme besides the requirement. */
export interface ExactStarknetPaymentContext {
  extensions?: Record<string, unknown>;
  /** The reference client's resolved per-payment cap in base units; absent when uncapped. */
  maxAmountPerPayment?: string;
}

/** The Starknet `exact` client scheme in the shape of the reference `SchemeNetworkClient`. */
export interface ExactStarknetClientScheme {
  readonly scheme: typeof EXACT_SCHEME;
  findDefaultAsset(asset: string, network: string): StarknetDefaultAsset | undefined;
  createPaymentPayload(
    x402Version: number,
    requirements: PaymentRequirements,
    context?: ExactStarknetPaymentContext,
  ): Promise<{
    x402Version: number;
    payload: Record<string, unknown>;
    extensions?: Record<string, unknown>;
  }>;
}

/**
 * Our Starknet `exact` client for the reference x402 client: register it with
 * `x402Client.register(network, exactStarknetClientScheme({ from, signer }))` and the reference
 * `wrapFetchWithPayment` pays with a CHIPI session key. The reference client adds `resource` and
 * `accepted`; this scheme builds and signs the outside execution, refuses an amount above the
 * client's resolved cap, and adds a `payment-identifier` when the server declares the extension.
 * `findDefaultAsset` names native USDC so the reference USD caps apply to it.
 */
export function exactStarknetClientScheme(
  options: ExactStarknetClientSchemeOptions,
): ExactStarknetClientScheme {
  return {
    scheme: EXACT_SCHEME,
    findDefaultAsset(asset, network) {
      const known = starknetDefaultAsset(network);
      return known !== undefined && sameFelt(known.asset, asset) ? known : undefined;
    },
    async createPaymentPayload(x402Version, requirements, context = {}) {
      if (x402Version !== X402_VERSION) {
        throw new X402Error('invalid_x402_version', `unsupported x402Version ${x402Version}`);
      }
      const cap = context.maxAmountPerPayment;
      if (cap !== undefined && BigInt(requirements.amount) > BigInt(cap)) {
        throw new X402Error('amount_exceeds_maximum', `the price exceeds the cap of ${cap}`, {
          details: { amount: requirements.amount, maximum: cap },
        });
      }
      const declared = context.extensions?.[PAYMENT_IDENTIFIER] !== undefined;
      const built = await buildExactStarknetPayload({
        requirements,
        // The reference client sets `resource` on the payload itself.
        resource: { url: '' },
        from: options.from,
        signer: options.signer,
        now: options.now?.() ?? Math.floor(Date.now() / 1000),
        ...(options.notAfter === undefined ? {} : { notAfter: options.notAfter }),
        ...(declared ? { paymentId: createPaymentIdentifier() } : {}),
      });
      return {
        x402Version: X402_VERSION,
        payload: { ...built.payload },
        ...(built.extensions === undefined ? {} : { extensions: { ...built.extensions } }),
      };
    },
  };
}

function sameFelt(a: string, b: string): boolean {
  try {
    return BigInt(a) === BigInt(b);
  } catch {
    return false;
  }
}
