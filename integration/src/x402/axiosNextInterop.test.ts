import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionKeyData } from '@chipi-sessions/sdk';
import { exactStarknetClientScheme } from '@chipi-sessions/x402/client';
import { exactStarknetServerScheme } from '@chipi-sessions/x402/server';
import {
  decodePaymentResponseHeader,
  type SchemeNetworkClient,
  wrapAxiosWithPayment,
  x402Client,
} from '@x402/axios';
import { HTTPFacilitatorClient } from '@x402/core/server';
import { paymentProxy, withX402, x402ResourceServer } from '@x402/next';
import axios from 'axios';
import { type NextRequest, NextResponse } from 'next/server.js';
import type { Account } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SdkWorld, sessionSigner, startSdkWorld } from '../sdk/sdkHarness.ts';
import type { ListeningApp } from './listenExpress.ts';
import { listenNextHandler } from './listenNextHandler.ts';
import {
  API_KEY,
  executionStatus,
  type FacilitatorInstance,
  PRICE,
  paymentBalances,
  registerPaymentSession,
  startFacilitator,
} from './x402Harness.ts';

let world: SdkWorld;
let dir: string;
let facilitator: FacilitatorInstance;
let network: `${string}:${string}`;
let payTo: string;
const apps: ListeningApp[] = [];

beforeAll(async () => {
  world = await startSdkWorld();
  dir = mkdtempSync(join(tmpdir(), 'chipi-x402-axios-next-'));
  facilitator = await startFacilitator(world, join(dir, 'facilitator.sqlite'));
  network = (await facilitator.facilitator.network()) as `${string}:${string}`;
  payTo = (world.accounts[1] as Account).address;
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await facilitator?.stop();
  await world?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function routes() {
  return {
    '/api/query': {
      accepts: {
        scheme: 'exact',
        network,
        payTo,
        price: { asset: world.usdc.address, amount: String(PRICE) },
        maxTimeoutSeconds: 300,
      },
      description: 'one query',
    },
  };
}

function resourceServer() {
  const auth = { Authorization: `Bearer ${API_KEY}` };
  return new x402ResourceServer(
    new HTTPFacilitatorClient({
      url: facilitator.running.url,
      createAuthHeaders: async () => ({ verify: auth, settle: auth, supported: auth }),
    }),
  ).register(network, exactStarknetServerScheme());
}

/** The reference axios wrapper paying with our scheme and a session key. */
function referenceAxios(session: SessionKeyData) {
  const signer = sessionSigner(world, session);
  const scheme = exactStarknetClientScheme({
    from: world.wallet.publicKey,
    signer,
    notAfter: session.validUntil,
  });
  // @x402/axios carries its own copy of @x402/core; the scheme interface is the same.
  const client = new x402Client().register(network, scheme as unknown as SchemeNetworkClient);
  return wrapAxiosWithPayment(axios.create(), client);
}

const balances = () => paymentBalances(world, payTo);

describe('@x402/axios and @x402/next with our Starknet exact scheme on devnet', () => {
  it('reference axios wrapper → a Next.js route handler wrapped by withX402, paid by a session key', async () => {
    const session = await registerPaymentSession(world, {
      maxPerCall: PRICE,
      maxPerWindow: 5n * PRICE,
      windowSeconds: 3600,
    });
    const served: string[] = [];
    const handler = withX402(
      async (request: NextRequest) => {
        const q = request.nextUrl.searchParams.get('q') ?? '';
        served.push(q);
        return NextResponse.json({ answer: q });
      },
      routes()['/api/query'],
      resourceServer(),
    );
    const app = await listenNextHandler(handler);
    apps.push(app);
    const before = await balances();

    const unpaid = await fetch(`${app.url}/api/query?q=0`);
    expect(unpaid.status).toBe(402);
    expect(served).toEqual([]);

    const http = referenceAxios(session);
    const response = await http.get(`${app.url}/api/query?q=next`);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ answer: 'next' });
    const settled = decodePaymentResponseHeader(response.headers['payment-response'] as string);
    expect(settled.success).toBe(true);
    expect(BigInt(settled.payer ?? 0)).toBe(BigInt(world.wallet.publicKey));
    expect(await executionStatus(world, settled.transaction)).toBe('SUCCEEDED');
    expect(served).toEqual(['next']);
    const after = await balances();
    expect(before.payer - after.payer).toBe(PRICE);
    expect(after.payee - before.payee).toBe(PRICE);
  });

  it('a failing route handler wrapped by withX402 charges nothing', async () => {
    const session = await registerPaymentSession(world, {
      maxPerCall: PRICE,
      maxPerWindow: 5n * PRICE,
      windowSeconds: 3600,
    });
    const handler = withX402(
      async () => NextResponse.json({ error: 'upstream down' }, { status: 503 }),
      routes()['/api/query'],
      resourceServer(),
    );
    const app = await listenNextHandler(handler);
    apps.push(app);
    const before = await balances();
    const refused = await referenceAxios(session)
      .get(`${app.url}/api/query?q=x`)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(axios.isAxiosError(refused)).toBe(true);
    const response = (refused as { response: { status: number; headers: Record<string, unknown> } })
      .response;
    expect(response.status).toBe(503);
    expect(response.headers['payment-response']).toBeUndefined();
    const after = await balances();
    expect(after.payer).toBe(before.payer);
  });

  it('reference axios wrapper → @x402/next paymentProxy in front of the app, paid by a session key', async () => {
    const session = await registerPaymentSession(world, {
      maxPerCall: PRICE,
      maxPerWindow: 5n * PRICE,
      windowSeconds: 3600,
    });
    const served: string[] = [];
    const proxy = paymentProxy(routes(), resourceServer());
    const app = await listenNextHandler(proxy, async (request) => {
      const q = request.nextUrl.searchParams.get('q') ?? '';
      served.push(q);
      return Response.json({ answer: q });
    });
    apps.push(app);
    const before = await balances();

    const free = await fetch(`${app.url}/api/other`);
    expect(free.status).toBe(200);
    const unpaid = await fetch(`${app.url}/api/query?q=0`);
    expect(unpaid.status).toBe(402);
    expect(served).toEqual(['']);

    const response = await referenceAxios(session).get(`${app.url}/api/query?q=proxy`);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ answer: 'proxy' });
    const settled = decodePaymentResponseHeader(response.headers['payment-response'] as string);
    expect(settled.success).toBe(true);
    expect(await executionStatus(world, settled.transaction)).toBe('SUCCEEDED');
    expect(served).toEqual(['', 'proxy']);
    const after = await balances();
    expect(before.payer - after.payer).toBe(PRICE);
    expect(after.payee - before.payee).toBe(PRICE);
  });
});
