/**
 * starknet.js's own paymaster client (`Account.executePaymasterTransaction` on `PaymasterRpc`)
 * against our SNIP-29 paymaster on devnet, sponsored: devnet's predeployed OpenZeppelin account
 * pays nothing for its transfer, and the relayer pays the fee.
 */
import { OutsideExecutionVersion, type PreparedInvokeTransaction, stark } from 'starknet';
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
  it('takes over a reservation whose process stopped before broadcasting, and only then', async () => {
    const [user] = world.accounts as [(typeof world.accounts)[0]];
    const account = world.paymasterAccount(user.address, world.privateKeys[0]!);
    account.getSnip9Version = async () => OutsideExecutionVersion.V2;
    const client = world.client();
    const signed = async () => {
      const prepared = (await account.buildPaymasterTransaction([strkTransfer(world.relayer, 1n)], {
        feeMode: { mode: 'sponsored' },
      })) as PreparedInvokeTransaction;
      const signature = stark.signatureToHexArray(
        await account.signMessage(prepared.typed_data as never),
      );
      const nonce = (prepared.typed_data as unknown as { message: { Nonce: string } }).message
        .Nonce;
      const execute = () =>
        client.executeTransaction(
          {
            type: 'invoke',
            invoke: { userAddress: user.address, typedData: prepared.typed_data, signature },
          },
          prepared.parameters,
        );
      return { nonce, execute };
    };
    const stale = (nonce: string, transaction?: string, ageMs = 120_000) => {
      const at = Date.now() - ageMs;
      const result = world.store.reserve(
        {
          account: `0x${BigInt(user.address).toString(16)}`,
          nonce,
          apiKey: 'test',
          fingerprint: 'a process that stopped',
          status: 'reserved',
          maxFee: 1n,
          actualFee: undefined,
          transaction,
          relayer: world.relayer,
          error: undefined,
          createdAt: at,
          updatedAt: at,
        },
        10n ** 30n,
      );
      expect(result).toEqual({ reserved: true });
    };

    // Within the lease: the reservation stands.
    const fresh = await signed();
    stale(fresh.nonce, undefined, 1000);
    expect((await paymasterRefusal(fresh.execute)).data).toMatch(/^replayed_request: /);

    // Past the lease, never broadcast (the SNIP-9 nonce is unused): sponsored anew.
    const abandoned = await signed();
    stale(abandoned.nonce);
    const { transaction_hash } = await abandoned.execute();
    const receipt = await world.devnet.provider.waitForTransaction(transaction_hash, {
      retryInterval: 100,
    });
    expect(receipt.isSuccess()).toBe(true);

    // Past the lease with a transaction the node knows: it was broadcast, so it is a replay.
    const broadcast = await signed();
    stale(broadcast.nonce, transaction_hash);
    expect((await paymasterRefusal(broadcast.execute)).data).toBe(
      `replayed_request: this outside execution (account 0x${BigInt(user.address).toString(16)}, nonce ${broadcast.nonce}) was already submitted in transaction ${transaction_hash}`,
    );
    const recovered = world.store.get(`0x${BigInt(user.address).toString(16)}`, broadcast.nonce);
    expect(recovered?.status).toMatch(/^(submitted|succeeded)$/);
  });
});
