/**
 * starknet.js's own paymaster client (`Account.executePaymasterTransaction` on `PaymasterRpc`)
 * against our SNIP-29 paymaster on devnet, sponsored: devnet's predeployed OpenZeppelin account
 * pays nothing for its transfer, and the relayer pays the fee.
 */
import { OutsideExecutionVersion } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ONE_STRK,
  type PaymasterWorld,
  paymasterRefusal,
  startPaymasterWorld,
  strkTransfer,
} from './paymasterHarness.ts';

let world: PaymasterWorld;

beforeAll(async () => {
  world = await startPaymasterWorld();
});
afterAll(async () => {
  await world?.stop();
});

describe('paymaster with starknet.js PaymasterRpc', () => {
  it('answers isAvailable and lists no gas token', async () => {
    expect(await world.client().isAvailable()).toBe(true);
    expect(await world.client().getSupportedTokens()).toEqual([]);
  });

  it("sponsors an OpenZeppelin account's transfer: the account pays exactly the amount", async () => {
    const [user, recipient] = world.accounts as [
      (typeof world.accounts)[0],
      (typeof world.accounts)[0],
    ];
    const account = world.paymasterAccount(user.address, world.privateKeys[0]!);
    // The preset embeds OpenZeppelin's SRC9 component but does not register its interface id, so
    // starknet.js's own SNIP-9 probe says no; the paymaster accepts the class by its entrypoints.
    account.getSnip9Version = async () => OutsideExecutionVersion.V2;
    const before = await world.strkBalance(user.address);
    const recipientBefore = await world.strkBalance(recipient.address);
    const relayerBefore = await world.strkBalance(world.relayer);

    const { transaction_hash } = await account.executePaymasterTransaction(
      [strkTransfer(recipient.address, ONE_STRK)],
      { feeMode: { mode: 'sponsored' } },
    );
    const receipt = await world.devnet.provider.waitForTransaction(transaction_hash, {
      retryInterval: 100,
    });
    expect(receipt.isSuccess()).toBe(true);

    expect(await world.strkBalance(user.address)).toBe(before - ONE_STRK);
    expect(await world.strkBalance(recipient.address)).toBe(recipientBefore + ONE_STRK);
    const relayerPaid = relayerBefore - (await world.strkBalance(world.relayer));
    expect(relayerPaid).toBeGreaterThan(0n);

    await world.paymaster.paymaster.settled();
    const [entry] = world.store.all();
    expect(entry).toMatchObject({
      account: `0x${BigInt(user.address).toString(16)}`,
      apiKey: 'test',
      status: 'succeeded',
      transaction: transaction_hash,
      actualFee: relayerPaid,
    });
    expect(world.store.spent('test')).toBe(relayerPaid);
  });

  it('refuses an unknown API key before anything else', async () => {
    const [user, recipient] = world.accounts as [
      (typeof world.accounts)[0],
      (typeof world.accounts)[0],
    ];
    const account = world.paymasterAccount(user.address, '0x1', 'not-a-key-of-this-paymaster');
    account.getSnip9Version = async () => OutsideExecutionVersion.V2;
    const error = await paymasterRefusal(() =>
      account.executePaymasterTransaction([strkTransfer(recipient.address, 1n)], {
        feeMode: { mode: 'sponsored' },
      }),
    );
    expect(error).toEqual({
      code: 163,
      message: 'An error occurred (UNKNOWN_ERROR)',
      data: 'invalid_api_key: x-paymaster-api-key is missing or unknown',
    });
  });
});
