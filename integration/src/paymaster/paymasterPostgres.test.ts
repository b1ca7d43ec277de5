/**
 * Two `chipi-paymaster` processes (the package's command, configured by a file and the
 * environment) behind one PostgreSQL ledger, sharing two relayers, on devnet: a signed request
 * executed by one is a replay for the other, of two racing executions exactly one is sponsored,
 * and both record into the one ledger.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PostgresPaymasterStore } from '@chipi-sessions/paymaster/postgres';
import { type RunningPostgres, startPostgres } from '@chipi-sessions/testing/postgres';
import {
  Account,
  OutsideExecutionVersion,
  PaymasterRpc,
  type PreparedInvokeTransaction,
  type RpcError,
  stark,
} from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../devnet/startDevnet.ts';
import { API_KEY, paymasterRefusal, strkTransfer } from './paymasterHarness.ts';

const require = createRequire(import.meta.url);
const BIN = join(
  dirname(require.resolve('@chipi-sessions/paymaster/package.json')),
  'dist/bin/chipi-paymaster.js',
);

let devnet: Devnet;
let postgres: RunningPostgres;
let store: PostgresPaymasterStore;
const children: ChildProcess[] = [];
let urls: string[] = [];
let user: Account;

const configDir = mkdtempSync(join(tmpdir(), 'paymaster-config-'));

function startCommand(config: string, env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [BIN, '--config', config], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`chipi-paymaster exited (${code}):\n${output}`)));
  });
}

beforeAll(async () => {
  devnet = await startDevnet();
  postgres = await startPostgres();
  const predeployed = await devnet.cheats.getPredeployedAccounts();
  const config = join(configDir, 'paymaster.json');
  writeFileSync(
    config,
    JSON.stringify({
      relayers: [0, 3].map((i) => ({
        address: predeployed[i]!.address,
        privateKey: predeployed[i]!.private_key,
      })),
      apiKeys: [{ key: API_KEY, name: 'test', budgetFri: String(10n ** 20n) }],
    }),
  );
  const env = {
    PAYMASTER_RPC_URL: `${devnet.url}/rpc`,
    PAYMASTER_PORT: '0',
    PAYMASTER_DATABASE_URL: postgres.connectionString,
  };
  urls = await Promise.all([startCommand(config, env), startCommand(config, env)]);
  store = await PostgresPaymasterStore.open({ connectionString: postgres.connectionString });
  user = new Account({
    provider: devnet.provider,
    address: predeployed[1]!.address,
    signer: predeployed[1]!.private_key,
  });
  user.getSnip9Version = async () => OutsideExecutionVersion.V2;
});
afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await store?.close();
  postgres?.stop();
  await devnet?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

function client(url: string): PaymasterRpc {
  return new PaymasterRpc({ nodeUrl: url, headers: { 'x-paymaster-api-key': API_KEY } });
}

/** Builds on `url` a signed request of `user` (a 1 fri transfer). */
async function signedRequest(url: string) {
  const prepared = (await client(url).buildTransaction(
    {
      type: 'invoke',
      invoke: { userAddress: user.address, calls: [strkTransfer(stark.randomAddress(), 1n)] },
    },
    { version: '0x1', feeMode: { mode: 'sponsored' } },
  )) as PreparedInvokeTransaction;
  const signature = stark.signatureToHexArray(await user.signMessage(prepared.typed_data as never));
  return {
    transaction: {
      type: 'invoke' as const,
      invoke: { userAddress: user.address, typedData: prepared.typed_data, signature },
    },
    parameters: prepared.parameters,
  };
}

describe('chipi-paymaster processes sharing a PostgreSQL ledger', () => {
  it('treats a request executed by one instance as a replay on the other', async () => {
    const [a, b] = urls as [string, string];
    const request = await signedRequest(a);
    const { transaction_hash } = await client(a).executeTransaction(
      request.transaction,
      request.parameters,
    );
    const refused = await paymasterRefusal(() =>
      client(b).executeTransaction(request.transaction, request.parameters),
    );
    expect(refused.code).toBe(163);
    expect(refused.data).toMatch(
      new RegExp(`^replayed_request: .* was already submitted in transaction ${transaction_hash}$`),
    );
  });

  it('sponsors exactly one of two racing executions of one request', async () => {
    const request = await signedRequest(urls[1] as string);
    const results = await Promise.allSettled(
      urls.map((url) => client(url).executeTransaction(request.transaction, request.parameters)),
    );
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
    // The loser lost in the ledger, or (when the winner's transaction landed first) in simulation.
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    const { code, data } = (loser.reason as RpcError).baseError as { code: number; data: unknown };
    expect(
      (code === 163 && String(data).startsWith('replayed_request: ')) ||
        (code === 156 && JSON.stringify(data).includes('nonce')),
    ).toBe(true);

    // Both instances recorded into the one ledger, and the receipts settle the fees.
    const deadline = Date.now() + 30_000;
    let entries = await store.all();
    while (entries.some((e) => e.status !== 'succeeded') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      entries = await store.all();
    }
    expect(entries.map((e) => e.status)).toEqual(['succeeded', 'succeeded']);
    expect(entries.every((e) => e.apiKey === 'test')).toBe(true);
    const spent = entries.reduce((sum, e) => sum + (e.actualFee ?? 0n), 0n);
    expect(spent).toBeGreaterThan(0n);
    expect(await store.spent('test')).toBe(spent);
  });
});
