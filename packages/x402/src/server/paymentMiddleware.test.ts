import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  decodePaymentRequired,
  decodePaymentResponse,
  encodePaymentSignature,
  PAYMENT_REQUIRED_HEADER,
  PAYMENT_RESPONSE_HEADER,
  PAYMENT_SIGNATURE_HEADER,
} from '../scheme/paymentHeaders.js';
import type { PaymentPayload, SettleResponse, VerifyResponse } from '../scheme/x402Types.js';
import {
  outsideExecution,
  PAYER,
  payload,
  requirements,
  SUBMITTER,
} from '../testing/paymentFixture.js';
import { FacilitatorClient } from './FacilitatorClient.js';
import { paymentMiddleware, paymentOf } from './paymentMiddleware.js';

/**
 * A stand-in facilitator over HTTP that accepts every payment and counts the calls, so the tests
 * observe when the resource server verifies and settles (the real facilitator runs in the devnet
 * suite).
 */
const facilitator = {
  verifies: 0,
  settles: 0,
  served: 0,
  settleAnswer: undefined as SettleResponse | undefined,
  verifyAnswer: undefined as VerifyResponse | undefined,
  /** Drops /verify and /settle connections, as an unreachable facilitator. */
  down: false,
};
let facilitatorServer: Server;
let server: Server;
let base: string;

function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<[Server, string]> {
  const s = createServer(handler);
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      resolve([s, `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`]);
    }),
  );
}

beforeAll(async () => {
  let facilitatorUrl: string;
  [facilitatorServer, facilitatorUrl] = await listen((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (facilitator.down && req.url !== '/supported') {
      req.socket.destroy();
      return;
    }
    if (req.url === '/supported') {
      res.end(
        JSON.stringify({
          kinds: [
            {
              x402Version: 2,
              scheme: 'exact',
              network: 'starknet:SN_SEPOLIA',
              extra: { areFeesSponsored: true, feePayer: SUBMITTER },
            },
          ],
          extensions: [],
          signers: {},
        }),
      );
    } else if (req.url === '/verify') {
      facilitator.verifies += 1;
      res.end(JSON.stringify(facilitator.verifyAnswer ?? { isValid: true, payer: PAYER }));
    } else {
      facilitator.settles += 1;
      res.end(
        JSON.stringify(
          facilitator.settleAnswer ?? {
            success: true,
            payer: PAYER,
            transaction: `0x${facilitator.settles}`,
            network: 'starknet:SN_SEPOLIA',
          },
        ),
      );
    }
  });
  const r = requirements();
  const pay = paymentMiddleware({
    facilitator: new FacilitatorClient({ url: facilitatorUrl }),
    price: {
      amount: r.amount,
      asset: r.asset,
      payTo: r.payTo,
      network: r.network,
      feePayer: SUBMITTER,
    },
    rateLimit: { burst: 30, perSecond: 0.001 },
    clientKey: (req) => String(req.headers['x-client'] ?? 'default'),
  });
  [server, base] = await listen((req, res) => {
    // Express sets originalUrl to the full path when it strips a mount prefix from req.url.
    if (req.url?.startsWith('/mounted/')) {
      (req as { originalUrl?: string }).originalUrl = req.url;
      req.url = req.url.slice('/mounted'.length);
    }
    pay(req, res, () => {
      if (req.url?.startsWith('/fail')) {
        res.statusCode = 500;
        res.end('handler failed');
        return;
      }
      facilitator.served += 1;
      res.setHeader('content-type', 'text/plain');
      res.end(`paid content for ${paymentOf(req)?.payer}`);
    });
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve) => facilitatorServer.close(() => resolve()));
});

beforeEach(() => {
  facilitator.verifies = 0;
  facilitator.settles = 0;
  facilitator.served = 0;
  facilitator.settleAnswer = undefined;
  facilitator.verifyAnswer = undefined;
  facilitator.down = false;
});

function signed(resourceUrl: string, p: PaymentPayload = payload(), client = 'default') {
  return {
    'x-client': client,
    [PAYMENT_SIGNATURE_HEADER]: encodePaymentSignature({ ...p, resource: { url: resourceUrl } }),
  };
}

function withId(id: string, nonce = '0x77'): PaymentPayload {
  return {
    ...payload(outsideExecution({ nonce })),
    extensions: { 'payment-identifier': { info: { required: false, id } } },
  };
}

