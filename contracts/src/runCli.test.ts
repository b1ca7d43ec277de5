import { describe, expect, it } from 'vitest';
import { contractsManifest } from './manifest.js';
import { runCli } from './runCli.js';

async function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const DECLARE = ['declare', '--rpc', 'http://127.0.0.1:1/rpc', '--account', '0x1'];

describe('chipi-contracts', () => {
  it('prints every shipped class hash', async () => {
    const { code, out } = await run(['hashes']);
    expect(code).toBe(0);
    expect(out).toContain(`account class ${contractsManifest.account.classHash}`);
    expect(out).toContain(`compiled ${contractsManifest.account.compiledClassHash}`);
  });

  it('prints the usage and fails without a command', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(2);
    expect(out).toContain('chipi-contracts declare --rpc URL --account ADDRESS');
  });

  it('refuses a declare without a private key', async () => {
    const { code, err } = await run(DECLARE);
    expect(code).toBe(2);
    expect(err).toBe('error (INVALID_ARGUMENT): missing --private-key (or STARKNET_PRIVATE_KEY)');
  });

  it('refuses a declare without an account', async () => {
    const { code, err } = await run(['declare', '--rpc', 'http://x', '--private-key', '0x1']);
    expect(code).toBe(2);
    expect(err).toBe('error (INVALID_ARGUMENT): missing --account');
  });

  it('refuses an unknown contract before touching the network', async () => {
    const { code, err } = await run([...DECLARE, '--contract', 'nope'], {
      STARKNET_PRIVATE_KEY: '0x1',
    });
    expect(code).toBe(2);
    expect(err).toMatch(/^error \(INVALID_ARGUMENT\): unknown contract "nope" \(known: .*account/);
  });

  it('refuses an RPC address that is not http(s)', async () => {
    const { code, err } = await run(
      ['declare', '--rpc', 'localhost:5050', '--account', '0x1', '--private-key', '0x1'],
      {},
    );
    expect(code).toBe(2);
    expect(err).toBe(
      'error (INVALID_ARGUMENT): --rpc must be an http(s) URL, got "localhost:5050"',
    );
  });

  it('refuses unknown flags', async () => {
    const { code, err } = await run([...DECLARE, '--private-key', '0x1', '--fee', '1']);
    expect(code).toBe(2);
    expect(err).toMatch(/^error \(INVALID_ARGUMENT\): Unknown option '--fee'/);
  });
});
