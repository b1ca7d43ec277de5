import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionKeyData } from '@chipi-sessions/sdk';
import { exactStarknetClientScheme } from '@chipi-sessions/x402/client';
import {
  exactStarknetServerScheme,
  FacilitatorClient,
  paymentMiddleware as ourPaymentMiddleware,
  paymentOf,
} from '@chipi-sessions/x402/server';
import { getRequestListener } from '@hono/node-server';
import { decodePaymentRequiredHeader } from '@x402/core/http';
import { HTTPFacilitatorClient, x402ResourceServer } from '@x402/core/server';
import type { PaymentPayload } from '@x402/core/types';
import { paymentMiddleware } from '@x402/express';
import { decodePaymentResponseHeader, wrapFetchWithPayment, x402Client } from '@x402/fetch';
import { paymentMiddleware as honoPaymentMiddleware } from '@x402/hono';
import express from 'express';
import { Hono } from 'hono';
import type { Account } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SdkWorld, sessionSigner, startSdkWorld } from '../sdk/sdkHarness.ts';
import { type ListeningApp, listenExpress } from './listenExpress.ts';
import {
  type ReferenceFacilitatorServer,
  startReferenceFacilitatorServer,
} from './referenceFacilitatorServer.ts';
import {
  API_KEY,
  executionStatus,
  type FacilitatorInstance,
  PRICE,
  paymentBalances,
  registerPaymentSession,
  sessionClient,
  startFacilitator,
} from './x402Harness.ts';

let world: SdkWorld;
let dir: string;
let ours: FacilitatorInstance;
let second: FacilitatorInstance;
let referenceFacilitator: ReferenceFacilitatorServer;
let network: `${string}:${string}`;
let payTo: string;
const apps: ListeningApp[] = [];

