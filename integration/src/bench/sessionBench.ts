/**
 * Session hot-path benchmark (a command, not a test). In one devnet run, side by side:
 * a USDC transfer signed by a session key through the SDK, the same transfer from devnet's
 * predeployed OpenZeppelin account through starknet.js, and the gasless session transfer through
 * our SNIP-29 paymaster (`@chipi-sessions/paymaster`, started in-process). Then the same cases once more through a counting RPC
 * proxy: where each transfer's time goes, per JSON-RPC method.
 *
 *   pnpm bench:session [--transfers 30] [--out docs/session-bench.md]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChipiSessionsSDK, SessionKeyData } from '@chipi-sessions/sdk';
import { Account, type Call, config, type RpcProvider } from 'starknet';
import { LOCAL_PAYMASTER_API_KEY, startLocalPaymaster } from '../paymaster/startLocalPaymaster.ts';
import { mintUsdc, PIN, startSdkWorld, USDC, usdcTransfer } from '../sdk/sdkHarness.ts';
import { startCountingRpcProxy } from '../x402/countingRpcProxy.ts';
import { registerPaymentSession } from '../x402/x402Harness.ts';

/** Poll interval of every confirmation, identical for all cases. */
const POLL_MS = 20;

interface Row {
  label: string;
  transfers: number;
  seconds: number;
  latenciesMs: number[];
}

interface Breakdown {
  label: string;
  perTransferMs: number;
  /** Node JSON-RPC requests (the SDK's and, for the gasless case, the paymaster's). */
  methods: { method: string; calls: number; ms: number }[];
  /** SNIP-29 requests from the SDK to the paymaster, with the time until each answered. */
  paymaster: { method: string; calls: number; ms: number }[];
}

/** SNIP-29 requests the gasless SDK made, by method, since the last `clear()`. */
const paymasterCalls = new Map<string, { calls: number; ms: number }>();

/** The gasless SDK's `fetch`: counts and times its requests to the paymaster. */
const countingFetch: typeof globalThis.fetch = async (input, init) => {
  const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
  const method = (body as { method?: unknown } | undefined)?.method;
  // The same fetch carries the SDK's batched node reads: only SNIP-29 methods are counted here.
  if (typeof method !== 'string' || !method.startsWith('paymaster_')) {
    return globalThis.fetch(input, init);
  }
  const started = performance.now();
  const response = await globalThis.fetch(input, init);
  const entry = paymasterCalls.get(method) ?? { calls: 0, ms: 0 };
  paymasterCalls.set(method, {
    calls: entry.calls + 1,
    ms: entry.ms + performance.now() - started,
  });
  return response;
};

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    transfers: { type: 'string', default: '30' },
  },
});
const TRANSFERS = Number(values.transfers);
if (!(Number.isSafeInteger(TRANSFERS) && TRANSFERS > 0 && TRANSFERS <= 90)) {
  throw new Error('--transfers must be an integer from 1 to 90 (a session allows 100 calls)');
}

