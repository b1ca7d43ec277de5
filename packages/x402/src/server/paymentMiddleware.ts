import { createHash } from 'node:crypto';
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
import {
  PAYMENT_IDENTIFIER,
  paymentIdentifierDeclaration,
  readPaymentIdentifier,
} from '../scheme/paymentIdentifier.js';
import { type RateLimit, RateLimiter } from '../scheme/RateLimiter.js';
import { isX402Error, X402Error } from '../scheme/X402Error.js';
import {
  type PaymentPayload,
  type PaymentRequired,
  type PaymentRequirements,
  type ResourceInfo,
  type SettleResponse,
  X402_VERSION,
} from '../scheme/x402Types.js';
import { bufferResponse } from './bufferResponse.js';
import type { FacilitatorClient } from './FacilitatorClient.js';
import {
  type CachedPaidResponse,
  MemoryPaymentIdentifierCache,
  type PaymentIdentifierCache,
} from './PaymentIdentifierCache.js';

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
  /**
   * The facilitator's executor (its `/supported` `extra.feePayer`); the client binds the outside
   * execution's caller to it. Required by the scheme.
   */
  feePayer: string;
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
  /**
   * Per-client limit on requests that carry a payment (they cost facilitator work), keyed by
   * `clientKey` (default: the remote address). Default 20 in a burst, 5 per second; `false`
   * turns it off (e.g. behind a gateway that limits already).
   */
  rateLimit?: RateLimit | false;
  clientKey?: (req: IncomingMessage) => string;
  /** Where `payment-identifier` ids are bound and paid responses cached (default in memory). */
  paymentIdentifiers?: PaymentIdentifierCache;
  /** Require clients to send a `payment-identifier` (default false). */
  requirePaymentIdentifier?: boolean;
}

/**
 * The verified payment of a request, as the handler sees it. It is settled only after the handler
 * answered with a status below 400, so the handler never sees a transaction hash.
 */
export interface VerifiedPayment {
  payer: string;
  network: string;
  requirements: PaymentRequirements;
  paymentId: string | undefined;
}

const verifiedPayments = new WeakMap<IncomingMessage, VerifiedPayment>();

/** The verified payment for `req` (set by `paymentMiddleware` before it calls `next`). */
export function paymentOf(req: IncomingMessage): VerifiedPayment | undefined {
  return verifiedPayments.get(req);
}

/**
 * x402 v2 resource-server middleware with the connect/Express signature `(req, res, next)`, usable
 * as is in Express or around a `node:http` handler. It follows the scheme's authorization flow:
 * - without `PAYMENT-SIGNATURE`: 402 with `PAYMENT-REQUIRED`;
 * - with one: checks that the payment names this resource (from `originalUrl`, so mounted routes
 *   stay distinct) and this exact amount, verifies it, runs the handler with its answer held
 *   back, then settles only if the handler's status is below 400 (otherwise the payment is
 *   cancelled and the handler's answer goes out unpaid). A settled answer carries
 *   `PAYMENT-RESPONSE`; a failed settlement replaces it with a 402.
 * - `payment-identifier`: the id is bound to the exact payload before verification; a resend of
 *   the same payload after success gets the cached answer, another payload with the id is 409.
 * - a per-client rate limit (429) runs before any facilitator call.
 * Every answer is `Cache-Control: no-store` and exposes the payment headers to browsers (CORS).
 */
export function paymentMiddleware(
  options: PaymentMiddlewareOptions,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const context: Context = {
    options,
    limiter:
      options.rateLimit === false
        ? undefined
        : new RateLimiter(options.rateLimit ?? { burst: 20, perSecond: 5 }),
    ids: options.paymentIdentifiers ?? new MemoryPaymentIdentifierCache(),
  };
  return (req, res, next) => {
    handle(context, req, res, next).catch((error: unknown) => {
      if (res.headersSent) return;
      if (isX402Error(error, 'facilitator_unreachable')) {
        return reply(res, 500, { error: error.code, message: 'the facilitator is unreachable' });
      }
      next(error);
    });
  };
}

