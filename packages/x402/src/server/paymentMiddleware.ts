import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXACT_SCHEME } from '../scheme/exactStarknetRequirements.js';
import {
  decodePaymentSignature,
  encodePaymentRequired,
  encodePaymentResponse,
  PAYMENT_REQUIRED_HEADER,
  PAYMENT_RESPONSE_HEADER,
  PAYMENT_SIGNATURE_HEADER,
} from '../scheme/paymentHeaders.js';
import { PAYMENT_IDENTIFIER, paymentIdentifierDeclaration } from '../scheme/paymentIdentifier.js';
import { isX402Error, X402Error } from '../scheme/X402Error.js';
import {
  type PaymentPayload,
  type PaymentRequired,
  type PaymentRequirements,
  type ResourceInfo,
  type SettleResponse,
  X402_VERSION,
} from '../scheme/x402Types.js';
import type { FacilitatorClient } from './FacilitatorClient.js';

/** What a route costs. */
export interface RoutePrice {
  /** Exact amount in the asset's base units. */
  amount: bigint | string;
  asset: string;
  payTo: string;
  /** CAIP-2 network, e.g. `starknet:SN_SEPOLIA`. */
  network: string;
  /** Default 300. */
  maxTimeoutSeconds?: number;
  /** The facilitator's submitting address, to bind the outside execution's caller. */
  feePayer?: string;
  description?: string;
  mimeType?: string;
}

/** Options of `paymentMiddleware`. */
export interface PaymentMiddlewareOptions {
  facilitator: FacilitatorClient;
  /** The price, or a function of the request (return `undefined` for a free request). */
  price: RoutePrice | ((req: IncomingMessage) => RoutePrice | undefined);
  /**
   * The public origin of this server (`https://api.example.com`), used to build the resource URL
   * the payment is bound to. Default: `http://` + the request's Host header.
   */
  publicOrigin?: string;
  /** `Access-Control-Allow-Origin` (default `*`); `false` sends no CORS headers. */
  corsOrigin?: string | false;
  /** How many times a `settlement_pending` answer is retried before replying (default 2). */
  pendingRetries?: number;
  pendingRetryDelayMs?: number;
}

/** The settled payment of a request, once the middleware let it through. */
export interface SettledPayment {
  payer: string;
  transaction: string;
  network: string;
  requirements: PaymentRequirements;
  paymentId: string | undefined;
}

const settled = new WeakMap<IncomingMessage, SettledPayment>();

/** The payment that paid for `req` (set by `paymentMiddleware` before it calls `next`). */
export function paymentOf(req: IncomingMessage): SettledPayment | undefined {
  return settled.get(req);
}

/**
 * x402 v2 resource-server middleware with the connect/Express signature `(req, res, next)`, usable
 * as is in Express or around a `node:http` handler. Without `PAYMENT-SIGNATURE` it answers 402
 * with `PAYMENT-REQUIRED`; with one, it checks that the payment is for this resource (URL) and
 * this exact amount, then verifies and settles it through the facilitator before calling `next`,
 * with `PAYMENT-RESPONSE` set. Every answer is `Cache-Control: no-store` and exposes the payment
 * headers to browsers (CORS).
 */
export function paymentMiddleware(
  options: PaymentMiddlewareOptions,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  return (req, res, next) => {
    handle(options, req, res, next).catch((error: unknown) => {
      if (res.headersSent) return;
      if (isX402Error(error, 'facilitator_unreachable')) {
        return reply(res, 502, { error: error.code, message: 'the facilitator is unreachable' });
      }
      next(error);
    });
  };
}