// starknet.js warns on every tip estimate that devnet's blocks hold too few transactions.
config.set('logLevel', 'ERROR');
const world = await startSdkWorld();
const rows: Row[] = [];
const breakdowns: Breakdown[] = [];
const closers: (() => Promise<void>)[] = [];
try {
  const recipient = (world.accounts[3] as Account).address;
  const transfer = (): Call => usdcTransfer(world.usdc, recipient, 1000n);
  const policy = { maxPerCall: 10n * USDC, maxPerWindow: 1000n * USDC, windowSeconds: 3600 };
  await mintUsdc(world.devnet, world.usdc, world.deployer, world.deployer.address, 100n * USDC);

  // A session allows 100 calls: each session case gets its own.
  const cases = async (provider: RpcProvider, relayerIndex: number) => {
    const session = await registerPaymentSession(world, policy);
    const compared = await registerPaymentSession(world, policy);
    const sponsored = await registerPaymentSession(world, policy);
    const sdk = world.newSdk({ provider, transactionPollIntervalMs: POLL_MS });
    // The paymaster reads the chain through the same provider (counted in the second pass).
    const paymaster = await startLocalPaymaster(world.devnet, { provider, relayerIndex });
    closers.push(paymaster.close);
    const gasless = world.newSdk({
      provider,
      transactionPollIntervalMs: POLL_MS,
      paymasterUrl: paymaster.url,
      bearerToken: LOCAL_PAYMASTER_API_KEY,
      fetch: countingFetch,
    });
    const oz = ozAccount(provider);
    return [
      {
        label: 'starknet.js Account, OpenZeppelin account (baseline)',
        once: async () => {
          const { transaction_hash } = await oz.execute(transfer());
          await confirm(provider, transaction_hash);
        },
      },
      {
        label: 'SDK executeTransactionWithSession, CHIPI session key',
        once: () => sessionTransfer(sdk, session, transfer()),
      },
      {
        label: 'SDK executeTransactionWithSession, confirmed like the baseline',
        once: async () => {
          const hash = await sdk.executeTransactionWithSession({
            params: {
              encryptKey: PIN,
              wallet: world.wallet,
              session: compared,
              calls: [transfer()],
            },
            options: { waitForTransaction: false },
          });
          await confirm(provider, hash);
        },
      },
      {
        label: 'SDK executeTransactionWithSession, gasless through our paymaster',
        once: () => sessionTransfer(gasless, sponsored, transfer()),
      },
    ];
  };

  // Warm-up: unlock the session key, fill starknet.js and SDK caches.
  const direct = await cases(world.devnet.provider, 2);
  for (let i = 0; i < 5; i++) for (const c of direct) await c.once();
  rows.push(...(await runInterleaved(direct)));

  const proxy = await startCountingRpcProxy(`${world.devnet.url}/rpc`);
  closers.push(proxy.close);
  const counted = await cases(proxy.provider, 1);
  for (let i = 0; i < 5; i++) for (const c of counted) await c.once();
  for (const c of counted) {
    proxy.reset();
    paymasterCalls.clear();
    const row = await run(c.label, c.once);
    breakdowns.push({
      label: c.label,
      perTransferMs: mean(row.latenciesMs),
      methods: [...proxy.counts.entries()].map(([method, calls]) => ({
        method,
        calls: calls / TRANSFERS,
        ms: (proxy.millis.get(method) ?? 0) / TRANSFERS,
      })),
      paymaster: [...paymasterCalls.entries()].map(([method, { calls, ms }]) => ({
        method,
        calls: calls / TRANSFERS,
        ms: ms / TRANSFERS,
      })),
    });
  }
} finally {
  for (const close of closers.reverse()) await close().catch(() => {});
  await world.stop();
}

const report = render(rows, breakdowns);
console.log(report);
// `pnpm bench:session` runs in integration/; the path is meant from where the command was typed.
if (values.out) writeFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), values.out), report);

/** A starknet.js account for devnet's first predeployed account on `provider`. */
function ozAccount(provider: RpcProvider): Account {
  return new Account({ provider, address: world.deployer.address, signer: world.deployer.signer });
}

/** One session transfer, confirmed by the SDK itself (its default `waitForTransactions`). */
async function sessionTransfer(sdk: ChipiSessionsSDK, session: SessionKeyData, call: Call) {
  await sdk.executeTransactionWithSession({
    params: { encryptKey: PIN, wallet: world.wallet, session, calls: [call] },
  });
}

async function confirm(provider: RpcProvider, hash: string): Promise<void> {
  const receipt = await provider.waitForTransaction(hash, { retryInterval: POLL_MS });
  if (!receipt.isSuccess()) throw new Error(`transfer ${hash} failed`);
}

async function run(label: string, once: () => Promise<void>): Promise<Row> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  for (let i = 0; i < TRANSFERS; i++) {
    const t = performance.now();
    await once();
    latenciesMs.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  console.error(`measured: ${label}`);
  return { label, transfers: TRANSFERS, seconds, latenciesMs };
}

/**
 * `TRANSFERS` rounds of one transfer per case, in turn: on a shared machine a burst of load then
 * hits every case alike. A case's time is the sum of its own transfers.
 */
async function runInterleaved(
  list: readonly { label: string; once: () => Promise<void> }[],
): Promise<Row[]> {
  const latencies = list.map((): number[] => []);
  for (let i = 0; i < TRANSFERS; i++) {
    for (const [c, { once }] of list.entries()) {
      const t = performance.now();
      await once();
      latencies[c]?.push(performance.now() - t);
    }
  }
  console.error('measured: every case, interleaved');
  return list.map(({ label }, c) => {
    const latenciesMs = latencies[c] ?? [];
    const seconds = latenciesMs.reduce((a, b) => a + b, 0) / 1000;
    return { label, transfers: TRANSFERS, seconds, latenciesMs };
  });
}

