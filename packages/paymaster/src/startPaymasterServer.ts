import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Paymaster } from './Paymaster.js';
import { isPaymasterError, PaymasterError } from './PaymasterError.js';
import type { PaymasterOptions } from './PaymasterOptions.js';

/** Options of `startPaymasterServer`: the paymaster's, plus where to listen. */
export interface PaymasterServerOptions extends PaymasterOptions {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * The `Access-Control-Allow-Origin` answered to browsers (default `*`: the API key is the gate);
   * `false` answers no CORS headers.
   */
  corsOrigin?: string | false;
  /**
   * How often `Paymaster.reconcile` finishes what stopped processes left (default 60 000 ms);
   * `false` never runs it. A failed run is retried at the next interval.
   */
  reconcileIntervalMs?: number | false;
}

/** A listening paymaster. */
export interface RunningPaymaster {
  /** The JSON-RPC endpoint, e.g. `http://127.0.0.1:4337` (what `PaymasterRpc`'s `nodeUrl` takes). */
  url: string;
  paymaster: Paymaster;
  server: Server;
  /** Stops listening, waits for pending receipts (bounded) and closes the store. */
  close(): Promise<void>;
}

const MAX_BODY = 512 * 1024;

/** Runs `reconcile` every `intervalMs`, one run at a time, without keeping the process alive. */
function reconcileEvery(paymaster: Paymaster, intervalMs: number | false): () => void {
  if (intervalMs === false) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    paymaster
      .reconcile()
      .catch(() => {})
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

/**
 * Starts a SNIP-29 paymaster: JSON-RPC 2.0 over HTTP POST on any path, methods
 * `paymaster_isAvailable`, `paymaster_getSupportedTokens` (public), `paymaster_buildTransaction`
 * and `paymaster_executeTransaction` (an API key in the `x-paymaster-api-key` header, or
 * `Authorization: Bearer <key>`). Batches are answered in order.
 *
 * @example
 * ```ts
 * const running = await startPaymasterServer({
 *   rpcUrl: 'http://127.0.0.1:5050/rpc',
 *   relayers: [{ address, privateKey }],
 *   apiKeys: [{ key: 'my-app-secret', budgetFri: 10n ** 19n }],
 *   store: new SqlitePaymasterStore('paymaster.sqlite'),
 * });
 * const account = new Account({ provider, address, signer,
 *   paymaster: new PaymasterRpc({ nodeUrl: running.url, headers: { 'x-paymaster-api-key': 'my-app-secret' } }) });
 * ```
 */
export async function startPaymasterServer(
  options: PaymasterServerOptions,
): Promise<RunningPaymaster> {
  const paymaster = await Paymaster.create(options);
  const server = createServer(
    paymasterHandler(paymaster, { corsOrigin: options.corsOrigin ?? '*' }),
  );
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await paymaster.close(0);
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const stopReconciling = reconcileEvery(paymaster, options.reconcileIntervalMs ?? 60_000);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    paymaster,
    server,
    close: async () => {
      stopReconciling();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await paymaster.close();
    },
  };
}

/** The `node:http` request handler of a paymaster (to mount it in another server). */
export function paymasterHandler(
  paymaster: Paymaster,
  options: { corsOrigin?: string | false } = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const corsOrigin = options.corsOrigin ?? false;
  return (req, res) => {
    if (corsOrigin !== false) {
      res.setHeader('access-control-allow-origin', corsOrigin);
      res.setHeader('access-control-allow-methods', 'POST, GET, OPTIONS');
      res.setHeader(
        'access-control-allow-headers',
        'content-type, x-paymaster-api-key, authorization',
      );
      res.setHeader('access-control-max-age', '600');
    }
    void (async () => {
      if (req.method === 'OPTIONS') return send(res, 204, undefined);
      if (req.method === 'GET') {
        return send(res, 200, { available: await paymaster.isAvailable() });
      }
      if (req.method !== 'POST') return send(res, 405, { error: 'use POST' });
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch (error) {
        const message = isPaymasterError(error) ? error.message : 'the body is not JSON';
        return send(res, 200, errorResponse(null, new PaymasterError('PARSE_ERROR', message)));
      }
      const apiKey = apiKeyOf(req);
      if (Array.isArray(body)) {
        if (body.length === 0) {
          return send(
            res,
            200,
            errorResponse(null, new PaymasterError('INVALID_REQUEST', 'empty batch')),
          );
        }
        const answers = [];
        for (const item of body) answers.push(await answer(paymaster, item, apiKey));
        return send(
          res,
          200,
          answers.filter((a) => a !== undefined),
        );
      }
      const single = await answer(paymaster, body, apiKey);
      return single === undefined ? send(res, 204, undefined) : send(res, 200, single);
    })().catch(() => {
      if (!res.headersSent) send(res, 500, errorResponse(null, internalError()));
    });
  };
}

async function answer(
  paymaster: Paymaster,
  request: unknown,
  apiKey: string | undefined,
): Promise<object | undefined> {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return errorResponse(null, new PaymasterError('INVALID_REQUEST', 'not a JSON-RPC request'));
  }
  const { jsonrpc, method, params, id } = request as Record<string, unknown>;
  const hasId = Object.hasOwn(request, 'id');
  const replyId = typeof id === 'string' || typeof id === 'number' ? id : null;
  if (jsonrpc !== '2.0' || typeof method !== 'string') {
    return errorResponse(
      replyId,
      new PaymasterError('INVALID_REQUEST', 'not a JSON-RPC 2.0 request'),
    );
  }
  let result: unknown;
  try {
    result = await call(paymaster, method, params, apiKey);
  } catch (error) {
    if (!hasId) return undefined;
    return errorResponse(replyId, isPaymasterError(error) ? error : internalError(error));
  }
  return hasId ? { jsonrpc: '2.0', id: replyId, result } : undefined;
}

function call(
  paymaster: Paymaster,
  method: string,
  params: unknown,
  apiKey: string | undefined,
): unknown {
  switch (method) {
    case 'paymaster_isAvailable':
      return paymaster.isAvailable();
    case 'paymaster_getSupportedTokens':
      return paymaster.getSupportedTokens();
    case 'paymaster_buildTransaction':
      return paymaster.buildTransaction(params, apiKey);
    case 'paymaster_executeTransaction':
      return paymaster.executeTransaction(params, apiKey);
    default:
      throw new PaymasterError('METHOD_NOT_FOUND', `unknown method ${method}`);
  }
}

function apiKeyOf(req: IncomingMessage): string | undefined {
  const header = req.headers['x-paymaster-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  return /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new PaymasterError('PARSE_ERROR', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function internalError(cause?: unknown): PaymasterError {
  return PaymasterError.refusal('internal_error', 'the paymaster failed to answer', cause);
}

function errorResponse(id: string | number | null, error: PaymasterError): object {
  return { jsonrpc: '2.0', id, error: error.toJsonRpc() };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('cache-control', 'no-store');
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}
