/**
 * `Paymaster.reconcile` on devnet: what a stopped paymaster process left in the ledger is
 * finished from the chain, so no reservation holds an API key's budget forever.
 */
import type { Sponsorship } from '@chipi-sessions/paymaster';
import Database from 'better-sqlite3';
import { OutsideExecutionVersion } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ONE_STRK,
  type PaymasterWorld,
  startPaymasterWorld,
  strkTransfer,
} from './paymasterHarness.ts';

let world: PaymasterWorld;

beforeAll(async () => {
  world = await startPaymasterWorld({ reconcileIntervalMs: false });
});
afterAll(async () => {
  await world?.stop();
});

describe('paymaster reconcile', () => {
  it('finishes the sponsorships a stopped process left, from the chain, and releases their budget', async () => {
    const [user, recipient] = world.accounts as [
      (typeof world.accounts)[0],
      (typeof world.accounts)[0],
    ];
    const account = world.paymasterAccount(user.address, world.privateKeys[0]!);
    account.getSnip9Version = async () => OutsideExecutionVersion.V2;
    const { transaction_hash: executed } = await account.executePaymasterTransaction(
      [strkTransfer(recipient.address, 1n)],
      { feeMode: { mode: 'sponsored' } },
    );
    await world.paymaster.paymaster.settled();
    const [real] = world.store.all();
    expect(real).toMatchObject({ status: 'succeeded', transaction: executed });
    const actualFee = real!.actualFee!;
    const spentBefore = world.store.spent('test');

    // What a process that stopped a while ago left, written as it would have been.
    const stale = Date.now() - 120_000;
    const left = (nonce: string, maxFee: bigint, transaction?: string): Sponsorship => ({
      ...real!,
      nonce,
      fingerprint: `left-${nonce}`,
      status: 'reserved',
      maxFee,
      actualFee: undefined,
      transaction,
      error: undefined,
      createdAt: stale,
      updatedAt: stale,
    });
    const budget = 100n * ONE_STRK;
    // Reserved, never broadcast: its SNIP-9 nonce is unused.
    expect(world.store.reserve(left('0x5eed1', 3n * ONE_STRK), budget)).toEqual({ reserved: true });
    // Reserved with its transaction hash recorded, and the node knows the transaction.
    expect(world.store.reserve(left('0x5eed2', 2n * ONE_STRK, executed), budget)).toEqual({
      reserved: true,
    });
    // Submitted, but its receipt never reached the ledger.
    world.store.reserve(left('0x5eed3', 2n * ONE_STRK, executed), budget);
    // Submitted, and the node does not know the transaction (dropped): nothing was executed.
    world.store.reserve(left('0x5eed4', 4n * ONE_STRK, '0x1234'), budget);
    const db = new Database(world.store.path);
    db.prepare(
      "UPDATE paymaster_sponsorships SET status = 'submitted' WHERE nonce IN ('0x5eed3', '0x5eed4')",
    ).run();
    db.close();
    // A reservation of a live request: not stale, left alone.
    world.store.reserve({ ...left('0x5eed5', ONE_STRK), updatedAt: Date.now() }, budget);
    expect(world.store.spent('test')).toBe(spentBefore + 12n * ONE_STRK);

    const report = await world.paymaster.paymaster.reconcile();
    await world.paymaster.paymaster.settled();

    expect(report.checked).toBe(4);
    const status = (nonce: string) => world.store.get(real!.account, nonce);
    expect(status('0x5eed1')).toMatchObject({
      status: 'failed',
      error: 'abandoned before broadcast',
    });
    expect(status('0x5eed2')).toMatchObject({ status: 'succeeded', actualFee });
    expect(status('0x5eed3')).toMatchObject({ status: 'succeeded', actualFee });
    expect(status('0x5eed4')).toMatchObject({
      status: 'failed',
      error: 'the node dropped the transaction; nothing was executed',
    });
    expect(status('0x5eed5')).toMatchObject({ status: 'reserved' });
    expect(status(real!.nonce)).toEqual(real);
    // Left: the live reservation; the two copies of the executed transaction count its actual fee.
    expect(world.store.spent('test')).toBe(spentBefore + ONE_STRK + 2n * actualFee);
  });
});
