/**
 * Three facilitator processes behind one PostgreSQL database, one executor account, on devnet:
 * identical submissions race across processes, two conflicting payments share a nonce, and one
 * process is killed between recording a settlement hash and broadcasting it. The books must
 * balance: every payment settles at most once, every payment that moved money is reported as
 * paid, and no payer who paid is refused.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WalletData } from '@chipi-sessions/sdk';
import { type RunningPostgres, startPostgres } from '@chipi-sessions/testing/postgres';
import {
  buildExactStarknetPayload,
  type PaymentPayload,
  type PaymentRequirements,
  type SettleResponse,
} from '@chipi-sessions/x402';
import { PostgresSettlementStore } from '@chipi-sessions/x402/facilitator/postgres';
import { FacilitatorClient } from '@chipi-sessions/x402/server';
import type { Account } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SdkWorld, startSdkWorld } from '../sdk/sdkHarness.ts';
import {
  API_KEY,
  createPayerWallet,
  exactRequirements,
  PRICE,
  registerPaymentSession,
  sessionAccount,
} from './x402Harness.ts';

const PROCESS_SCRIPT = fileURLToPath(new URL('./facilitatorProcess.ts', import.meta.url));

let world: SdkWorld;
let postgres: RunningPostgres;
const children: ChildProcess[] = [];
let urls: string[] = [];
let executor: string;
let network: string;

function startProcess(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', PROCESS_SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`facilitator process exited (${code}): ${output}`)),
    );
  });
}

beforeAll(async () => {
  [world, postgres] = await Promise.all([startSdkWorld(), startPostgres()]);
  const predeployed = await world.devnet.cheats.getPredeployedAccounts();
  const relayer = predeployed[2]!;
  executor = relayer.address;
  const common = {
    NODE_URL: `${world.devnet.url}/rpc`,
    DATABASE_URL: postgres.connectionString,
    RELAYER_ADDRESS: relayer.address,
    RELAYER_KEY: relayer.private_key,
    API_KEY,
  };
  urls = await Promise.all([
    startProcess({ ...common, CRASH_AFTER_RECORDING: '1' }),
    startProcess(common),
    startProcess(common),
  ]);
  network = await new FacilitatorClient({ url: urls[1]! })
    .getSupported()
    .then((s) => s.kinds[0]!.network);
}, 180_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await world?.stop();
  postgres?.stop();
});

interface Payment {
  label: string;
  payer: WalletData;
  payload: PaymentPayload;
  requirements: PaymentRequirements;
  answers: SettleResponse[];
}

function requirementsFor(payTo: string): PaymentRequirements {
  return exactRequirements(world, { network, payTo, feePayer: executor });
}

async function sign(
  payer: WalletData,
  account: Account,
  requirements: PaymentRequirements,
  label: string,
  nonce?: Uint8Array,
): Promise<Payment> {
  const payload = await buildExactStarknetPayload({
    requirements,
    resource: { url: `http://shop.test/${label}` },
    from: payer.publicKey,
    signer: account.signer,
    now: Math.floor(Date.now() / 1000),
    ...(nonce === undefined ? {} : { random: () => nonce }),
  });
  return { label, payer, payload, requirements, answers: [] };
}

async function settle(payment: Payment, url: string): Promise<void> {
  const client = new FacilitatorClient({ url, apiKey: API_KEY, timeoutMs: 60_000 });
  payment.answers.push(await client.settle(payment.payload, payment.requirements));
}

const isSuccess = (a: SettleResponse) => a.success;
const terminal = (a: SettleResponse) =>
  a.success ||
  (a.errorReason === 'duplicate_settlement' && a.transaction !== '') ||
  a.errorReason === 'nonce_already_used';

describe('three facilitator processes on one PostgreSQL database', () => {
  it('settles each payment once, loses none and refuses no payer who paid, with one process killed mid-settlement', async () => {
    const shopA = (world.accounts[1] as Account).address;
    const shopB = (world.accounts[3] as Account).address;
    const policy = { maxPerCall: PRICE, maxPerWindow: 10n * PRICE, windowSeconds: 3600 };
    const payers: { wallet: WalletData; account: Account }[] = [];
    for (let i = 0; i < 3; i++) {
      const wallet = await createPayerWallet(world);
      const session = await registerPaymentSession(world, policy, wallet);
      payers.push({ wallet, account: sessionAccount(world, session, wallet) });
    }
    const payments: Payment[] = [];
    for (const [i, { wallet, account }] of payers.entries()) {
      for (const n of [1, 2]) {
        payments.push(await sign(wallet, account, requirementsFor(shopA), `p${i}-${n}`));
      }
    }
    // Two different payments of payer 0 under one SNIP-9 nonce: only one can ever execute.
    const shared = new Uint8Array(16).fill(7);
    const [{ wallet: w0, account: a0 }] = payers as [{ wallet: WalletData; account: Account }];
    const conflictA = await sign(w0, a0, requirementsFor(shopA), 'conflict-a', shared);
    const conflictB = await sign(w0, a0, requirementsFor(shopB), 'conflict-b', shared);

    const before = await Promise.all(payers.map((p) => world.balanceOf(p.wallet.publicKey)));
    const shopsBefore = (await world.balanceOf(shopA)) + (await world.balanceOf(shopB));

    // Round 1: every payment goes to all three processes at once (the first, which dies on its
    // first recorded hash, with a head start); the conflicting pair to the other two. The first
    // payment reaches the others only once the first process died, so that process certainly
    // claims it and records its hash: the kill lands between recording and broadcasting.
    const late = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const first = children[0]!;
    const died = new Promise<void>((resolve) => {
      if (first.exitCode !== null || first.signalCode !== null) resolve();
      else first.once('exit', () => resolve());
    });
    await Promise.all([
      ...payments.flatMap((p, i) => {
        const after = i === 0 ? died : late(50);
        return [
          settle(p, urls[0]!),
          after.then(() => settle(p, urls[1]!)),
          after.then(() => settle(p, urls[2]!)),
        ];
      }),
      settle(conflictA, urls[1]!),
      settle(conflictB, urls[2]!),
    ]);
    expect(children[0]!.exitCode ?? children[0]!.signalCode).toBe('SIGKILL');

    // Clients resend the identical payment to the surviving processes until it is resolved.
    const all = [...payments, conflictA, conflictB];
    for (let round = 0; round < 10; round++) {
      const open = all.filter((p) => !p.answers.some(terminal));
      if (open.length === 0) break;
      await late(1000);
      await Promise.all(open.map((p, i) => settle(p, urls[1 + ((round + i) % 2)]!)));
    }

    // Every payment is resolved; each settled exactly once.
    for (const p of all) expect(p.answers.some(terminal), p.label).toBe(true);
    for (const p of payments) {
      expect(p.answers.filter(isSuccess), p.label).toHaveLength(1);
      expect(p.answers.map((a) => a.errorReason)).not.toContain('nonce_already_used');
    }
    const conflictWinners = [conflictA, conflictB].filter((p) => p.answers.some(isSuccess));
    expect(conflictWinners).toHaveLength(1);
    const loser = conflictWinners[0] === conflictA ? conflictB : conflictA;
    expect(loser.answers.map((a) => a.errorReason)).toContain('nonce_already_used');

    // The money matches the reports: no double settlement, no lost payment.
    const paid = [...payments, ...conflictWinners];
    const after = await Promise.all(payers.map((p) => world.balanceOf(p.wallet.publicKey)));
    const spent = before.reduce((sum, b, i) => sum + (b - (after[i] as bigint)), 0n);
    expect(spent).toBe(BigInt(paid.length) * PRICE);
    const shopsAfter = (await world.balanceOf(shopA)) + (await world.balanceOf(shopB));
    expect(shopsAfter - shopsBefore).toBe(BigInt(paid.length) * PRICE);
    const hashes = new Set(paid.map((p) => p.answers.find(isSuccess)!.transaction));
    expect(hashes.size).toBe(paid.length);

    // The shared store agrees: one row per (payer, nonce), all settled.
    const store = await PostgresSettlementStore.open({
      connectionString: postgres.connectionString,
    });
    const rows = await store.all();
    await store.close();
    expect(rows).toHaveLength(payments.length + 1);
    expect(rows.every((r) => r.status === 'settled')).toBe(true);
  });
});
