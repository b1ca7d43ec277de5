import { transactionMaxFee } from '@chipi-sessions/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw } from '../chain/sendRaw.ts';
import { type AttackWorld, startAttackWorld, transferCall } from './attackWorld.ts';
import { expectRejectedByChain } from './expectRefusal.ts';

const STRK = '0x04718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d';

let world: AttackWorld;

beforeAll(async () => {
  world = await startAttackWorld();
});
afterAll(async () => {
  await world?.stop();
});

const strkBalance = async () => {
  const [low, high] = await world.devnet.provider.callContract({
    contractAddress: STRK,
    entrypoint: 'balance_of',
    calldata: [world.wallet.publicKey],
  });
  return (BigInt(high ?? 0) << 128n) | BigInt(low ?? 0);
};

describe('session fee budget', () => {
  it('a session transaction with a huge tip cannot burn more than the fee budget', async () => {
    // Room for two transactions at the attack bounds (no tip), not three.
    const perTransaction = transactionMaxFee(world.bounds);
    const budget = 2n * perTransaction + perTransaction / 2n;
    const session = await world.newSession({ maxCalls: 10, feeBudget: budget });
    const pay = [transferCall(world.usdc, world.recipient, 1n)];
    const before = await strkBalance();

    // A tip that would hand most of the balance to the sequencer: refused in validation, so the
    // transaction is never included and charges nothing.
    const tip = 10n ** 12n;
    expect(transactionMaxFee(world.bounds, tip)).toBeGreaterThan(budget);
    expectRejectedByChain(
      await sendRaw(session.account, pay, { resourceBounds: world.bounds, tip }),
      'SESSION_FEE_BUDGET_EXCEEDED',
      'session/fee-budget-exceeded',
    );
    expect(await strkBalance()).toBe(before);

    // Ordinary transactions reserve their maximum fee until the budget is used up.
    expect((await world.sendAsSession(session, pay)).kind).toBe('accepted');
    expect((await world.sendAsSession(session, pay)).kind).toBe('accepted');
    expectRejectedByChain(
      await world.sendAsSession(session, pay),
      'SESSION_FEE_BUDGET_EXCEEDED',
      'session/fee-budget-exceeded',
    );
    const data = await world.sdk.sessions.getSessionData({
      walletAddress: world.wallet.publicKey,
      sessionPublicKey: session.pair.publicKey,
    });
    expect(data).toMatchObject({
      feeBudget: budget,
      feeUsed: 2n * perTransaction,
      feeBudgetLeft: budget - 2n * perTransaction,
      callsUsed: 2,
    });
    // What actually left the account in fees is within the budget.
    expect(before - (await strkBalance())).toBeLessThanOrEqual(budget);
  });
});
