import type { IncomingMessage } from 'node:http';
import type { HTTPAdapter } from '@x402/core/server';

/**
 * `@x402/core`'s view of a `node:http` (or connect/Express) request. The resource URL is built
 * from `originalUrl` when there is one: Express strips a mount prefix from `req.url`, and a route
 * mounted under a prefix must not accept a payment made for its unmounted twin.
 */
export class NodeHttpAdapter implements HTTPAdapter {
  readonly #req: IncomingMessage;
  readonly #origin: string;
  readonly #withPayment: boolean;

  constructor(req: IncomingMessage, publicOrigin: string | undefined, withPayment = true) {
    this.#req = req;
    this.#origin = (publicOrigin ?? `http://${req.headers.host ?? 'localhost'}`).replace(
      /\/+$/,
      '',
    );
    this.#withPayment = withPayment;
  }

  /** The same request as seen without its payment: what an unpaid request is answered. */
  withoutPayment(): NodeHttpAdapter {
    return new NodeHttpAdapter(this.#req, this.#origin, false);
  }

  getHeader(name: string): string | undefined {
    const key = name.toLowerCase();
    if (!this.#withPayment && (key === 'payment-signature' || key === 'x-payment'))
      return undefined;
    const value = this.#req.headers[key];
    return Array.isArray(value) ? value.join(',') : value;
  }

  getMethod(): string {
    return this.#req.method ?? 'GET';
  }

  getPath(): string {
    return new URL(this.#target(), 'http://localhost').pathname;
  }

  getUrl(): string {
    return `${this.#origin}${this.#target()}`;
  }

  getAcceptHeader(): string {
    return this.getHeader('accept') ?? '';
  }

  getUserAgent(): string {
    return this.getHeader('user-agent') ?? '';
  }

  #target(): string {
    return (this.#req as { originalUrl?: string }).originalUrl ?? this.#req.url ?? '/';
  }
}
