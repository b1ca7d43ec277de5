import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type RateLimit, RateLimiter } from '@chipi-sessions/core';
import {
  decodePaymentRequiredHeader,
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
} from '@x402/core/http';
import {
  type FacilitatorClient as CoreFacilitatorClient,
  type HTTPRequestContext,
  type HTTPResponseInstructions,
  type HTTPTransportContext,
  type ProcessSettleResultResponse,
  type RouteConfig,
  x402HTTPResourceServer,
  x402ResourceServer,
} from '@x402/core/server';
import type {
  PaymentPayload as CorePaymentPayload,
  SettleResponse as CoreSettleResponse,
} from '@x402/core/types';
import { EXACT_SCHEME } from '../scheme/exactStarknetRequirements.js';
import {
  decodePaymentSignature,
  PAYMENT_REQUIRED_HEADER,
  PAYMENT_RESPONSE_HEADER,
  PAYMENT_SIGNATURE_HEADER,
} from '../scheme/paymentHeaders.js';
import {
  PAYMENT_IDENTIFIER,
  paymentIdentifierDeclaration,
  readPaymentIdentifier,
} from '../scheme/paymentIdentifier.js';
import { isX402Error, X402Error } from '../scheme/X402Error.js';
import type {
  PaymentPayload,
  PaymentRequirements,
  SettleResponse,
  VerifyResponse,
} from '../scheme/x402Types.js';
import { bufferResponse } from './bufferResponse.js';
import { exactStarknetServerScheme } from './exactStarknetServerScheme.js';
import type { FacilitatorClient } from './FacilitatorClient.js';
import { NodeHttpAdapter } from './NodeHttpAdapter.js';
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
  /** Our `FacilitatorClient`, or any `@x402/core` facilitator client. */
  facilitator: FacilitatorClient | CoreFacilitatorClient;
  /** The price, or a function of the request (return `undefined` for a free request). */
  price: RoutePrice | ((req: IncomingMessage) => RoutePrice | undefined);
  /**
   * The public origin of this server (`https://api.example.com`), used to build the resource URL
   * the payment is bound to. Default: `http://` + the request's Host header.
   */
  publicOrigin?: string;
  /** `Access-Control-Allow-Origin` (default `*`); `false` sends no CORS headers. */
  corsOrigin?: string | false;
  /**
   * How many more times a `settlement_pending` answer is settled again, `pendingRetryDelayMs`
   * apart, before replying (default 2; `@x402/core` already retries once at once).
   */
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
 * as is in Express or around a `node:http` handler. The protocol is `@x402/core`'s
 * `x402HTTPResourceServer` (402 and `PAYMENT-REQUIRED`, matching, verify, settle,
 * `PAYMENT-RESPONSE`) with our Starknet `exact` server scheme; this adapter adds:
 * - the `payment-identifier` paid-response cache: the id is bound to the exact payload before
 *   verification; a resend of the same payload after success gets the cached answer, another
 *   payload with the id is 409, and a resend after `settlement_pending` settles again without
 *   running the handler twice;
 * - a per-client rate limit (429) before any facilitator call;
 * - the payment bound to this resource URL (from `originalUrl`) and this exact amount;
 * - the handler's answer held back until settlement (cancelled on a status ≥ 400), and a
 *   refused verification's reason (with the account's revert) in `PAYMENT-RESPONSE`;
 * - `Cache-Control: no-store` and CORS headers exposing the payment headers.
 */
