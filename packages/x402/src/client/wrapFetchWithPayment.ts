import type { X402Client } from './X402Client.js';

/** A `fetch` with the signature of the global one that pays x402 answers through `client`. */
export function wrapFetchWithPayment(
  client: X402Client,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return (input, init) => client.fetch(input, init);
}