const reason = (r: Response) =>
  decodePaymentRequired(r.headers.get(PAYMENT_REQUIRED_HEADER) ?? '').error;

describe('paymentMiddleware', () => {
  it('answers 402 with PAYMENT-REQUIRED for this resource, the fee payer, no-store and exposed headers', async () => {
    const response = await fetch(`${base}/data?x=1`);
    expect(response.status).toBe(402);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-expose-headers')).toContain('PAYMENT-RESPONSE');
    const required = decodePaymentRequired(response.headers.get(PAYMENT_REQUIRED_HEADER) ?? '');
    expect(required.resource.url).toBe(`${base}/data?x=1`);
    expect(required.accepts[0]).toMatchObject({
      scheme: 'exact',
      amount: '100000',
      extra: { areFeesSponsored: true, feePayer: SUBMITTER },
    });
    expect(required.extensions?.['payment-identifier']?.info).toEqual({ required: false });
  });

  it('binds the resource URL to originalUrl, so a mounted route is not its unmounted twin', async () => {
    const required = decodePaymentRequired(
      (await fetch(`${base}/mounted/data`)).headers.get(PAYMENT_REQUIRED_HEADER) ?? '',
    );
    expect(required.resource.url).toBe(`${base}/mounted/data`);
    const replayed = await fetch(`${base}/mounted/data`, { headers: signed(`${base}/data`) });
    expect(reason(replayed)).toMatch(/^resource_mismatch/);
  });

  it('settles after the handler and returns its answer with PAYMENT-RESPONSE', async () => {
    const response = await fetch(`${base}/data`, { headers: signed(`${base}/data`) });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`paid content for ${PAYER}`);
    expect(
      decodePaymentResponse(response.headers.get(PAYMENT_RESPONSE_HEADER) ?? ''),
    ).toMatchObject({
      success: true,
      transaction: '0x1',
    });
    expect([facilitator.verifies, facilitator.settles]).toEqual([1, 1]);
  });

  it('cancels the payment when the handler answers 500: nothing is settled', async () => {
    const response = await fetch(`${base}/fail`, { headers: signed(`${base}/fail`) });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('handler failed');
    expect(response.headers.get(PAYMENT_RESPONSE_HEADER)).toBeNull();
    expect([facilitator.verifies, facilitator.settles]).toEqual([1, 0]);
  });

  it('replaces the held answer with a 402 when settlement fails', async () => {
    facilitator.settleAnswer = {
      success: false,
      errorReason: 'invalid_transaction_state',
      transaction: '0xdead',
      network: 'starknet:SN_SEPOLIA',
    };
    const response = await fetch(`${base}/data`, { headers: signed(`${base}/data`) });
    expect(response.status).toBe(402);
    expect(await response.text()).not.toContain('paid content');
    expect(
      decodePaymentResponse(response.headers.get(PAYMENT_RESPONSE_HEADER) ?? ''),
    ).toMatchObject({
      success: false,
      errorReason: 'invalid_transaction_state',
    });
  });

  it('payment-identifier: same payload gets the cached answer, another payload with the id is 409', async () => {
    const id = 'pay_cached_0123456789';
    const first = await fetch(`${base}/data`, { headers: signed(`${base}/data`, withId(id)) });
    expect(first.status).toBe(200);
    const again = await fetch(`${base}/data`, { headers: signed(`${base}/data`, withId(id)) });
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(`paid content for ${PAYER}`);
    expect(again.headers.get(PAYMENT_RESPONSE_HEADER)).toBe(
      first.headers.get(PAYMENT_RESPONSE_HEADER),
    );
    const other = await fetch(`${base}/data`, {
      headers: signed(`${base}/data`, withId(id, '0x78')),
    });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ error: 'payment_identifier_conflict' });
    // Only the first request reached the facilitator.
    expect([facilitator.verifies, facilitator.settles]).toEqual([1, 1]);
  });

  it('payment-identifier: a resend after settlement_pending settles without serving twice', async () => {
    const id = 'pay_pending_0123456789';
    facilitator.settleAnswer = {
      success: false,
      errorReason: 'settlement_pending',
      transaction: '0xbeef',
      network: 'starknet:SN_SEPOLIA',
    };
    const first = await fetch(`${base}/data`, { headers: signed(`${base}/data`, withId(id)) });
    expect(first.status).toBe(402);
    expect(decodePaymentResponse(first.headers.get(PAYMENT_RESPONSE_HEADER) ?? '')).toMatchObject({
      errorReason: 'settlement_pending',
      transaction: '0xbeef',
    });
    expect(facilitator.served).toBe(1);
    facilitator.settleAnswer = undefined;
    const again = await fetch(`${base}/data`, { headers: signed(`${base}/data`, withId(id)) });
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(`paid content for ${PAYER}`);
    expect(decodePaymentResponse(again.headers.get(PAYMENT_RESPONSE_HEADER) ?? '').success).toBe(
      true,
    );
    expect(facilitator.served).toBe(1);
    expect(facilitator.verifies).toBe(1);
  });

  it('payment-identifier: concurrent identical requests are processed once', async () => {
    const id = 'pay_concurrent_0123456';
    const answers = await Promise.all(
      [1, 2, 3].map(() => fetch(`${base}/data`, { headers: signed(`${base}/data`, withId(id)) })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect(facilitator.settles).toBe(1);
  });

  it('refuses a payment for another amount, and a malformed header (400)', async () => {
    const cheaper = payload(undefined, requirements({ amount: '1' }));
    const response = await fetch(`${base}/data`, { headers: signed(`${base}/data`, cheaper) });
    expect(reason(response)).toMatch(/^invalid_exact_starknet_payload_amount_mismatch/);
    const malformed = await fetch(`${base}/data`, {
      headers: { 'x-client': 'malformed', [PAYMENT_SIGNATURE_HEADER]: '%%%' },
    });
    expect(malformed.status).toBe(400);
    expect(reason(malformed)).toMatch(/^invalid_header/);
  });

  it('answers a refused verification with 402 and its reason, revert included, in PAYMENT-RESPONSE', async () => {
    facilitator.verifyAnswer = {
      isValid: false,
      invalidReason: 'simulation_failed',
      invalidMessage: 'the account refused the payment',
      payer: PAYER,
      revert: { code: 'SESSION_SPENDING_LIMIT_EXCEEDED', reason: 'policy/exceeds-window' },
    };
    const response = await fetch(`${base}/data`, { headers: signed(`${base}/data`) });
    expect(response.status).toBe(402);
    expect(reason(response)).toBe('simulation_failed');
    expect(decodePaymentResponse(response.headers.get(PAYMENT_RESPONSE_HEADER) ?? '')).toEqual({
      success: false,
      errorReason: 'simulation_failed',
      errorMessage: 'the account refused the payment',
      transaction: '',
      network: 'starknet:SN_SEPOLIA',
      payer: PAYER,
      revert: { code: 'SESSION_SPENDING_LIMIT_EXCEEDED', reason: 'policy/exceeds-window' },
    });
    expect([facilitator.served, facilitator.settles]).toEqual([0, 0]);
  });

  it('resumes a payment whose verification reports settlement_pending: served, then settled', async () => {
    facilitator.verifyAnswer = {
      isValid: false,
      invalidReason: 'settlement_pending',
      transaction: '0xbeef',
      payer: PAYER,
    };
    const response = await fetch(`${base}/data`, { headers: signed(`${base}/data`) });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`paid content for ${PAYER}`);
    expect(decodePaymentResponse(response.headers.get(PAYMENT_RESPONSE_HEADER) ?? '').success).toBe(
      true,
    );
    expect([facilitator.verifies, facilitator.served, facilitator.settles]).toEqual([1, 1, 1]);
  });

  it('answers 500 when the facilitator cannot be reached, and serves nothing', async () => {
    facilitator.down = true;
    const response = await fetch(`${base}/data`, { headers: signed(`${base}/data`) });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: 'facilitator_unreachable' });
    expect(facilitator.served).toBe(0);
  });

  it('rate-limits paid requests per client before any facilitator call (429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const response = await fetch(`${base}/data`, {
        headers: signed(`${base}/data`, payload(), 'flood'),
      });
      statuses.push(response.status);
      await response.body?.cancel();
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(facilitator.verifies).toBe(30);
    const other = await fetch(`${base}/data`, {
      headers: signed(`${base}/data`, payload(), 'calm'),
    });
    expect(other.status).toBe(200);
  });
});