export function paymentMiddleware(
  options: PaymentMiddlewareOptions,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const context = createContext(options);
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

/** What the resource server's hooks saw of one request's verification. */
interface VerifyOutcome {
  result?: VerifyResponse;
  requirements?: PaymentRequirements;
  error?: unknown;
}

interface Context {
  options: PaymentMiddlewareOptions;
  limiter: RateLimiter | undefined;
  ids: PaymentIdentifierCache;
  resourceServer: x402ResourceServer;
  initialized: Promise<void> | undefined;
  routes: Map<string, x402HTTPResourceServer>;
  outcomes: WeakMap<object, VerifyOutcome>;
}

const MAX_ROUTE_SERVERS = 256;

function createContext(options: PaymentMiddlewareOptions): Context {
  const resourceServer = new x402ResourceServer(
    options.facilitator as unknown as CoreFacilitatorClient,
  );
  const outcomes = new WeakMap<object, VerifyOutcome>();
  const adapterOf = (transport: unknown) =>
    (transport as HTTPTransportContext | undefined)?.request?.adapter;
  resourceServer.onAfterVerify(async ({ result, requirements, transportContext }) => {
    const adapter = adapterOf(transportContext);
    if (adapter !== undefined) {
      outcomes.set(adapter, {
        result: result as VerifyResponse,
        requirements: requirements as PaymentRequirements,
      });
    }
  });
  resourceServer.onVerifyFailure(async ({ error, transportContext }) => {
    const adapter = adapterOf(transportContext);
    if (adapter !== undefined) outcomes.set(adapter, { error });
  });
  return {
    options,
    limiter:
      options.rateLimit === false
        ? undefined
        : new RateLimiter(options.rateLimit ?? { burst: 20, perSecond: 5 }),
    ids: options.paymentIdentifiers ?? new MemoryPaymentIdentifierCache(),
    resourceServer,
    initialized: undefined,
    routes: new Map(),
    outcomes,
  };
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
  const http = await routeServer(context, price);
  const adapter = new NodeHttpAdapter(req, options.publicOrigin);
  const request = requestContext(adapter);
  const header = adapter.getHeader(PAYMENT_SIGNATURE_HEADER);
  if (header === undefined) return write(res, await unpaidAnswer(http, adapter));

  const clientKey = options.clientKey?.(req) ?? req.socket.remoteAddress ?? 'unknown';
  if (context.limiter !== undefined && !context.limiter.take(clientKey)) {
    res.setHeader('retry-after', '1');
    return reply(res, 429, { error: 'rate_limited', message: 'too many paid requests' });
  }

  let payload: PaymentPayload;
  let paymentId: string | undefined;
  try {
    payload = decodePaymentSignature(header);
    paymentId = readPaymentIdentifier(payload);
  } catch (error) {
    if (!isX402Error(error)) throw error;
    return refuse(res, http, adapter, `${error.code}: ${error.message}`, 400);
  }
  if (paymentId === undefined && options.requirePaymentIdentifier === true) {
    return refuse(
      res,
      http,
      adapter,
      'invalid_payload: this resource requires a payment-identifier',
      400,
    );
  }
  const binding = bindingError(payload, adapter.getUrl(), String(price.amount));
  if (binding !== undefined) {
    return refuse(res, http, adapter, `${binding.code}: ${binding.message}`, 402);
  }

  // payment-identifier: bound to the exact payload, decided before verification.
  const idKey = paymentId === undefined ? undefined : `${price.payTo}:${paymentId}`;
  if (idKey !== undefined) {
    const claim = await context.ids.begin(idKey, createHash('sha256').update(header).digest('hex'));
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
      return resumeSettlement(context, http, adapter, idKey, payload, res, claim.response);
    }
  }

  let done = false;
  try {
    const processed = await http.processHTTPRequest(request);
    const outcome = context.outcomes.get(adapter);
    if (processed.type === 'no-payment-required') return next();
    let verified: Verified;
    if (processed.type === 'payment-error') {
      if (outcome?.error !== undefined) throw outcome.error;
      const refused = outcome?.result;
      // settlement_pending: this very payment was broadcast already; settling again resumes it.
      if (refused?.invalidReason !== 'settlement_pending' || outcome?.requirements === undefined) {
        if (refused !== undefined && !refused.isValid) {
          res.setHeader(
            PAYMENT_RESPONSE_HEADER,
            encodePaymentResponseHeader(failureOf(refused, price) as CoreSettleResponse),
          );
        }
        return write(res, processed.response);
      }
      verified = {
        payload,
        requirements: outcome.requirements,
        declaredExtensions: routeExtensions(http),
      };
    } else {
      verified = {
        payload: processed.paymentPayload as PaymentPayload,
        requirements: processed.paymentRequirements as PaymentRequirements,
        declaredExtensions: processed.declaredExtensions,
        cancel: (status) =>
          processed.cancellationDispatcher.cancel({
            reason: 'handler_failed',
            responseStatus: status,
          }),
      };
    }

    verifiedPayments.set(req, {
      payer: outcome?.result?.payer ?? '',
      network: verified.requirements.network,
      requirements: verified.requirements,
      paymentId,
    });
    const held = bufferResponse(res);
    next();
    await held.ended;
    if (held.statusCode() >= 400) {
      // The handler failed: the payment is cancelled, never settled.
      await verified.cancel?.(held.statusCode());
      held.release();
      return;
    }

    let result: ProcessSettleResultResponse;
    try {
      result = await settleWithRetries(context, http, verified, {
        request,
        responseBody: held.body(),
        responseHeaders: headersOf(res),
      });
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
      return write(res, result.response);
    }
    for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
    if (idKey !== undefined) {
      await context.ids.complete(idKey, snapshot(res, held.statusCode(), held.body()));
      done = true;
    }
    held.release();
  } finally {
    context.outcomes.delete(adapter);
    if (idKey !== undefined && !done) await context.ids.abandon(idKey);
  }
}

