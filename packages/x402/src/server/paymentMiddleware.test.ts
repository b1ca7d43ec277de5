import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodePaymentRequired,
  encodePaymentSignature,
  PAYMENT_REQUIRED_HEADER,
  PAYMENT_SIGNATURE_HEADER,
} from '../scheme/paymentHeaders.js';
import { payload, requirements } from '../testing/paymentFixture.js';
import { FacilitatorClient } from './FacilitatorClient.js';
import { paymentMiddleware } from './paymentMiddleware.js';

let server: Server;
let base: string;

beforeAll(async () => {
  const r = requirements();
  const pay = paymentMiddleware({
    // Never reached by these tests: every request is refused before verification.
    facilitator: new FacilitatorClient({ url: 'http://127.0.0.1:9' }),
    price: { amount: r.amount, asset: r.asset, payTo: r.payTo, network: r.network },
  });
  server = createServer((req, res) => pay(req, res, () => res.end('paid content')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function signed(resourceUrl: string, amount = '100000'): Record<string, string> {
  const p = payload(undefined, requirements({ amount }));
  return {
    [PAYMENT_SIGNATURE_HEADER]: encodePaymentSignature({ ...p, resource: { url: resourceUrl } }),
  };
}

describe('paymentMiddleware', () => {
  it('answers 402 with PAYMENT-REQUIRED for this resource, no-store and exposed headers', async () => {
    const response = await fetch(`${base}/data?x=1`);
    expect(response.status).toBe(402);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-expose-headers')).toContain('PAYMENT-RESPONSE');
    const required = decodePaymentRequired(response.headers.get(PAYMENT_REQUIRED_HEADER) ?? '');
    expect(required.resource.url).toBe(`${base}/data?x=1`);
    expect(required.accepts[0]).toMatchObject({ scheme: 'exact', amount: '100000' });
    expect(required.extensions?.['payment-identifier']).toBeDefined();
  });

  it('answers a CORS preflight that allows PAYMENT-SIGNATURE', async () => {
    const response = await fetch(`${base}/data`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toContain(
      PAYMENT_SIGNATURE_HEADER,
    );
  });

  it('refuses a payment for another resource or another amount, and a malformed header', async () => {
    const elsewhere = await fetch(`${base}/data`, { headers: signed(`${base}/other`) });
    expect(elsewhere.status).toBe(402);
    const reason = (r: Response) =>
      decodePaymentRequired(r.headers.get(PAYMENT_REQUIRED_HEADER)!).error;
    expect(reason(elsewhere)).toMatch(/^resource_mismatch/);
    const cheaper = await fetch(`${base}/data`, { headers: signed(`${base}/data`, '1') });
    expect(reason(cheaper)).toMatch(/^invalid_exact_starknet_payload_amount_mismatch/);
    const malformed = await fetch(`${base}/data`, {
      headers: { [PAYMENT_SIGNATURE_HEADER]: '%%%' },
    });
    expect(malformed.status).toBe(400);
    expect(reason(malformed)).toMatch(/^invalid_header/);
  });
});
