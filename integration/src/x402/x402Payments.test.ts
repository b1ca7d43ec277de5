import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildExactStarknetPayload,
  encodePaymentSignature,
  isX402Error,
  PAYMENT_SIGNATURE_HEADER,
  type PaymentPayload,
  type X402Error,
} from '@chipi-sessions/x402';
import { ExactStarknetFacilitator } from '@chipi-sessions/x402/facilitator';
import { FacilitatorClient } from '@chipi-sessions/x402/server';
import type { Account } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SdkWorld, sessionSigner, startSdkWorld } from '../sdk/sdkHarness.ts';
import { startCountingRpcProxy } from './countingRpcProxy.ts';
import {
  API_KEY,
  createPayerWallet,
  exactRequirements,
  type FacilitatorInstance,
  PRICE,
  paymentBalances,
  registerPaymentSession,
  sessionClient,
  startFacilitator,
  startPaidApi,
} from './x402Harness.ts';

let world: SdkWorld;
let dir: string;
let dbPath: string;
let facilitator: FacilitatorInstance;
let api: Awaited<ReturnType<typeof startPaidApi>>;
let network: string;
let payTo: string;

beforeAll(async () => {
  world = await startSdkWorld();
  dir = mkdtempSync(join(tmpdir(), 'chipi-x402-'));
  dbPath = join(dir, 'settlements.sqlite');
  facilitator = await startFacilitator(world, dbPath);
  network = await facilitator.facilitator.network();
  payTo = (world.accounts[1] as Account).address;
  api = await startPaidApi({
    facilitatorUrl: facilitator.running.url,
    network,
    asset: world.usdc.address,
    payTo,
    feePayer: facilitator.facilitator.relayerAddress,
  });
});