interface Context {
  options: PaymentMiddlewareOptions;
  limiter: RateLimiter | undefined;
  ids: PaymentIdentifierCache;
}

async function handle(
  context: Context,
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
): Promise<void> {
  const { options } = context;
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
  const extensions = {
    [PAYMENT_IDENTIFIER]: paymentIdentifierDeclaration(options.requirePaymentIdentifier ?? false),
  };
  const header = req.headers[PAYMENT_SIGNATURE_HEADER.toLowerCase()];
  if (header === undefined) {
    return paymentRequired(res, resource, requirements, extensions, 'payment required');
  }
  const clientKey = options.clientKey?.(req) ?? req.socket.remoteAddress ?? 'unknown';
  if (context.limiter !== undefined && !context.limiter.take(clientKey)) {
    res.setHeader('retry-after', '1');
    return reply(res, 429, { error: 'rate_limited', message: 'too many paid requests' });
  }

  const raw = Array.isArray(header) ? header.join(',') : header;
  let payload: PaymentPayload;
  let paymentId: string | undefined;
  try {
    payload = decodePaymentSignature(raw);
    paymentId = readPaymentIdentifier(payload);
  } catch (error) {
    if (!isX402Error(error)) throw error;
    return paymentRequired(res, resource, requirements, extensions, error.message, error.code, 400);
  }
  if (paymentId === undefined && options.requirePaymentIdentifier === true) {
    return paymentRequired(
      res,
      resource,
      requirements,
      extensions,
      'this resource requires a payment-identifier',
      'invalid_payload',
      400,
    );
  }
  const binding = bindingError(payload, resource, requirements);
  if (binding !== undefined) {
    return paymentRequired(res, resource, requirements, extensions, binding.message, binding.code);
  }

  // payment-identifier: bound to the exact payload, decided before verification.
  const idKey = paymentId === undefined ? undefined : `${requirements.payTo}:${paymentId}`;
  if (idKey !== undefined) {
    const claim = await context.ids.begin(idKey, createHash('sha256').update(raw).digest('hex'));
    if (claim.state === 'conflict') {
      return reply(res, 409, {
        error: 'payment_identifier_conflict',
        message: 'this payment identifier was used for another payment',
      });
    }
    if (claim.state === 'processing') {
      res.setHeader('retry-after', '1');
      return reply(res, 409, {
        error: 'payment_identifier_in_progress',
        message: 'the first request with this payment identifier is still running; retry',
      });
    }
    if (claim.state === 'cached') return replay(res, claim.response);
    if (claim.state === 'unsettled') {
      return resumeSettlement(
        context,
        idKey,
        payload,
        requirements,
        resource,
        extensions,
        res,
        claim.response,
      );
    }
  }

  let done = false;
  try {
    const verified = await options.facilitator.verify(payload, requirements);
    // settlement_pending: this very payment was broadcast already; settling again resumes it.
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
      return paymentFailed(res, resource, requirements, extensions, failure);
    }

    verifiedPayments.set(req, {
      payer: verified.payer ?? '',
      network: requirements.network,
      requirements,
      paymentId,
    });
    const held = bufferResponse(res);
    next();
    await held.ended;
    if (held.statusCode() >= 400) {
      // The handler failed: the payment is cancelled, never settled.
      held.release();
      return;
    }

    let result: SettleResponse;
    try {
      result = await settleWithRetries(options, payload, requirements);
    } catch (error) {
      held.discard();
      throw error;
    }
    if (!result.success) {
      held.discard();
      if (idKey !== undefined && isPending(result)) {
        // Served, not yet settled: a resend of this payment resumes the settlement only.
        await context.ids.hold(idKey, snapshot(res, held.statusCode(), held.body()));
        done = true;
      }
      return paymentFailed(res, resource, requirements, extensions, result);
    }
    res.setHeader(PAYMENT_RESPONSE_HEADER, encodePaymentResponse(result));
    if (idKey !== undefined) {
      await context.ids.complete(idKey, snapshot(res, held.statusCode(), held.body()));
      done = true;
    }
    held.release();
  } finally {
    if (idKey !== undefined && !done) await context.ids.abandon(idKey);
  }
}