function render(measured: Row[], phases: Breakdown[]): string {
  const baseline = measured[0] as Row;
  const rate = (r: Row) => r.transfers / r.seconds;
  const lines = [
    '# Session hot-path benchmark',
    '',
    `Produced by \`pnpm bench:session --transfers ${TRANSFERS}\`: one starknet-devnet run on a shared`,
    'two-core machine: that many rounds, each sending one USDC transfer per case in turn, every one',
    'confirmed (accepted on L2) before the next starts, so load from elsewhere hits every case alike',
    "(a case's wall time is the sum of its own transfers). Devnet mines each transaction at once, so the",
    'figures measure the software path: RPC round trips, simulation, hashing and signing.',
    '',
    `- The baseline confirms with starknet.js's \`waitForTransaction\` (polling every ${POLL_MS} ms; it`,
    '  sleeps once before its first look).',
    "- The SDK case confirms the SDK's own way (its default): it looks at the receipt at once and",
    `  polls (every ${POLL_MS} ms here) only when the transaction is not accepted yet.`,
    "- The next case sends with the SDK but confirms exactly as the baseline does: the SDK's send",
    '  path alone against starknet.js.',
    '',
    '| Case | Transfers | Wall time (s) | Throughput (/s) | ÷ baseline | Mean latency (ms) | p50 (ms) | p95 (ms) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...measured.map(
      (r) =>
        `| ${r.label} | ${r.transfers} | ${r.seconds.toFixed(2)} | ${rate(r).toFixed(2)} | ${(rate(r) / rate(baseline)).toFixed(2)} | ${mean(r.latenciesMs).toFixed(0)} | ${pct(r.latenciesMs, 50).toFixed(0)} | ${pct(r.latenciesMs, 95).toFixed(0)} |`,
    ),
    '',
    'Reading it (the per-method tables below show each point):',
    '',
    "- The SDK's own work per session transfer is one JSON-RPC batch (session record, allow-list,",
    '  spending policy, block time, nonce and the first tip read), the tip estimate, the fee',
    '  estimate, the submission and one receipt look-up; starknet.js alone asks for the nonce twice',
    '  and reads the tip blocks one by one.',
    "- Most of what remains between the session transfer and the baseline's on the same",
    "  confirmation is devnet's own work in `starknet_estimateFee` and",
    "  `starknet_addInvokeTransaction`: the SDK estimates with validation (the session's",
    '  `__validate__` runs in the estimate too, which also needs the query-version signature), and',
    "  the CHIPI session validation costs more than the OpenZeppelin account's ([gas.md](gas.md)).",
    '  Next come the pre-flight views (`starknet_call`), which a plain transfer does not make.',
    '- The gasless transfer adds the SNIP-29 round trips to the paymaster, which simulates the',
    '  outside execution when it builds it and again before it pays.',
    '',
    '## Where a transfer spends its time',
    '',
    'The same cases again, one case after the other, through a JSON-RPC proxy that counts the requests per method and the',
    'time spent waiting for devnet (per transfer; a JSON-RPC batch counts each of its requests and',
    'shares its time among them; requests in flight together add up). The rest is local work:',
    'hashing, signing, checks, HTTP. In the gasless case the node requests include those of the',
    "paymaster, and a second table lists the SDK's SNIP-29 requests: the time until each was",
    "answered, the paymaster's own node requests included.",
    '',
  ];
  for (const phase of phases) {
    const rpcMs = phase.methods.reduce((s, m) => s + m.ms, 0);
    const paymasterMs = phase.paymaster.reduce((s, m) => s + m.ms, 0);
    const paymasterRows =
      phase.paymaster.length === 0
        ? []
        : [
            '',
            '| SNIP-29 request to the paymaster (its node requests are counted above) | Calls | Time until answered (ms) |',
            '| --- | ---: | ---: |',
            ...phase.paymaster.map(
              (m) => `| \`${m.method}\` | ${m.calls.toFixed(2)} | ${m.ms.toFixed(1)} |`,
            ),
            `| all paymaster requests | | ${paymasterMs.toFixed(1)} |`,
          ];
    lines.push(
      `### ${phase.label}`,
      '',
      '| JSON-RPC method | Calls | Time (ms) |',
      '| --- | ---: | ---: |',
      ...[...phase.methods]
        .sort((a, b) => b.ms - a.ms)
        .map((m) => `| \`${m.method}\` | ${m.calls.toFixed(2)} | ${m.ms.toFixed(1)} |`),
      `| all RPC | ${phase.methods.reduce((s, m) => s + m.calls, 0).toFixed(2)} | ${rpcMs.toFixed(1)} |`,
      `| client side (the rest of ${phase.perTransferMs.toFixed(1)} ms) | | ${(phase.perTransferMs - rpcMs).toFixed(1)} |`,
      ...paymasterRows,
      '',
    );
  }
  return lines.join('\n');
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function pct(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
