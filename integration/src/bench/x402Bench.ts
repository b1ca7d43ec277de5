/**
 * x402 benchmark (a command, not a test): paid requests per second with one client and with N
 * concurrent clients, the latency a payment adds to the same endpoint served unpaid, the same
 * concurrent load with batched settlement, and plain devnet transfers for comparison. One devnet
 * run; prints a Markdown table.
 *
 *   pnpm bench:x402 [--requests 20] [--clients 4] [--out docs/x402-bench.md]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SessionKeyData, WalletData } from '@chipi-sessions/sdk';
import { exactStarknetClientScheme, type X402Client } from '@chipi-sessions/x402/client';
import { FacilitatorClient, paymentMiddleware } from '@chipi-sessions/x402/server';
import { wrapFetchWithPayment, x402Client } from '@x402/fetch';
import type { Account, Call } from 'starknet';
import { mintUsdc, PIN, startSdkWorld, USDC, usdcTransfer } from '../sdk/sdkHarness.ts';
import { startCountingRpcProxy } from '../x402/countingRpcProxy.ts';
import {
  API_KEY,
  createPayerWallet,
  type FacilitatorInstance,
  PRICE,
  registerPaymentSession,
  sessionAccount,
  sessionClient,
  startFacilitator,
} from '../x402/x402Harness.ts';

interface Row {
  label: string;
  requests: number;
  clients: number;
  seconds: number;
  latenciesMs: number[];
  /** Settlement (or plain) transactions sent and their total fee in fri, when known. */
  transactions?: number;
  feeFri?: bigint;
}

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    requests: { type: 'string', default: '20' },
    clients: { type: 'string', default: '4' },
  },
});
const REQUESTS = Number(values.requests);
const CLIENTS = Number(values.clients);
if (!(REQUESTS > 0 && CLIENTS > 0 && REQUESTS % CLIENTS === 0)) {
  throw new Error('--requests must be a positive multiple of --clients');
}

