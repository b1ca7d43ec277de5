import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type RateLimit, RateLimiter } from '@chipi-sessions/core';
import { parsePaymentPayload } from '../scheme/parsePaymentPayload.js';
import { parsePaymentRequirements } from '../scheme/parsePaymentRequirements.js';
import { isX402Error, X402Error } from '../scheme/X402Error.js';
import type { ExactStarknetFacilitator } from './ExactStarknetFacilitator.js';
import { readJsonBody } from './readJsonBody.js';

/** Who may call `/verify` and `/settle`. */
export type FacilitatorAuth =
  /** `Authorization: Bearer <token>` with one of these tokens. */
  | { bearerTokens: readonly string[] }
  /** No access control (only behind another gate). */
  | 'none';

/** Options of `facilitatorHandler` and `startFacilitatorServer`. */
export interface FacilitatorServerOptions {
  facilitator: ExactStarknetFacilitator;
  auth: FacilitatorAuth;
  /**
   * Per-client limit on `/verify` and `/settle`, keyed by bearer token (or remote address without
   * auth), checked before any RPC. Default 100 in a burst, 20 per second; `false` turns it off.
   */
  rateLimit?: RateLimit | false;
}

/** Options of `startFacilitatorServer` beyond the handler's. */
export interface StartFacilitatorServerOptions extends FacilitatorServerOptions {
  port?: number;
  host?: string;
  /**
   * The background `reconcile` of the facilitator while the server runs (default every 60 s,
   * finished records kept one day past their `ExecuteBefore`); `false` turns it off.
   */
  reconcile?: { intervalMs?: number; retainSeconds?: number } | false;
}

/** A listening facilitator. */
export interface RunningFacilitator {
  /** Base URL, e.g. `http://127.0.0.1:4021`. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * The x402 facilitator HTTP API on `node:http`: `GET /supported` (public), `POST /verify` and
 * `POST /settle` (body `{ x402Version, paymentPayload, paymentRequirements }`, access-controlled).
 * Refusals are answered in the protocol's own shapes (`isValid: false` / `success: false` with a
 * code): 401 `unauthorized`, 429 `rate_limited`, 400 for a malformed body, 200 otherwise.
 */
export function facilitatorHandler(
  options: FacilitatorServerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { facilitator } = options;
  const limiter =
    options.rateLimit === false
      ? undefined
      : new RateLimiter(options.rateLimit ?? { burst: 100, perSecond: 20 });
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = `${req.method} ${path}`;
    void (async () => {
      if (route === 'GET /supported') return send(res, 200, await facilitator.supported());
      if (route !== 'POST /verify' && route !== 'POST /settle') {
        return send(res, 404, { error: 'not_found' });
      }
      const isSettle = path === '/settle';
      if (!authorized(req, options.auth)) {
        const error = new X402Error('unauthorized', 'missing or unknown token');
        return refuse(res, 401, isSettle, error, await networkOf(facilitator));
      }
      if (limiter !== undefined && !limiter.take(clientKey(req))) {
        res.setHeader('retry-after', '1');
        const error = new X402Error('rate_limited', 'too many requests from this client');
        return refuse(res, 429, isSettle, error, await networkOf(facilitator));
      }
      let body: { x402Version?: unknown; paymentPayload: unknown; paymentRequirements: unknown };
      try {
        body = (await readJsonBody(req)) as typeof body;
        if (body === null || typeof body !== 'object') {
          throw new X402Error('invalid_payload', 'the body is not an object');
        }
        if (body.x402Version !== undefined && body.x402Version !== 2) {
          throw new X402Error(
            'invalid_x402_version',
            `unsupported x402Version ${body.x402Version}`,
          );
        }
      } catch (error) {
        return refuse(res, 400, isSettle, error as X402Error, await networkOf(facilitator));
      }
      let payload: ReturnType<typeof parsePaymentPayload>;
      let requirements: ReturnType<typeof parsePaymentRequirements>;
      try {
        payload = parsePaymentPayload(body.paymentPayload);
        requirements = parsePaymentRequirements(body.paymentRequirements);
      } catch (error) {
        if (!isX402Error(error)) throw error;
        return refuse(res, 400, isSettle, error, await networkOf(facilitator));
      }
      const result = isSettle
        ? await facilitator.settle(payload, requirements)
        : await facilitator.verify(payload, requirements);
      return send(res, 200, result);
    })().catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'internal_error' });
    });
  };
}

/** Starts the facilitator on `host:port` (default 127.0.0.1, an ephemeral port). */
export async function startFacilitatorServer(
  options: StartFacilitatorServerOptions,
): Promise<RunningFacilitator> {
  const server = createServer(facilitatorHandler(options));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const stopReconciler =
    options.reconcile === false
      ? () => {}
      : options.facilitator.startReconciler(options.reconcile ?? {});
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        stopReconciler();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function authorized(req: IncomingMessage, auth: FacilitatorAuth): boolean {
  if (auth === 'none') return true;
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/.exec(header);
  if (match === null) return false;
  const given = Buffer.from(match[1] as string);
  return auth.bearerTokens.some((token) => {
    const expected = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

function clientKey(req: IncomingMessage): string {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  return token !== undefined ? `token:${token}` : `address:${req.socket.remoteAddress ?? ''}`;
}

function networkOf(facilitator: ExactStarknetFacilitator): Promise<string> {
  return facilitator.network().catch(() => 'starknet:unknown');
}

function refuse(
  res: ServerResponse,
  status: number,
  isSettle: boolean,
  error: X402Error,
  network: string,
): void {
  send(
    res,
    status,
    isSettle
      ? {
          success: false,
          errorReason: error.code,
          errorMessage: error.message,
          transaction: '',
          network,
        }
      : { isValid: false, invalidReason: error.code, invalidMessage: error.message },
  );
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}