/** A payment ready to settle after the handler. */
interface Verified {
  payload: PaymentPayload;
  requirements: PaymentRequirements;
  declaredExtensions: Record<string, unknown> | undefined;
  cancel?: (status: number) => Promise<unknown>;
}

/** The reference HTTP resource server for one price, over the shared, initialized core server. */
async function routeServer(context: Context, price: RoutePrice): Promise<x402HTTPResourceServer> {
  const key = JSON.stringify(price, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
  let server = context.routes.get(key);
  if (server === undefined) {
    const network = price.network as `${string}:${string}`;
    if (!context.resourceServer.hasRegisteredScheme(network, EXACT_SCHEME)) {
      context.resourceServer.register(network, exactStarknetServerScheme());
    }
    // A price function may name many prices: keep the set bounded.
    if (context.routes.size >= MAX_ROUTE_SERVERS) context.routes.clear();
    server = new x402HTTPResourceServer(context.resourceServer, routeOf(context.options, price));
    context.routes.set(key, server);
  }
  context.initialized ??= context.resourceServer.initialize().catch((error: unknown) => {
    context.initialized = undefined;
    throw new X402Error('facilitator_unreachable', 'could not read the facilitator /supported', {
      cause: error,
    });
  });
  await context.initialized;
  return server;
}

function routeOf(options: PaymentMiddlewareOptions, price: RoutePrice): RouteConfig {
  return {
    accepts: {
      scheme: EXACT_SCHEME,
      network: price.network as `${string}:${string}`,
      payTo: price.payTo,
      price: { asset: price.asset, amount: String(price.amount) },
      maxTimeoutSeconds: price.maxTimeoutSeconds ?? 300,
      extra: { areFeesSponsored: true, feePayer: price.feePayer },
    },
    ...(price.description === undefined ? {} : { description: price.description }),
    ...(price.mimeType === undefined ? {} : { mimeType: price.mimeType }),
    extensions: {
      [PAYMENT_IDENTIFIER]: paymentIdentifierDeclaration(options.requirePaymentIdentifier ?? false),
    },
  };
}

function routeExtensions(http: x402HTTPResourceServer): Record<string, unknown> | undefined {
  const routes = http.routes;
  return 'accepts' in routes ? (routes as RouteConfig).extensions : undefined;
}

function requestContext(adapter: NodeHttpAdapter): HTTPRequestContext {
  const path = adapter.getPath();
  return { adapter, path, method: adapter.getMethod() };
}

/** The reference 402 for this request without its payment. */
async function unpaidAnswer(
  http: x402HTTPResourceServer,
  adapter: NodeHttpAdapter,
): Promise<HTTPResponseInstructions> {
  const processed = await http.processHTTPRequest(requestContext(adapter.withoutPayment()));
  if (processed.type !== 'payment-error') {
    throw new X402Error('invalid_payment_requirements', 'the route did not ask for a payment');
  }
  return processed.response;
}

/** The reference 402 for this request, with our reason and status. */
async function refuse(
  res: ServerResponse,
  http: x402HTTPResourceServer,
  adapter: NodeHttpAdapter,
  error: string,
  status: number,
): Promise<void> {
  const answer = await unpaidAnswer(http, adapter);
  const required = decodePaymentRequiredHeader(answer.headers[PAYMENT_REQUIRED_HEADER] ?? '');
  write(res, {
    ...answer,
    status,
    headers: {
      ...answer.headers,
      [PAYMENT_REQUIRED_HEADER]: encodePaymentRequiredHeader({ ...required, error }),
    },
  });
}

/** The payment must name this resource and accept exactly this price. */
function bindingError(
  payload: PaymentPayload,
  resourceUrl: string,
  amount: string,
): X402Error | undefined {
  if (payload.resource?.url !== resourceUrl) {
    return new X402Error('resource_mismatch', 'the payment is for another resource');
  }
  if (payload.accepted.amount !== amount) {
    return new X402Error(
      'invalid_exact_starknet_payload_amount_mismatch',
      `the price is exactly ${amount}`,
    );
  }
  return undefined;
}

async function settleWithRetries(
  context: Context,
  http: x402HTTPResourceServer,
  verified: Verified,
  transport: HTTPTransportContext,
): Promise<ProcessSettleResultResponse> {
  const settle = () =>
    http.processSettlement(
      verified.payload as CorePaymentPayload,
      verified.requirements as CorePaymentPayload['accepted'],
      verified.declaredExtensions,
      transport,
    );
  let result = await settle();
  for (let i = 0; i < (context.options.pendingRetries ?? 2) && isPending(result); i++) {
    await new Promise((resolve) => setTimeout(resolve, context.options.pendingRetryDelayMs ?? 500));
    result = await settle();
  }
  return result;
}

/** A resend of a served payment whose settlement was pending: settle, then send the held answer. */
async function resumeSettlement(
  context: Context,
  http: x402HTTPResourceServer,
  adapter: NodeHttpAdapter,
  idKey: string,
  payload: PaymentPayload,
  res: ServerResponse,
  held: CachedPaidResponse,
): Promise<void> {
  const answer = await unpaidAnswer(http, adapter);
  const required = decodePaymentRequiredHeader(answer.headers[PAYMENT_REQUIRED_HEADER] ?? '');
  const requirements = context.resourceServer.findMatchingRequirements(
    required.accepts,
    payload as CorePaymentPayload,
  );
  if (requirements === undefined) {
    // The id was bound to this very payload, which matched when it was first served.
    await context.ids.hold(idKey, held);
    return refuse(res, http, adapter, 'invalid_payment_requirements: the price changed', 402);
  }
  let result: ProcessSettleResultResponse;
  try {
    result = await settleWithRetries(
      context,
      http,
      {
        payload,
        requirements: requirements as PaymentRequirements,
        declaredExtensions: routeExtensions(http),
      },
      { request: requestContext(adapter) },
    );
  } catch (error) {
    await context.ids.hold(idKey, held);
    throw error;
  }
  if (result.success) {
    const headers = { ...held.headers };
    for (const [name, value] of Object.entries(result.headers)) headers[name.toLowerCase()] = value;
    const paid = { ...held, headers };
    await context.ids.complete(idKey, paid);
    return replay(res, paid);
  }
  if (isPending(result)) await context.ids.hold(idKey, held);
  else await context.ids.abandon(idKey);
  write(res, result.response);
}

/** A refused verification as the `PAYMENT-RESPONSE` the client reads its reason from. */
function failureOf(refused: VerifyResponse, price: RoutePrice): SettleResponse {
  return {
    success: false,
    errorReason: refused.invalidReason ?? 'payment_rejected',
    errorMessage: refused.invalidMessage ?? 'the payment was refused',
    transaction: refused.transaction ?? '',
    network: price.network,
    ...(refused.payer === undefined ? {} : { payer: refused.payer }),
    ...(refused.revert === undefined ? {} : { revert: refused.revert }),
  };
}

function isPending(result: { success: boolean; errorReason?: string }): boolean {
  return !result.success && result.errorReason === 'settlement_pending';
}

function headersOf(res: ServerResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value !== undefined)
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

function snapshot(res: ServerResponse, status: number, body: Buffer): CachedPaidResponse {
  return { status, headers: headersOf(res), body: new Uint8Array(body) };
}

function replay(res: ServerResponse, cached: CachedPaidResponse): void {
  for (const [name, value] of Object.entries(cached.headers)) res.setHeader(name, value);
  res.statusCode = cached.status;
  res.end(Buffer.from(cached.body));
}

/** Writes the reference server's response instructions. */
function write(res: ServerResponse, answer: HTTPResponseInstructions): void {
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  if (answer.isHtml === true) {
    res.end(String(answer.body ?? ''));
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(answer.body ?? {}));
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