const world = await startSdkWorld();
const dir = mkdtempSync(join(tmpdir(), 'chipi-x402-bench-'));
const closers: (() => Promise<void>)[] = [];
const rows: Row[] = [];
/** The facilitator's RPC calls per sequential paid request, by method. */
let rpcBreakdown: { method: string; calls: number; ms: number }[] = [];
/** Per sequential paid request: how long at least one facilitator RPC call was in flight. */
let rpcWallMs = Number.NaN;
/** Mean latency of the traced pass (its requests include the proxy's hop). */
let tracedMs = Number.NaN;
/** Hashes of the plain transfers of the case being measured. */
const sent: string[] = [];
try {
  const payTo = (world.accounts[1] as Account).address;
  const plain = await startFacilitator(world, join(dir, 'plain.sqlite'));
  closers.push(plain.stop);
  // Where a payment's time goes: a separate, untimed pass through a facilitator that reaches
  // devnet through a counting proxy (the proxy's own hop stays out of the timed cases). It uses
  // the batched facilitator's relayer before that one sends anything.
  const proxy = await startCountingRpcProxy(`${world.devnet.url}/rpc`);
  closers.push(proxy.close);
  const traced = await startFacilitator(world, join(dir, 'traced.sqlite'), {
    provider: proxy.provider,
    relayerIndex: 3,
  });
  closers.push(traced.stop);
  const batched = await startFacilitator(world, join(dir, 'batched.sqlite'), {
    relayerIndex: 3,
    batching: { maxSize: CLIENTS, maxWaitMs: 100 },
  });
  closers.push(batched.stop);
  const network = await plain.facilitator.network();
  const plainApi = await startApi(plain, network, payTo);
  const batchedApi = await startApi(batched, network, payTo);
  const tracedApi = await startApi(traced, network, payTo);
  closers.push(plainApi.close, batchedApi.close, tracedApi.close);

  const wallets: WalletData[] = [world.wallet];
  while (wallets.length < CLIENTS) wallets.push(await createPayerWallet(world, 1000n * USDC));
  const policy = { maxPerCall: PRICE, maxPerWindow: 10_000n * PRICE, windowSeconds: 86_400 };
  const clients: X402Client[] = [];
  for (const wallet of wallets) {
    const session = await registerPaymentSession(world, policy, wallet);
    clients.push(payingClient(wallet, session, payTo));
  }
  // Warm-up: one paid and one free request, so that no case pays for first-use caches.
  await expectOk(clients[0]!.fetch(`${plainApi.url}/query?warm`));
  await expectOk(fetch(`${plainApi.url}/free?warm`));
  await expectOk(clients[0]!.fetch(`${tracedApi.url}/query?warm`));
  console.error('set up');

  proxy.reset();
  const tracedRow = await run('Paid, sequential, traced (not a timed case)', 1, async () => {
    await expectOk(clients[0]!.fetch(`${tracedApi.url}/query?q=traced`));
  });
  tracedMs = mean(tracedRow.latenciesMs);
  rpcBreakdown = [...proxy.counts.keys()].map((method) => ({
    method,
    calls: (proxy.counts.get(method) ?? 0) / REQUESTS,
    ms: (proxy.millis.get(method) ?? 0) / REQUESTS,
  }));
  rpcWallMs = proxy.busyMs() / REQUESTS;

  rows.push(
    await run('Same endpoint, unpaid', 1, async () => {
      await expectOk(fetch(`${plainApi.url}/free?q=1`));
    }),
  );
  rows.push(
    await withSettlements(plain, () =>
      run('Paid, sequential (one client)', 1, async () => {
        await expectOk(clients[0]!.fetch(`${plainApi.url}/query?q=1`));
      }),
    ),
  );
  const referenceSession = await registerPaymentSession(world, policy);
  const referenceFetch = wrapFetchWithPayment(
    fetch,
    new x402Client()
      .register(
        network as `${string}:${string}`,
        exactStarknetClientScheme({
          from: world.wallet.publicKey,
          signer: sessionAccount(world, referenceSession).signer,
        }),
      )
      .setSpendControls({
        allowedAssets: [
          {
            network: network as `${string}:${string}`,
            asset: world.usdc.address,
            maxAmountPerPayment: String(PRICE),
          },
        ],
      }),
  );
  rows.push(
    await withSettlements(plain, () =>
      run('Paid, sequential, @x402/fetch client', 1, async () => {
        await expectOk(referenceFetch(`${plainApi.url}/query?q=fetch`));
      }),
    ),
  );
  rows.push(
    await withSettlements(plain, () =>
      run(`Paid, ${CLIENTS} concurrent clients`, CLIENTS, async (c) => {
        await expectOk(clients[c]!.fetch(`${plainApi.url}/query?q=${c}`));
      }),
    ),
  );
  rows.push(
    await withSettlements(batched, () =>
      run(`Paid, ${CLIENTS} concurrent clients, batched settlement`, CLIENTS, async (c) => {
        await expectOk(clients[c]!.fetch(`${batchedApi.url}/query?q=${c}`));
      }),
    ),
  );

  const recipient = (world.accounts[3] as Account).address;
  const transfer = (): Call => usdcTransfer(world.usdc, recipient, PRICE);
  const direct = await registerPaymentSession(world, policy);
  rows.push(
    await withFees(() =>
      run('Direct transfer, CHIPI session-signed (no x402)', 1, () =>
        confirmed(
          world.sdk.executeTransactionWithSession({
            params: { encryptKey: PIN, wallet: world.wallet, session: direct, calls: [transfer()] },
          }),
        ),
      ),
    ),
  );
  rows.push(
    await withFees(() =>
      run('Direct transfer, CHIPI owner-signed (no x402)', 1, () =>
        confirmed(
          world.sdk.executeTransaction({
            params: { encryptKey: PIN, wallet: world.wallet, calls: [transfer()] },
          }),
        ),
      ),
    ),
  );
  const deployer = world.deployer;
  await mintUsdc(world.devnet, world.usdc, deployer, deployer.address, 100n * USDC);
  rows.push(
    await withFees(() =>
      run('Direct transfer, OpenZeppelin account (no x402)', 1, async () =>
        confirmed(deployer.execute(transfer()).then((r) => r.transaction_hash)),
      ),
    ),
  );
  // starknet.js estimates a tip from recent blocks unless one is given: the same transfer
  // without that estimate is the stricter baseline.
  rows.push(
    await withFees(() =>
      run('Direct transfer, OpenZeppelin account, tip 0 (no x402)', 1, async () =>
        confirmed(deployer.execute(transfer(), { tip: 0 }).then((r) => r.transaction_hash)),
      ),
    ),
  );
} finally {
  for (const close of closers.reverse()) await close().catch(() => {});
  await world.stop();
  rmSync(dir, { recursive: true, force: true });
}

