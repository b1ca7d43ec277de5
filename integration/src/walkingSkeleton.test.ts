import type { Contract } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployChipiAccount } from './contracts/deployChipiAccount.ts';
import { deployMockUsdc } from './contracts/deployMockUsdc.ts';
import { predeployedAccounts } from './devnet/predeployedAccounts.ts';
import { type Devnet, startDevnet } from './devnet/startDevnet.ts';

describe('walking skeleton: compiled contracts on devnet', () => {
  let devnet: Devnet;
  let usdc: Contract;

  beforeAll(async () => {
    devnet = await startDevnet();
    const [deployer] = await predeployedAccounts(devnet);
    usdc = await deployMockUsdc(deployer!);
  });
  afterAll(async () => {
    await devnet?.stop();
  });

  it('declares and deploys the mock USDC with 6 decimals', async () => {
    expect(await usdc.call('decimals')).toBe(6n);
  });

  it('deploys a CHIPI account and runs an owner-signed ERC-20 transfer', async () => {
    const [deployer] = await predeployedAccounts(devnet);
    const chipi = await deployChipiAccount(devnet, deployer!);
    const mint = await usdc.invoke('mint', [chipi.address, { low: 5_000_000n, high: 0n }]);
    await devnet.provider.waitForTransaction(mint.transaction_hash);

    const recipient = deployer!.address;
    const before = (await usdc.call('balance_of', [recipient])) as bigint;
    const transfer = await chipi.account.execute({
      contractAddress: usdc.address,
      entrypoint: 'transfer',
      calldata: [recipient, 1_250_000n, 0n],
    });
    const receipt = await devnet.provider.waitForTransaction(transfer.transaction_hash);
    expect(receipt.isSuccess()).toBe(true);
    expect(await usdc.call('balance_of', [chipi.address])).toBe(3_750_000n);
    expect(await usdc.call('balance_of', [recipient])).toBe(before + 1_250_000n);
  });
});