async function handle(
  options: PaymentMiddlewareOptions,
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
): Promise<void> {
  setCors(res, options.corsOrigin);
  if (req.method === 'OPTIONS') {
    res.statusCode = 204;
    res.end();
    return;
  }
  const price = typeof options.price === 'function' ? options.price(req) : options.price;
  if (price === undefined) return next();
  res.setHeader('cache-control', 'no-store');
  const resource = resourceOf(req, price, options.publicOrigin);
  const requirements = requirementsOf(price);
  const header = req.headers[PAYMENT_SIGNATURE_HEADER.toLowerCase()];
  if (header === undefined) return paymentRequired(res, resource, requirements, 'payment required');

  let payload: PaymentPayload;
  try {
    payload = decodePaymentSignature(Array.isArray(header) ? header.join(',') : header);
  } catch (error) {
    if (!isX402Error(error)) throw error;
    return paymentRequired(res, resource, requirements, error.message, error.code, 400);
  }
  const binding = bindingError(payload, resource, requirements);
  if (binding !== undefined) {
    return paymentRequired(res, resource, requirements, binding.message, binding.code);
  }

  const verified = await options.facilitator.verify(payload, requirements);
  if (!verified.isValid && verified.invalidReason !== 'settlement_pending') {
    const failure: SettleResponse = {
      success: false,
      errorReason: verified.invalidReason ?? 'payment_rejected',
      errorMessage: verified.invalidMessage ?? 'the payment was refused',
      transaction: verified.transaction ?? '',
      network: requirements.network,
      ...(verified.payer === undefined ? {} : { payer: verified.payer }),
      ...(verified.revert === undefined ? {} : { revert: verified.revert }),
    };
    return paymentFailed(res, resource, requirements, failure);
  }

  let result = await options.facilitator.settle(payload, requirements);
  for (let i = 0; i < (options.pendingRetries ?? 2) && isPending(result); i++) {
    await new Promise((resolve) => setTimeout(resolve, options.pendingRetryDelayMs ?? 500));
    result = await options.facilitator.settle(payload, requirements);
  }
  if (!result.success) return paymentFailed(res, resource, requirements, result);
  res.setHeader(PAYMENT_RESPONSE_HEADER, encodePaymentResponse(result));
  settled.set(req, {
    payer: result.payer ?? '',
    transaction: result.transaction,
    network: result.network,
    requirements,
    paymentId: payload.extensions?.[PAYMENT_IDENTIFIER]?.info.id as string | undefined,
  });
  next();
}

function isPending(result: SettleResponse): boolean {
  return !result.success && result.errorReason === 'settlement_pending';
}

function requirementsOf(price: RoutePrice): PaymentRequirements {
  return {
    scheme: EXACT_SCHEME,
    network: price.network,
    amount: String(price.amount),
    asset: price.asset,
    payTo: price.payTo,
    maxTimeoutSeconds: price.maxTimeoutSeconds ?? 300,
    extra: {
      areFeesSponsored: true,
      ...(price.feePayer === undefined ? {} : { feePayer: price.feePayer }),
    },
  };
}

function resourceOf(req: IncomingMessage, price: RoutePrice, publicOrigin?: string): ResourceInfo {
  const origin = (publicOrigin ?? `http://${req.headers.host ?? 'localhost'}`).replace(/\/+$/, '');
  return {
    url: `${origin}${req.url ?? '/'}`,
    ...(price.description === undefined ? {} : { description: price.description }),
    ...(price.mimeType === undefined ? {} : { mimeType: price.mimeType }),
  };
}

/** The payment must name this resource and accept exactly this price. */
function bindingError(
  payload: PaymentPayload,
  resource: ResourceInfo,
  requirements: PaymentRequirements,
): X402Error | undefined {
  if (payload.resource?.url !== resource.url) {
    return new X402Error('resource_mismatch', `the payment is for another resource`);
  }
  if (payload.accepted.amount !== requirements.amount) {
    return new X402Error(
      'invalid_exact_starknet_payload_amount_mismatch',
      `the price is exactly ${requirements.amount}`,
    );
  }
  return undefined;
}

function paymentRequired(
  res: ServerResponse,
  resource: ResourceInfo,
  requirements: PaymentRequirements,
  error: string,
  code?: string,
  status = 402,
): void {
  const body: PaymentRequired = {
    x402Version: X402_VERSION,
    error: code === undefined ? error : `${code}: ${error}`,
    resource,
    accepts: [requirements],
    extensions: { [PAYMENT_IDENTIFIER]: paymentIdentifierDeclaration() },
  };
  res.setHeader(PAYMENT_REQUIRED_HEADER, encodePaymentRequired(body));
  reply(res, status, body);
}

function paymentFailed(
  res: ServerResponse,
  resource: ResourceInfo,
  requirements: PaymentRequirements,
  failure: SettleResponse,
): void {
  res.setHeader(PAYMENT_RESPONSE_HEADER, encodePaymentResponse(failure));
  const reason = failure.revert
    ? `${failure.errorReason}: ${failure.revert.code} (${failure.revert.reason})`
    : `${failure.errorReason}: ${failure.errorMessage ?? ''}`;
  paymentRequired(res, resource, requirements, reason);
}

function setCors(res: ServerResponse, origin: string | false | undefined): void {
  if (origin === false) return;
  res.setHeader('access-control-allow-origin', origin ?? '*');
  res.setHeader(
    'access-control-allow-headers',
    `${PAYMENT_SIGNATURE_HEADER}, content-type, authorization`,
  );
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  res.setHeader(
    'access-control-expose-headers',
    `${PAYMENT_REQUIRED_HEADER}, ${PAYMENT_RESPONSE_HEADER}`,
  );
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}
