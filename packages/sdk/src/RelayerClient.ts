import {
  ChipiError,
  ChipiSessionError,
  parseFelt,
  sessionErrorFromRevert,
  toFeltHex,
} from '@chipi-sessions/core';
import type { RelayerRequest } from './relayerProtocol.js';

/** Options of `RelayerClient`. */
export interface RelayerClientOptions {
  /** The relayer endpoint (see `relayerProtocol.ts`). */
  url: string;
  /** `fetch` to use (default `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch;
}

/**
 * Posts signed outside executions to a `chipi-relayer/v1` relayer. Headers are built as a
 * `Headers` object, so an `Authorization: Bearer` header is never lost. Errors: the account's
 * refusal is the matching `ChipiSessionError` (original body as `cause`); a refused token is
 * `ChipiError('RELAYER_UNAUTHORIZED')`; anything else `ChipiError('RELAYER_ERROR')`.
 */
export class RelayerClient {
  readonly url: string;
  readonly #fetch: typeof globalThis.fetch;

  constructor(options: RelayerClientOptions) {
    this.url = options.url;
    const custom = options.fetch;
    this.#fetch = custom ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Sends the request and returns the transaction hash the relayer reports. */
  async submit(request: RelayerRequest, bearerToken?: string): Promise<string> {
    const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json' });
    if (bearerToken !== undefined && bearerToken !== '') {
      headers.set('authorization', `Bearer ${bearerToken}`);
    }
    let response: Response;
    try {
      response = await this.#fetch(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(request),
      });
    } catch (cause) {
      throw new ChipiError('RELAYER_ERROR', `could not reach the relayer at ${this.url}`, {
        cause,
      });
    }
    const text = await response.text();
    const body = parseJson(text);
    if (!response.ok) {
      const decoded = sessionErrorFromRevert(body ?? text);
      if (decoded) throw decoded;
      const message = errorMessage(body) ?? `relayer answered HTTP ${response.status}`;
      const code =
        response.status === 401 || response.status === 403
          ? 'RELAYER_UNAUTHORIZED'
          : 'RELAYER_ERROR';
      throw new ChipiError(code, message, {
        details: { status: response.status, body: body ?? text },
      });
    }
    const hash = (body as { transactionHash?: unknown } | undefined)?.transactionHash;
    if (typeof hash !== 'string') {
      throw new ChipiError('RELAYER_ERROR', 'relayer response has no transactionHash', {
        details: { body: body ?? text },
      });
    }
    try {
      return toFeltHex(parseFelt(hash, 'transactionHash'));
    } catch (cause) {
      throw new ChipiSessionError('INVALID_INPUT', 'relayer returned a malformed transactionHash', {
        cause,
      });
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorMessage(body: unknown): string | undefined {
  const error = (body as { error?: { message?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string' ? error.message : undefined;
}
