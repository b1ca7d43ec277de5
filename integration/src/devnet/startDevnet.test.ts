import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintStrk } from './mintStrk.ts';
import { predeployedAccounts } from './predeployedAccounts.ts';
import { type Devnet, startDevnet } from './startDevnet.ts';
import { increaseTime, latestBlockTime, setTime } from './timeTravel.ts';

describe('devnet harness', () => {
  let devnet: Devnet;
  beforeAll(async () => {
    devnet = await startDevnet({ seed: 7 });
  });
  afterAll(async () => {
    await devnet?.stop();
  });

  it('serves JSON-RPC 0.10.2 with deterministic predeployed accounts', async () => {
    expect(await devnet.provider.getSpecVersion()).toBe('0.10.2');
    const accounts = await predeployedAccounts(devnet);
    expect(accounts).toHaveLength(4);
    const again = await predeployedAccounts(devnet);
    expect(again.map((a) => a.address)).toEqual(accounts.map((a) => a.address));
  });

  it('mints STRK to any address', async () => {
    const address = '0x1234';
    expect(await mintStrk(devnet, address, 5n)).toBe(5n);
    expect(await mintStrk(devnet, address, 7n)).toBe(12n);
  });

  it('moves the block clock', async () => {
    await setTime(devnet, 2_000_000_000);
    expect(await latestBlockTime(devnet)).toBe(2_000_000_000);
    await increaseTime(devnet, 3600);
    expect(await latestBlockTime(devnet)).toBeGreaterThanOrEqual(2_000_003_600);
  });

  it('is gone after stop()', async () => {
    const other = await startDevnet();
    await other.stop();
    await expect(fetch(`${other.url}/is_alive`)).rejects.toThrow();
  });
});