beforeAll(async () => {
  world = await startSdkWorld();
  dir = mkdtempSync(join(tmpdir(), 'chipi-x402-ref-'));
  ours = await startFacilitator(world, join(dir, 'ours.sqlite'));
  // Its own relayer account, so that the two facilitators never share an account nonce.
  second = await startFacilitator(world, join(dir, 'second.sqlite'), { relayerIndex: 3 });
  referenceFacilitator = await startReferenceFacilitatorServer(second.facilitator);
  network = (await ours.facilitator.network()) as `${string}:${string}`;
  payTo = (world.accounts[1] as Account).address;
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await referenceFacilitator?.close();
  await second?.stop();
  await ours?.stop();
  await world?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The reference fetch wrapper paying with our scheme and a session key; records what it signed. */
function referenceFetch(session: SessionKeyData) {
  const signed: PaymentPayload[] = [];
  const client = new x402Client()
    .register(
      network,
      exactStarknetClientScheme({
        from: world.wallet.publicKey,
        signer: sessionSigner(world, session),
        notAfter: session.validUntil,
      }),
    )
    .setSpendControls({
      allowedAssets: [{ network, asset: world.usdc.address, maxAmountPerPayment: String(PRICE) }],
    })
    .onAfterPaymentCreation(async ({ paymentPayload }) => {
      signed.push(paymentPayload);
    });
  return { fetch: wrapFetchWithPayment(fetch, client), signed };
}

/** An Express app whose `GET /query` is protected by the reference `@x402/express` middleware. */
async function referencePaidApp(facilitatorUrl: string) {
  const auth = { Authorization: `Bearer ${API_KEY}` };
  const server = new x402ResourceServer(
    new HTTPFacilitatorClient({
      url: facilitatorUrl,
      createAuthHeaders: async () => ({ verify: auth, settle: auth, supported: auth }),
    }),
  ).register(network, exactStarknetServerScheme());
  const app = express();
  const counter = { served: 0 };
  app.use(
    paymentMiddleware(
      {
        'GET /query': {
          accepts: {
            scheme: 'exact',
            network,
            payTo,
            price: { asset: world.usdc.address, amount: String(PRICE) },
            maxTimeoutSeconds: 300,
          },
          description: 'one query',
        },
      },
      server,
    ),
  );
  app.get('/query', (req, res) => {
    counter.served += 1;
    res.json({ answer: req.query.q });
  });
  const listening = await listenExpress(app);
  apps.push(listening);
  return { url: listening.url, counter };
}

/** A Hono app whose `GET /query` is protected by the reference `@x402/hono` middleware. */
async function referenceHonoApp(facilitatorUrl: string) {
  const auth = { Authorization: `Bearer ${API_KEY}` };
  const server = new x402ResourceServer(
    new HTTPFacilitatorClient({
      url: facilitatorUrl,
      createAuthHeaders: async () => ({ verify: auth, settle: auth, supported: auth }),
    }),
  ).register(network, exactStarknetServerScheme());
  const counter = { served: 0 };
  const app = new Hono();
  app.use(
    honoPaymentMiddleware(
      {
        'GET /query': {
          accepts: {
            scheme: 'exact',
            network,
            payTo,
            price: { asset: world.usdc.address, amount: String(PRICE) },
            maxTimeoutSeconds: 300,
          },
          description: 'one query',
        },
      },
      server,
    ),
  );
  app.get('/query', (c) => {
    counter.served += 1;
    return c.json({ answer: c.req.query('q') });
  });
  const http = createServer(getRequestListener(app.fetch));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  apps.push({
    url,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  });
  return { url, counter };
}

const balances = () => paymentBalances(world, payTo);

describe('the reference x402 packages driving our Starknet exact scheme on devnet', () => {
  it('reference fetch wrapper → reference Express middleware → our facilitator over HTTP, paid by a session key until its window is spent', async () => {
    const session = await registerPaymentSession(world, {
      maxPerCall: PRICE,
      maxPerWindow: 2n * PRICE,
      windowSeconds: 3600,
    });
    const app = await referencePaidApp(ours.running.url);
    const client = referenceFetch(session);
    const before = await balances();

    const unpaid = await fetch(`${app.url}/query?q=0`);
    expect(unpaid.status).toBe(402);
    const offer = decodePaymentRequiredHeader(unpaid.headers.get('PAYMENT-REQUIRED') ?? '');
    expect(offer.accepts[0]?.extra).toMatchObject({
      areFeesSponsored: true,
      feePayer: ours.facilitator.relayerAddress,
    });

    const transactions: string[] = [];
    for (const q of ['1', '2']) {
      const response = await client.fetch(`${app.url}/query?q=${q}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ answer: q });
      const settled = decodePaymentResponseHeader(response.headers.get('PAYMENT-RESPONSE') ?? '');
      expect(settled.success).toBe(true);
      expect(BigInt(settled.payer ?? 0)).toBe(BigInt(world.wallet.publicKey));
      expect(await executionStatus(world, settled.transaction)).toBe('SUCCEEDED');
      transactions.push(settled.transaction);
    }
    expect(new Set(transactions).size).toBe(2);
    // The session key signed, in the one session form:
    // `[session key, r, s, valid_until, ...outside execution]`.
    const signature = (signed(client.signed[0]) as string[]) ?? [];
    expect(signature.length).toBeGreaterThan(4);
    expect(BigInt(signature[0] as string)).toBe(BigInt(session.publicKey));

    const refused = await client.fetch(`${app.url}/query?q=3`);
    expect(refused.status).toBe(402);
    const reason = decodePaymentRequiredHeader(refused.headers.get('PAYMENT-REQUIRED') ?? '');
    expect(reason.error).toBe('simulation_failed');
    expect(client.signed).toHaveLength(3);

    const after = await balances();
    expect(before.payer - after.payer).toBe(2n * PRICE);
    expect(after.payee - before.payee).toBe(2n * PRICE);
    expect(app.counter.served).toBe(2);
  });

  it('our X402Client → reference Express middleware → reference facilitator running our facilitator scheme', async () => {
    const supported = referenceFacilitator.reference.getSupported();
    expect(supported.kinds).toEqual([
      {
        x402Version: 2,
        scheme: 'exact',
        network,
        extra: { areFeesSponsored: true, feePayer: second.facilitator.relayerAddress },
      },
    ]);
    const session = await registerPaymentSession(world, {
      maxPerCall: PRICE,
      maxPerWindow: 5n * PRICE,
      windowSeconds: 3600,
    });
    const app = await referencePaidApp(referenceFacilitator.url);
    const client = sessionClient(world, session, payTo);
    const before = await balances();
    const response = await client.fetch(`${app.url}/query?q=ours`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ answer: 'ours' });
    const [record] = client.ledger.records();
    expect(record?.signedBy).toBe('account');
    expect(record?.amount).toBe(PRICE);
    expect(await executionStatus(world, record?.transaction as string)).toBe('SUCCEEDED');
    // The payment went through the reference facilitator into our scheme's store.
    const settled = await second.store.findByPaymentId(record?.paymentId as string);
    expect(settled?.status).toBe('settled');
    expect(settled?.transaction).toBe(record?.transaction);
    const after = await balances();
    expect(before.payer - after.payer).toBe(PRICE);
    expect(after.payee - before.payee).toBe(PRICE);
    expect(app.counter.served).toBe(1);
  });

  it('our paymentMiddleware mounted in Express, paid by the reference fetch wrapper', async () => {
    const session = await registerPaymentSession(world, {
      maxPerCall: PRICE,
      maxPerWindow: 5n * PRICE,
      windowSeconds: 3600,
    });
    const app = express();
    const paidBy: string[] = [];
    app.get(
      '/query',
      ourPaymentMiddleware({
        facilitator: new FacilitatorClient({ url: ours.running.url, apiKey: API_KEY }),
        price: {
          amount: PRICE,
          asset: world.usdc.address,
          payTo,
          network,
          feePayer: ours.facilitator.relayerAddress,
        },
      }),
      (req, res) => {
        paidBy.push(paymentOf(req)?.payer ?? '');
        res.json({ answer: req.query.q });
      },
    );
    const listening = await listenExpress(app);
    apps.push(listening);
    const client = referenceFetch(session);
    const before = await balances();

    const unpaid = await fetch(`${listening.url}/query?q=x`);
    expect(unpaid.status).toBe(402);
    expect(unpaid.headers.get('access-control-expose-headers')).toContain('PAYMENT-RESPONSE');

    const response = await client.fetch(`${listening.url}/query?q=x`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ answer: 'x' });
    const settled = decodePaymentResponseHeader(response.headers.get('PAYMENT-RESPONSE') ?? '');
    expect(settled.success).toBe(true);
    expect(paidBy).toEqual([settled.payer]);
    expect(await executionStatus(world, settled.transaction)).toBe('SUCCEEDED');
    const after = await balances();
    expect(before.payer - after.payer).toBe(PRICE);
    expect(after.payee - before.payee).toBe(PRICE);
  });

  it('reference fetch wrapper → reference Hono middleware → reference facilitator running our scheme, paid by a session key', async () => {
    const session = await registerPaymentSession(world, {
      maxPerCall: PRICE,
      maxPerWindow: 5n * PRICE,
      windowSeconds: 3600,
    });
    const app = await referenceHonoApp(referenceFacilitator.url);
    const client = referenceFetch(session);
    const before = await balances();

    const unpaid = await fetch(`${app.url}/query?q=h`);
    expect(unpaid.status).toBe(402);
    const offer = decodePaymentRequiredHeader(unpaid.headers.get('PAYMENT-REQUIRED') ?? '');
    expect(offer.accepts[0]?.extra).toMatchObject({
      areFeesSponsored: true,
      feePayer: second.facilitator.relayerAddress,
    });

    const response = await client.fetch(`${app.url}/query?q=h`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ answer: 'h' });
    const settled = decodePaymentResponseHeader(response.headers.get('PAYMENT-RESPONSE') ?? '');
    expect(settled.success).toBe(true);
    expect(BigInt(settled.payer ?? 0)).toBe(BigInt(world.wallet.publicKey));
    expect(await executionStatus(world, settled.transaction)).toBe('SUCCEEDED');
    // The one session form, passed verbatim: `[session key, r, s, valid_until, ...outside execution]`.
    const signature = (signed(client.signed[0]) as string[]) ?? [];
    expect(signature.length).toBeGreaterThan(4);
    expect(BigInt(signature[0] as string)).toBe(BigInt(session.publicKey));
    const after = await balances();
    expect(before.payer - after.payer).toBe(PRICE);
    expect(after.payee - before.payee).toBe(PRICE);
    expect(app.counter.served).toBe(1);
  });
});

function signed(payload: PaymentPayload | undefined): unknown {
  return (payload?.payload as { outsideExecution?: { signature?: unknown } })?.outsideExecution
    ?.signature;
}