async function settleWithRetries(
  options: PaymentMiddlewareOptions,
  payload: PaymentPayload,
  requirements: PaymentRequirements,
): Promise<SettleResponse> {
  let result = await options.facilitator.settle(payload, requirements);
  for (let i = 0; i < (options.pendingRetries ?? 2) && isPending(result); i++) {
    await new Promise((resolve) => setTimeout(resolve, options.pendingRetryDelayMs ?? 500));
    result = await options.facilitator.settle(payload, requirements);
  }
  return result;
}

/** A resend of a served payment whose settlement was pending: settle, then send the held answer. */
async function resumeSettlement(
  context: Context,
  idKey: string,
  payload: PaymentPayload,
  requirements: PaymentRequirements,
  resource: ResourceInfo,
  extensions: PaymentRequired['extensions'],
  res: ServerResponse,
  held: CachedPaidResponse,
): Promise<void> {
  let result: SettleResponse;
  try {
    result = await settleWithRetries(context.options, payload, requirements);
  } catch (error) {
    await context.ids.hold(idKey, held);
    throw error;
  }
  if (result.success) {
    const paid = {
      ...held,
      headers: {
        ...held.headers,
        [PAYMENT_RESPONSE_HEADER.toLowerCase()]: encodePaymentResponse(result),
      },
    };
    await context.ids.complete(idKey, paid);
    return replay(res, paid);
  }
  if (isPending(result)) await context.ids.hold(idKey, held);
  else await context.ids.abandon(idKey);
  paymentFailed(res, resource, requirements, extensions, result);
}

function snapshot(res: ServerResponse, status: number, body: Buffer): CachedPaidResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value !== undefined)
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { status, headers, body: new Uint8Array(body) };
}

function replay(res: ServerResponse, cached: CachedPaidResponse): void {
  for (const [name, value] of Object.entries(cached.headers)) res.setHeader(name, value);
  res.statusCode = cached.status;
  res.end(Buffer.from(cached.body));
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
    extra: { areFeesSponsored: true, feePayer: price.feePayer },
  };
}

function resourceOf(req: IncomingMessage, price: RoutePrice, publicOrigin?: string): ResourceInfo {
  const origin = (publicOrigin ?? `http://${req.headers.host ?? 'localhost'}`).replace(/\/+$/, '');
  return {
    // Express strips a mount prefix from `req.url`; `originalUrl` keeps the full path.
    url: `${origin}${(req as { originalUrl?: string }).originalUrl ?? req.url ?? '/'}`,
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
  extensions: PaymentRequired['extensions'],
  error: string,
  code?: string,
  status = 402,
): void {
  const body: PaymentRequired = {
    x402Version: X402_VERSION,
    error: code === undefined ? error : `${code}: ${error}`,
    resource,
    accepts: [requirements],
    ...(extensions === undefined ? {} : { extensions }),
  };
  res.setHeader(PAYMENT_REQUIRED_HEADER, encodePaymentRequired(body));
  reply(res, status, body);
}

function paymentFailed(
  res: ServerResponse,
  resource: ResourceInfo,
  requirements: PaymentRequirements,
  extensions: PaymentRequired['extensions'],
  failure: SettleResponse,
): void {
  res.setHeader(PAYMENT_RESPONSE_HEADER, encodePaymentResponse(failure));
  const reason = failure.revert
    ? `${failure.errorReason}: ${failure.revert.code} (${failure.revert.reason})`
    : `${failure.errorReason}: ${failure.errorMessage ?? ''}`;
  paymentRequired(res, resource, requirements, extensions, reason);
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
