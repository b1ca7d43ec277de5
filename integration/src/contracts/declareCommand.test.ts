import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { contractsManifest } from '@chipi-sessions/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../devnet/startDevnet.ts';

// The published command, run as `npx @chipi-sessions/contracts declare` runs it: its bin file in a
// Node process of its own.
const BIN = createRequire(import.meta.url)
  .resolve('@chipi-sessions/contracts/package.json')
  .replace(/package\.json$/, 'bin/chipi-contracts.js');

function declare(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, 'declare', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

describe('chipi-contracts declare on devnet', () => {
  let devnet: Devnet;
  let account: { address: string; private_key: string };
  beforeAll(async () => {
    devnet = await startDevnet();
    account = (await devnet.cheats.getPredeployedAccounts())[0]!;
  });
  afterAll(async () => {
    await devnet?.stop();
  });

  it('declares the account class, prints its hash, and sends nothing the second time', async () => {
    const { classHash } = contractsManifest.account;
    await expect(devnet.provider.getClassByHash(classHash)).rejects.toThrow(/Class hash not found/);
    const rpc = ['--rpc', `${devnet.url}/rpc`, '--account', account.address];

    const first = declare([...rpc, '--private-key', account.private_key]);
    expect(first).toMatchObject({ code: 0, stdout: classHash });
    expect(first.stderr).toMatch(/^account: declared in transaction 0x[0-9a-f]+$/);
    const declared = await devnet.provider.getClassByHash(classHash);
    expect(declared).toHaveProperty('sierra_program');

    const nonce = await devnet.provider.getNonceForAddress(account.address);
    const second = declare(rpc, { STARKNET_PRIVATE_KEY: account.private_key });
    expect(second).toEqual({
      code: 0,
      stdout: classHash,
      stderr: 'account: already declared, nothing sent',
    });
    expect(await devnet.provider.getNonceForAddress(account.address)).toBe(nonce);
  });

  it('fails with a typed error when the paying account cannot sign', async () => {
    const result = declare(
      ['--rpc', `${devnet.url}/rpc`, '--account', account.address, '--contract', 'mock_erc20'],
      { STARKNET_PRIVATE_KEY: '0x1' },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error \(DECLARE_FAILED\): declaring mock_erc20 failed: /);
  });
});