afterAll(async () => {
  await api?.close();
  await facilitator?.stop();
  await world?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function clientFor(
  session: Awaited<ReturnType<typeof registerPaymentSession>>,
  extra: Parameters<typeof sessionClient>[3] = {},
) {
  return sessionClient(world, session, payTo, extra);
}

const balances = () => paymentBalances(world, payTo);

describe('x402 exact payments with a CHIPI session on devnet', () => {
  it('an agent pays per query until its on-chain policy window is exhausted, then gets a 402 with the reason', async () => {
    const session = await registerPaymentSession(world, {
      maxPerCall: PRICE,
      maxPerWindow: 5n * PRICE,
      windowSeconds: 3600,
    });
    const completed: string[] = [];
    const client = clientFor(session, {
      onPaymentComplete: (txHash, humanAmount) => {
        expect(humanAmount).toBe('0.10');
        completed.push(txHash);
      },
    });
    const before = await balances();
    const servedBefore = api.served;
    let refusal: X402Error | undefined;
    let paid = 0;
    for (let i = 0; i < 8 && refusal === undefined; i++) {
      try {
        const response = await client.fetch(`${api.url}/query?q=${i}`);
        expect(response.status).toBe(200);
        const body = (await response.json()) as { answer: string; paidBy: string };
        expect(body.answer).toBe(`/query?q=${i}`);
        // The handler sees the verified payer; the transaction exists only after it answered.
        expect(BigInt(body.paidBy)).toBe(BigInt(world.wallet.publicKey));
        paid += 1;
      } catch (error) {
        if (!isX402Error(error)) throw error;
        refusal = error;
      }
    }
    expect(paid).toBe(5);
    expect(refusal?.code).toBe('simulation_failed');
    expect(refusal?.details.status).toBe(402);
    expect(refusal?.details.revert).toEqual({
      code: 'SESSION_SPENDING_LIMIT_EXCEEDED',
      reason: 'policy/exceeds-window',
    });
    expect(refusal?.message).toContain('SESSION_SPENDING_LIMIT_EXCEEDED');
    const after = await balances();
    expect(before.payer - after.payer).toBe(5n * PRICE);
    expect(after.payee - before.payee).toBe(5n * PRICE);
    expect(api.served - servedBefore).toBe(5);
    expect(client.ledger.totalSpent()).toBe(5n * PRICE);
    expect(new Set(completed).size).toBe(5);
    const settled = facilitator.store.all().filter((r) => completed.includes(r.transaction ?? ''));
    expect(settled.map((r) => r.status)).toEqual(Array(5).fill('settled'));
  });

  it('refuses a duplicate settlement, a replayed nonce, an unauthorized caller and a fee above the cap', async () => {
    const session = await registerPaymentSession(world, {
      maxPerCall: PRICE,
      maxPerWindow: 10n * PRICE,
      windowSeconds: 3600,
    });
    const requirements = exactRequirements(world, {
      network,
      payTo,
      feePayer: facilitator.facilitator.relayerAddress,
    });
    const signer = sessionSigner(world, session);
    const fixedNonce = () => new Uint8Array(16).fill(7);
    const now = Math.floor(Date.now() / 1000);
    const sign = (resource: string, later = 0): Promise<PaymentPayload> =>
      buildExactStarknetPayload({
        requirements,
        resource: { url: `${api.url}${resource}` },
        from: world.wallet.publicKey,
        signer,
        now: now + later,
        random: fixedNonce,
      });
    const client = new FacilitatorClient({ url: facilitator.running.url, apiKey: API_KEY });
    const anonymous = new FacilitatorClient({ url: facilitator.running.url });

    const payment = await sign('/a');
    const unauthorized = await anonymous.settle(payment, requirements);
    expect(unauthorized).toMatchObject({ success: false, errorReason: 'unauthorized' });
    expect((await anonymous.verify(payment, requirements)).invalidReason).toBe('unauthorized');

    const capped = await startFacilitator(world, join(dir, 'capped.sqlite'), { maxFee: 1n });
    const cappedClient = new FacilitatorClient({ url: capped.running.url, apiKey: API_KEY });
    expect((await cappedClient.settle(payment, requirements)).errorReason).toBe('fee_cap_exceeded');
    await capped.stop();
    // With batching, settle simulates the payment in the transaction that would carry it; refused
    // there, nothing is signed and the claim is retired with the reason (the payment stays valid).
    const cappedBatched = await startFacilitator(world, join(dir, 'capped-batched.sqlite'), {
      maxFee: 1n,
      batching: { maxSize: 2, maxWaitMs: 10 },
    });
    expect(await cappedBatched.facilitator.settle(payment, requirements)).toMatchObject({
      success: false,
      errorReason: 'fee_cap_exceeded',
      transaction: '',
    });
    expect(cappedBatched.store.all()).toMatchObject([
      { status: 'failed', errorReason: 'fee_cap_exceeded', transaction: undefined },
    ]);
    await cappedBatched.stop();

    const before = await balances();
    expect(await client.verify(payment, requirements)).toMatchObject({ isValid: true });
    const first = await client.settle(payment, requirements);
    expect(first).toMatchObject({ success: true, network });
    const again = await client.settle(payment, requirements);
    expect(again).toMatchObject({
      success: false,
      errorReason: 'duplicate_settlement',
      transaction: first.transaction,
    });
    expect((await client.verify(payment, requirements)).invalidReason).toBe('duplicate_settlement');

    // Same nonce, another signed payment (another resource): the nonce is spent.
    const replay = await sign('/b', 1);
    expect((await client.settle(replay, requirements)).errorReason).toBe('nonce_already_used');
    // Through the resource server, the replayed header is refused too and nothing is served.
    const served = api.served;
    const replayed = await fetch(`${api.url}/a`, {
      headers: { [PAYMENT_SIGNATURE_HEADER]: encodePaymentSignature(payment) },
    });
    expect(replayed.status).toBe(402);
    expect(api.served).toBe(served);

    const after = await balances();
    expect(before.payer - after.payer).toBe(PRICE);
    expect(after.payee - before.payee).toBe(PRICE);
  });

  it('answers a payment whose record is gone with the transaction that executed it, even past its window', async () => {
    const session = await registerPaymentSession(world, {
      maxPerCall: PRICE,
      maxPerWindow: 10n * PRICE,
      windowSeconds: 3600,
    });
    const requirements = exactRequirements(world, {
      network,
      payTo,
      feePayer: facilitator.facilitator.relayerAddress,
    });
    const signer = sessionSigner(world, session);
    const now = Math.floor(Date.now() / 1000);
    const payment = await buildExactStarknetPayload({
      requirements,
      resource: { url: `${api.url}/rescue` },
      from: world.wallet.publicKey,
      signer,
      now,
    });
    const paid = await facilitator.facilitator.settle(payment, requirements);
    expect(paid).toMatchObject({ success: true });

    // Same executor, but a store that never saw the payment (lost, or evicted).
    const amnesic = await startFacilitator(world, join(dir, 'amnesic.sqlite'));
    const later = await startFacilitator(world, join(dir, 'later.sqlite'), {
      now: () => now + 3_600,
    });
    const noSearch = await startFacilitator(world, join(dir, 'no-search.sqlite'), {
      rescueBlocks: 0,
    });
    try {
      const before = await balances();
      const again = await amnesic.facilitator.settle(payment, requirements);
      expect(again).toEqual({
        success: true,
        payer: paid.payer,
        transaction: paid.transaction,
        network,
      });
      expect(amnesic.store.all()).toMatchObject([
        { status: 'settled', transaction: paid.transaction },
      ]);
      // Past ExecuteBefore the time window refuses the payload first; the search still finds it.
      expect(await later.facilitator.settle(payment, requirements)).toMatchObject({
        success: true,
        transaction: paid.transaction,
      });
      expect(await noSearch.facilitator.settle(payment, requirements)).toMatchObject({
        success: false,
        errorReason: 'nonce_already_used',
      });
      // Nothing was paid twice.
      expect(await balances()).toEqual(before);
    } finally {
      await Promise.all([amnesic.stop(), later.stop(), noSearch.stop()]);
    }
  });

  it('reconciles a pending settlement no request came back for, retires a dead claim and evicts expired records', async () => {
    const session = await registerPaymentSession(world, {
      maxPerCall: PRICE,
      maxPerWindow: 10n * PRICE,
      windowSeconds: 3600,
    });
    // L1 finality, which devnet never reaches: the settlement answers settlement_pending.
    const instance = await startFacilitator(world, join(dir, 'reconcile.sqlite'), {
      finality: 'ACCEPTED_ON_L1',
      confirmTimeoutMs: 300,
      claimLeaseMs: 0,
      relayerIndex: 3,
    });
    const requirements = exactRequirements(world, {
      network,
      payTo,
      feePayer: instance.facilitator.relayerAddress,
    });
    const signer = sessionSigner(world, session);
    try {
      const payment = await buildExactStarknetPayload({
        requirements,
        resource: { url: `${api.url}/reconcile` },
        from: world.wallet.publicKey,
        signer,
        now: Math.floor(Date.now() / 1000),
      });
      const settle = await instance.facilitator.settle(payment, requirements);
      expect(settle).toMatchObject({ success: false, errorReason: 'settlement_pending' });
      const [pendingRow] = instance.store.all();
      expect(pendingRow).toMatchObject({ status: 'submitted', transaction: settle.transaction });
      expect(pendingRow?.executeBefore).toBeGreaterThan(Math.floor(Date.now() / 1000));

      // A claim whose instance died before signing, and a settled record long past its window.
      const base = { ...(pendingRow as NonNullable<typeof pendingRow>), paymentId: undefined };
      instance.store.claim({
        ...base,
        nonce: '0x1',
        status: 'claimed',
        transaction: undefined,
        attempt: 'dead',
      });
      instance.store.claim({ ...base, nonce: '0x2', status: 'settled', executeBefore: 1_000 });

      // The receipt is ACCEPTED_ON_L2 only: with L1 finality required, the record stays pending.
      expect(await instance.facilitator.reconcile()).toEqual({
        settled: 0,
        failed: 1,
        pending: 1,
        evicted: 1,
      });
      const rows = new Map(instance.store.all().map((r) => [r.nonce, r]));
      expect(rows.get('0x1')).toMatchObject({
        status: 'failed',
        errorReason: 'unexpected_settle_error',
      });
      expect(rows.has('0x2')).toBe(false);
      expect(rows.get(pendingRow?.nonce as string)?.status).toBe('submitted');

      // Another instance on the same store that accepts L2 finality finishes the settlement.
      const l2 = new ExactStarknetFacilitator({
        provider: world.devnet.provider,
        relayer: { address: instance.facilitator.relayerAddress, privateKey: '0x1' },
        store: instance.store,
        maxFee: 10n ** 18n,
        claimLeaseMs: 0,
      });
      expect(await l2.reconcile()).toEqual({ settled: 1, failed: 0, pending: 0, evicted: 0 });
      expect(
        instance.store.get(pendingRow?.payer as string, pendingRow?.nonce as string),
      ).toMatchObject({
        status: 'settled',
        transaction: settle.transaction,
      });
      // Retained until one day past ExecuteBefore unless told otherwise.
      expect((await l2.reconcile({ retainSeconds: -3_600 })).evicted).toBe(2);
      expect(instance.store.all()).toEqual([]);
    } finally {
      await instance.stop();
    }
  });

  it('survives a facilitator restart while a settlement is pending: paid once, served once', async () => {
    const session = await registerPaymentSession(world, {
      maxPerCall: PRICE,
      maxPerWindow: 10n * PRICE,
      windowSeconds: 3600,
    });
    // Instance A waits for L1 finality, which devnet never reaches: its settlement stays pending.
    const dbA = join(dir, 'restart.sqlite');
    const a = await startFacilitator(world, dbA, {
      finality: 'ACCEPTED_ON_L1',
      confirmTimeoutMs: 300,
      relayerIndex: 3,
    });
    const port = Number(new URL(a.running.url).port);
    const paidApi = await startPaidApi({
      facilitatorUrl: a.running.url,
      network,
      asset: world.usdc.address,
      payTo,
      feePayer: a.facilitator.relayerAddress,
    });
    let b: FacilitatorInstance | undefined;
    let pendingSeen = 0;
    const signatures = new Set<string>();
    const client = clientFor(session, {
      fetch: (async (input: string | URL | Request) => {
        const request = input as Request;
        const header = request.headers.get(PAYMENT_SIGNATURE_HEADER);
        if (header !== null) signatures.add(header);
        const response = await fetch(request);
        if (response.status === 402 && header !== null && b === undefined) {
          pendingSeen += 1;
          // Restart: a new instance on the same port and the same database file.
          await a.stop();
          b = await startFacilitator(world, dbA, { port, relayerIndex: 3 });
        }
        return response;
      }) as typeof fetch,
    });
    const before = await balances();
    try {
      const response = await client.fetch(`${paidApi.url}/query?q=restart`);
      expect(response.status).toBe(200);
      expect(pendingSeen).toBe(1);
      expect(signatures.size).toBe(1);
      expect(paidApi.served).toBe(1);
      const after = await balances();
      expect(before.payer - after.payer).toBe(PRICE);
      expect(after.payee - before.payee).toBe(PRICE);
      expect(client.ledger.records()).toHaveLength(1);
      const rows = b!.store.all();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        status: 'settled',
        transaction: client.ledger.records()[0]!.transaction,
      });
    } finally {
      await paidApi.close();
      await b?.stop();
      await a.stop();
    }
  });

  it('serves four concurrent clients with exact accounting', async () => {
    const sessions = [];
    for (let i = 0; i < 4; i++) {
      sessions.push(
        await registerPaymentSession(world, {
          maxPerCall: PRICE,
          maxPerWindow: 10n * PRICE,
          windowSeconds: 3600,
        }),
      );
    }
    const clients = sessions.map((session) => clientFor(session));
    const before = await balances();
    const servedBefore = api.served;
    await Promise.all(
      clients.map(async (client, c) => {
        for (let i = 0; i < 3; i++) {
          const response = await client.fetch(`${api.url}/query?client=${c}&i=${i}`);
          expect(response.status).toBe(200);
        }
      }),
    );
    const after = await balances();
    expect(before.payer - after.payer).toBe(12n * PRICE);
    expect(after.payee - before.payee).toBe(12n * PRICE);
    expect(api.served - servedBefore).toBe(12);
    const txs = clients.flatMap((c) => c.ledger.records().map((r) => r.transaction));
    expect(new Set(txs).size).toBe(12);
  });

  it('with batching on, settles concurrent payments of distinct payers in one relayer transaction, each simulated once at settle, in its transaction', async () => {
    const proxy = await startCountingRpcProxy(`${world.devnet.url}/rpc`);
    const batched = await startFacilitator(world, join(dir, 'batched.sqlite'), {
      provider: proxy.provider,
      relayerIndex: 3,
      batching: { maxSize: 4, maxWaitMs: 5000 },
    });
    const batchedApi = await startPaidApi({
      facilitatorUrl: batched.running.url,
      network,
      asset: world.usdc.address,
      payTo,
      feePayer: batched.facilitator.relayerAddress,
    });
    try {
      const wallets = [
        world.wallet,
        await createPayerWallet(world),
        await createPayerWallet(world),
      ];
      const policy = { maxPerCall: PRICE, maxPerWindow: 10n * PRICE, windowSeconds: 3600 };
      const payers = [];
      for (const wallet of wallets) {
        payers.push({ wallet, session: await registerPaymentSession(world, policy, wallet) });
      }
      // The first payer pays twice at once: the same payer never shares a batch.
      const order = [payers[0]!, payers[1]!, payers[2]!, payers[0]!];
      const clients = order.map(({ wallet, session }) => clientFor(session, { wallet }));
      const before = await Promise.all(wallets.map((w) => world.balanceOf(w.publicKey)));
      const payeeBefore = await world.balanceOf(payTo);
      proxy.reset();
      const responses = await Promise.all(
        clients.map((client, i) => client.fetch(`${batchedApi.url}/query?batch=${i}`)),
      );
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      // One simulation per /verify, then one per relayer transaction (the batch of three and the
      // second payment of the first payer), whose trace each settlement's checks read.
      expect(proxy.counts.get('starknet_simulateTransactions')).toBe(4 + 2);
      expect(proxy.counts.get('starknet_addInvokeTransaction')).toBe(2);
      const txs = clients.map((c) => c.ledger.records()[0]!.transaction);
      const byTx = new Map<string, number>();
      for (const tx of txs) byTx.set(tx, (byTx.get(tx) ?? 0) + 1);
      expect([...byTx.values()].sort()).toEqual([1, 3]);
      expect(txs[0]).not.toBe(txs[3]);
      for (const tx of byTx.keys()) {
        const receipt = (await world.devnet.provider.getTransactionReceipt(tx)) as unknown as {
          execution_status: string;
        };
        expect(receipt.execution_status).toBe('SUCCEEDED');
      }
      const after = await Promise.all(wallets.map((w) => world.balanceOf(w.publicKey)));
      expect(before.map((b, i) => b - after[i]!)).toEqual([2n * PRICE, PRICE, PRICE]);
      expect((await world.balanceOf(payTo)) - payeeBefore).toBe(4n * PRICE);
      expect(batched.store.all().map((r) => r.status)).toEqual(Array(4).fill('settled'));
    } finally {
      await batchedApi.close();
      await batched.stop();
      await proxy.close();
    }
  });
});
