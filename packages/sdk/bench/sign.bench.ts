/**
 * Benchmark (not a test): how long the SDK takes to sign a session transaction — the V3
 * transaction hash, the 'chipi/session-tx-v1' message hash and the Stark ECDSA signature — and
 * what the key envelope's scrypt KDF costs, against a cache hit. Single-threaded, so one core.
 *
 *   pnpm --filter @chipi-sessions/sdk bench
 */
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_SCRYPT_PARAMS,
  decryptPrivateKey,
  encryptPrivateKey,
  sessionTransactionMessageHash,
  signHash,
} from '@chipi-sessions/core';
import {
  type Call,
  constants,
  EDataAvailabilityMode,
  ETransactionVersion3,
  type InvocationsSignerDetails,
} from 'starknet';
import { KeyCache } from '../src/KeyCache.js';
import { SessionSigner } from '../src/SessionSigner.js';

const SIGN_ITERATIONS = 1000;
const KDF_ITERATIONS = 5;
const TARGET_MS = 5;

const SESSION_KEY = '0x2dccce1da22003777062ee0870e9881b460a8b7eca276870f57c601f182136c';
const ACCOUNT = '0x064b48806902a367c8598f4f95c305e8c1a1acba5f082d294a43793113115691';
const USDC = '0x04718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d';
const CALLS: Call[] = [
  { contractAddress: USDC, entrypoint: 'transfer', calldata: ['0x123', '1000000', '0'] },
];

function details(nonce: number): InvocationsSignerDetails {
  return {
    walletAddress: ACCOUNT,
    chainId: constants.StarknetChainId.SN_SEPOLIA,
    cairoVersion: '1',
    version: ETransactionVersion3.V3,
    nonce,
    resourceBounds: {
      l1_gas: { max_amount: 0n, max_price_per_unit: 0x5af3107a4000n },
      l2_gas: { max_amount: 0x2000000n, max_price_per_unit: 0x2cb417800n },
      l1_data_gas: { max_amount: 0x200n, max_price_per_unit: 0x5af3107a4000n },
    },
    tip: 0,
    paymasterData: [],
    accountDeploymentData: [],
    nonceDataAvailabilityMode: EDataAvailabilityMode.L1,
    feeDataAvailabilityMode: EDataAvailabilityMode.L1,
  };
}

interface Row {
  operation: string;
  iterations: number;
  median: number;
  p95: number;
  /** CPU time of this thread per operation (excludes time the OS gave to other processes). */
  cpu: number;
}

async function measure(
  operation: string,
  iterations: number,
  fn: (i: number) => unknown,
  warmup = Math.min(50, iterations),
): Promise<Row> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  const cpuUsed = process.cpuUsage(cpuStart);
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
  return {
    operation,
    iterations,
    median: at(0.5),
    p95: at(0.95),
    cpu: (cpuUsed.user + cpuUsed.system) / 1000 / iterations,
  };
}

const signer = new SessionSigner({
  privateKey: SESSION_KEY,
  validUntil: 1_800_000_000,
  accountAddress: ACCOUNT,
});
const fixedHash = SessionSigner.transactionHash(CALLS, details(0));
const envelope = encryptPrivateKey({
  privateKey: SESSION_KEY,
  pin: '123456',
  walletAddress: ACCOUNT,
});
const cache = new KeyCache();
cache.unlock({ envelope, pin: '123456', walletAddress: ACCOUNT });

const rows: Row[] = [
  await measure('session signature (tx hash + message + ECDSA)', SIGN_ITERATIONS, (i) =>
    signer.signTransaction(CALLS, details(i)),
  ),
  await measure('  V3 transaction hash only', SIGN_ITERATIONS, (i) =>
    SessionSigner.transactionHash(CALLS, details(i)),
  ),
  await measure('  session message hash + ECDSA only', SIGN_ITERATIONS, (i) =>
    signHash(
      sessionTransactionMessageHash(BigInt(fixedHash) + BigInt(i), ACCOUNT, 1_800_000_000),
      SESSION_KEY,
    ),
  ),
  await measure(
    `envelope encrypt (scrypt N=2^${Math.log2(DEFAULT_SCRYPT_PARAMS.N)}, r=${DEFAULT_SCRYPT_PARAMS.r}, p=${DEFAULT_SCRYPT_PARAMS.p})`,
    KDF_ITERATIONS,
    () => encryptPrivateKey({ privateKey: SESSION_KEY, pin: '123456', walletAddress: ACCOUNT }),
    1,
  ),
  await measure(
    'envelope decrypt (same KDF)',
    KDF_ITERATIONS,
    () => decryptPrivateKey({ envelope, pin: '123456', walletAddress: ACCOUNT }),
    1,
  ),
  await measure('KeyCache hit (HMAC PIN check)', SIGN_ITERATIONS, () =>
    cache.unlock({ envelope, pin: '123456', walletAddress: ACCOUNT }),
  ),
];

const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
const header = ['operation', 'runs', 'median (wall)', 'p95 (wall)', 'mean CPU time'];
const table = rows.map((r) => [
  r.operation,
  String(r.iterations),
  fmt(r.median),
  fmt(r.p95),
  fmt(r.cpu),
]);
const widths = header.map((h, c) =>
  Math.max(h.length, ...table.map((row) => (row[c] as string).length)),
);
const line = (cells: string[]) =>
  cells
    .map((cell, c) =>
      c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number),
    )
    .join('  ');
console.log(
  `@chipi-sessions/sdk signing benchmark — Node ${process.version}, ${process.arch}, one thread`,
);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
const median = rows[0]?.median ?? Number.POSITIVE_INFINITY;
const load = (await import('node:os')).loadavg()[0]?.toFixed(2);
console.log(
  `\nsession signature median ${fmt(median)} (CPU ${fmt(rows[0]?.cpu ?? 0)}) — target ≤ ${TARGET_MS} ms: ${median <= TARGET_MS ? 'met' : 'NOT met'}; 1-min load average ${load}`,
);
