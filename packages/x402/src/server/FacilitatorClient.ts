import { parseSettleResponse, parseVerifyResponse } from '../scheme/parseFacilitatorResponses.js';
import { X402Error } from '../scheme/X402Error.js';
import {
  type PaymentPayload,
  type PaymentRequirements,
  type SettleResponse,
  type SupportedResponse,
  type VerifyResponse,
  X402_VERSION,
} from '../scheme/x402Types.js';

/** Options of `FacilitatorClient`. */
export interface FacilitatorClientOptions {
  /** Base URL of the facilitator (`/verify`, `/settle`, `/supported` are appended). */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Per-request timeout (default 60 s; a settlement waits for its receipt). */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/**
 * HTTP client of an x402 facilitator, usable as `@x402/core`'s `FacilitatorClient` (it is what
 * `paymentMiddleware` hands to `x402ResourceServer`). Beside `HTTPFacilitatorClient` it keeps the
 * scheme's fields of an answer (`revert`, the `transaction` of a pending payment), which the
 * reference client's response schema drops, and turns transport failures into typed errors. `verify` failures to reach it are
 * `X402Error('facilitator_unreachable')`; a `settle` whose answer never arrives is reported as
 * `unexpected_settle_error` with no transaction (`settlement_pending` needs a hash, unknown
 * here). The facilitator may have submitted it: resending the same payload is safe and resumes it.
 */
export class FacilitatorClient {
  readonly url: string;
  readonly #options: FacilitatorClientOptions;

  constructor(options: FacilitatorClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#options = options;
  }

  async verify(
    payload: PaymentPayload,
    requirements: PaymentRequirements,
  ): Promise<VerifyResponse> {
    return parseVerifyResponse(await this.#post('/verify', payload, requirements));
  }

  async settle(
    payload: PaymentPayload,
    requirements: PaymentRequirements,
  ): Promise<SettleResponse> {
    let body: unknown;
    try {
      body = await this.#post('/settle', payload, requirements);
    } catch (error) {
      if (!(error instanceof X402Error) || error.code !== 'facilitator_unreachable') throw error;
      return {
        success: false,
        // settlement_pending needs a transaction hash, which is unknown here.
        errorReason: 'unexpected_settle_error',
        errorMessage:
          'no answer from the facilitator; resend the same payment to learn its outcome',
        transaction: '',
        network: requirements.network,
      };
    }
    return parseSettleResponse(body);
  }

  /** The facilitator's `/supported` (the name `@x402/core`'s `FacilitatorClient` uses). */
  async getSupported(): Promise<SupportedResponse> {
    return (await this.#request('/supported', { method: 'GET' })) as SupportedResponse;
  }

  #post(path: string, payload: PaymentPayload, requirements: PaymentRequirements) {
    return this.#request(path, {
      method: 'POST',
      body: JSON.stringify({
        x402Version: X402_VERSION,
        paymentPayload: payload,
        paymentRequirements: requirements,
      }),
    });
  }

  async #request(path: string, init: RequestInit): Promise<unknown> {
    const headers = new Headers({ accept: 'application/json' });
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    if (this.#options.apiKey !== undefined) {
      headers.set('authorization', `Bearer ${this.#options.apiKey}`);
    }
    const doFetch = this.#options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await doFetch(`${this.url}${path}`, {
        ...init,
        headers,
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 60_000),
      });
    } catch (cause) {
      throw new X402Error('facilitator_unreachable', `could not reach the facilitator`, { cause });
    }
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw new X402Error(
        'facilitator_unreachable',
        `facilitator answered HTTP ${response.status}`,
        {
          cause,
          details: { status: response.status },
        },
      );
    }
  }
}