const table = `${render(rows)}\n${renderBreakdown(rows, rpcBreakdown, rpcWallMs, tracedMs)}`;
console.log(table);
// `pnpm bench:x402` runs in integration/; the path is meant from where the command was typed.
if (values.out) writeFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), values.out), table);

/** Our middleware over `node:http`: `/query` costs `PRICE`, `/free` is the same handler unpaid. */
async function startApi(facilitator: FacilitatorInstance, network: string, payTo: string) {
  const pay = paymentMiddleware({
    facilitator: new FacilitatorClient({ url: facilitator.running.url, apiKey: API_KEY }),
    price: (req) =>
      req.url?.startsWith('/free')
        ? undefined
        : {
            amount: PRICE,
            asset: world.usdc.address,
            payTo,
            network,
            feePayer: facilitator.facilitator.relayerAddress,
          },
    pendingRetries: 5,
    pendingRetryDelayMs: 100,
    // One machine sends every request: a per-client limit would measure itself.
    rateLimit: false,
  });
  const server: Server = createServer((req, res) =>
    pay(req, res, (error) => {
      res.statusCode = error === undefined ? 200 : 500;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ answer: req.url }));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function payingClient(wallet: WalletData, session: SessionKeyData, payTo: string): X402Client {
  return sessionClient(world, session, payTo, { wallet });
}

/** `REQUESTS` operations, spread over `clients` workers running side by side. */
async function run(
  label: string,
  clients: number,
  once: (client: number) => Promise<unknown>,
): Promise<Row> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < REQUESTS / clients; i++) {
        const t = performance.now();
        await once(c);
        latenciesMs.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.error(`measured: ${label}`);
  return { label, requests: REQUESTS, clients, seconds, latenciesMs };
}

/** Adds the settlement transactions the facilitator recorded during `measure`, and their fees. */
async function withSettlements(facilitator: FacilitatorInstance, measure: () => Promise<Row>) {
  const before = new Set(facilitator.store.all().map((r) => `${r.payer}:${r.nonce}`));
  const row = await measure();
  const hashes = new Set(
    facilitator.store
      .all()
      .filter((r) => !before.has(`${r.payer}:${r.nonce}`) && r.status === 'settled')
      .map((r) => r.transaction as string),
  );
  return { ...row, transactions: hashes.size, feeFri: await feesOf([...hashes]) };
}

async function confirmed(hash: Promise<string>): Promise<void> {
  const h = await hash;
  await world.devnet.provider.waitForTransaction(h, { retryInterval: 50 });
  sent.push(h);
}

async function withFees(measure: () => Promise<Row>): Promise<Row> {
  sent.length = 0;
  const row = await measure();
  return { ...row, transactions: sent.length, feeFri: await feesOf(sent) };
}

async function feesOf(hashes: readonly string[]): Promise<bigint> {
  let total = 0n;
  for (const hash of hashes) {
    const receipt = (await world.devnet.provider.getTransactionReceipt(hash)) as unknown as {
      actual_fee: { amount: string };
    };
    total += BigInt(receipt.actual_fee.amount);
  }
  return total;
}

async function expectOk(response: Promise<Response>): Promise<void> {
  const r = await response;
  await r.body?.cancel();
  if (r.status !== 200) throw new Error(`expected 200, got ${r.status}`);
}

/** The bars of the issue (throughput against the devnet OpenZeppelin transfer) and the RPC time. */
function renderBreakdown(
  measured: Row[],
  rpc: { method: string; calls: number; ms: number }[],
  rpcWall: number,
  tracedRequest: number,
): string {
  const rate = (label: string) => {
    const row = measured.find((r) => r.label.startsWith(label));
    return row === undefined ? Number.NaN : row.requests / row.seconds;
  };
  const oz = rate('Direct transfer, OpenZeppelin account (no x402)');
  const ozNoTip = rate('Direct transfer, OpenZeppelin account, tip 0');
  const ratio = (label: string) =>
    `${(rate(label) / oz).toFixed(2)} | ${(rate(label) / ozNoTip).toFixed(2)}`;
  const rpcMs = rpc.reduce((sum, r) => sum + r.ms, 0);
  return [
    '## Against a devnet OpenZeppelin transfer (same run)',
    '',
    '| Case | Throughput ÷ OZ transfer | ÷ OZ transfer with tip 0 |',
    '| --- | ---: | ---: |',
    `| Paid, sequential, X402Client | ${ratio('Paid, sequential (one')} |`,
    `| Paid, sequential, @x402/fetch | ${ratio('Paid, sequential, @x402/fetch')} |`,
    `| Paid, concurrent, batched settlement | ${ratio(`Paid, ${String(CLIENTS)} concurrent clients, batched`)} |`,
    '',
    '## Where a sequential paid request spends its time (facilitator RPC, per request)',
    '',
    `A separate pass of ${REQUESTS} sequential paid requests (\`X402Client\`), not one of the timed`,
    'cases above: its facilitator reaches devnet through a counting JSON-RPC proxy, whose extra hop',
    `per call is in these requests' latency (mean ${tracedRequest.toFixed(0)} ms). Calls that run side by side (the`,
    'nonce and balance reads and the simulation) overlap: their times add up to more than the wall',
    'time during which the facilitator waited for the node.',
    '',
    '| JSON-RPC method | Calls | Time (ms) |',
    '| --- | ---: | ---: |',
    ...rpc
      .sort((a, b) => b.ms - a.ms)
      .map((r) => `| \`${r.method}\` | ${r.calls.toFixed(2)} | ${r.ms.toFixed(0)} |`),
    `| all facilitator RPC, summed | ${rpc.reduce((s, r) => s + r.calls, 0).toFixed(2)} | ${rpcMs.toFixed(0)} |`,
    `| facilitator RPC, wall time (overlaps counted once) | | ${rpcWall.toFixed(0)} |`,
    `| rest of the request (HTTP hops, signing, hashing, handler, proxy hop) | | ${(tracedRequest - rpcWall).toFixed(0)} |`,
    '',
  ].join('\n');
}

function render(measured: Row[]): string {
  const unpaid = mean(measured[0]!.latenciesMs);
  const lines = [
    '| Case | Requests | Clients | Wall time (s) | Throughput (/s) | Mean latency (ms) | p50 (ms) | p95 (ms) | Added vs unpaid (ms) | Transactions | Fee per payment (STRK) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...measured.map((r, i) => {
      const m = mean(r.latenciesMs);
      const fee = r.feeFri === undefined ? '–' : (Number(r.feeFri) / 1e18 / r.requests).toFixed(5);
      return `| ${r.label} | ${r.requests} | ${r.clients} | ${r.seconds.toFixed(2)} | ${(r.requests / r.seconds).toFixed(2)} | ${m.toFixed(0)} | ${pct(r.latenciesMs, 50).toFixed(0)} | ${pct(r.latenciesMs, 95).toFixed(0)} | ${i === 0 || r.label.startsWith('Direct') ? '–' : (m - unpaid).toFixed(0)} | ${r.transactions ?? '–'} | ${fee} |`;
    }),
  ];
  const intro = [
    '# x402 benchmark',
    '',
    `Produced by \`pnpm bench:x402 --requests ${REQUESTS} --clients ${CLIENTS}\` (one starknet-devnet run on`,
    'a shared two-core machine). Each case makes that many requests or transfers, spread over the',
    'given number of clients running side by side.',
    '',
    '- A paid request is the whole x402 round trip with `X402Client` and `paymentMiddleware` over',
    "  `node:http`: the 402 answer, the session-key signature, the facilitator's `/verify` and",
    '  `/settle` (checks, simulation, submission, receipt) and the served response. The unpaid case',
    '  is the same middleware and handler with no price.',
    '- Devnet mines each transaction into its own block at once, so these numbers measure the',
    '  software path (RPC round trips, simulation, signing), not block time. On a public network a',
    '  settlement also waits for inclusion.',
    '- Transactions: settlement transactions the facilitator sent (x402 cases) or transfers sent.',
    '  Fee per payment: the fee of those transactions divided by the requests, paid by the',
    "  facilitator's relayer (x402 cases) or by the sender (direct transfers).",
    '',
  ];
  return `${[...intro, ...lines].join('\n')}\n`;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function pct(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
