import { SlidingWindow } from '@chipi-sessions/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestBlockTime, setTime } from '../devnet/timeTravel.ts';
import { PIN } from '../sdk/sdkHarness.ts';
import {
  type AttackWorld,
  startAttackWorld,
  type TestSession,
  transferCall,
} from './attackWorld.ts';
import {
  expectClientRefusal,
  expectRevertedOnChain,
  expectSdkChainRefusal,
} from './expectRefusal.ts';

/** Window of 700 s: seven buckets of exactly 100 s. */
const W = 700;
const B = 100;

let world: AttackWorld;
let clock: number;

beforeAll(async () => {
  world = await startAttackWorld();
  clock = (Math.floor((await latestBlockTime(world.devnet)) / 3600) + 1) * 3600;
  await setTime(world.devnet, clock);
});
afterAll(async () => {
  await world?.stop();
});

async function at(t: number): Promise<void> {
  clock = t;
  await setTime(world.devnet, t);
}

const pay = (amount: bigint) => [transferCall(world.usdc, world.recipient, amount)];
const policyOf = (session: TestSession) =>
  world.sdk.sessions.getSpendingPolicy({
    walletAddress: world.wallet.publicKey,
    sessionPublicKey: session.pair.publicKey,
    token: world.usdc.address,
  });
const limited = (maxPerCall: bigint, maxPerWindow: bigint) =>
  world.newSession({
    maxCalls: 200,
    lifetimeSeconds: 30 * 24 * 3600,
    spendingPolicies: [{ token: world.usdc.address, maxPerCall, maxPerWindow, windowSeconds: W }],
  });

describe('spending policy', () => {
  it('per call: one amount above max_per_call is refused, the window is untouched', async () => {
    const session = await limited(2n, 5n);
    await expectClientRefusal(world.sdkPay(session, pay(3n)), 'SESSION_SPENDING_LIMIT_EXCEEDED');
    await expectSdkChainRefusal(
      world.sdkPay(session, pay(3n), true),
      'SESSION_SPENDING_LIMIT_EXCEEDED',
      'policy/exceeds-per-call',
    );
    const before = await world.balanceOf(world.recipient);
    expectRevertedOnChain(
      await world.sendAsSession(session, pay(3n)),
      'SESSION_SPENDING_LIMIT_EXCEEDED',
      'policy/exceeds-per-call',
    );
    expect(await world.balanceOf(world.recipient)).toBe(before);
    expect(await policyOf(session)).toMatchObject({ spentInWindow: 0n, remainingInWindow: 5n });
    expect((await world.sendAsSession(session, pay(2n))).kind).toBe('accepted');
  });

  it('per window: calls add up, also inside one multicall, which then moves nothing', async () => {
    const session = await limited(3n, 5n);
    expect((await world.sendAsSession(session, pay(3n))).kind).toBe('accepted');
    const before = await world.balanceOf(world.recipient);
    expectRevertedOnChain(
      await world.sendAsSession(session, [...pay(1n), ...pay(2n)]),
      'SESSION_SPENDING_LIMIT_EXCEEDED',
      'policy/exceeds-window',
    );
    expect(await world.balanceOf(world.recipient)).toBe(before);
    expect(await policyOf(session)).toMatchObject({ spentInWindow: 3n, remainingInWindow: 2n });
    expect((await world.sendAsSession(session, [...pay(1n), ...pay(1n)])).kind).toBe('accepted');
    expect(await policyOf(session)).toMatchObject({ spentInWindow: 5n, remainingInWindow: 0n });
    await expectClientRefusal(world.sdkPay(session, pay(1n)), 'SESSION_SPENDING_LIMIT_EXCEEDED');
  });

  it('time travel across the window: the spend frees up exactly at next_release_at', async () => {
    await at(clock + 10 * B + 30);
    const session = await limited(5n, 5n);
    const spentAt = clock;
    expect((await world.sendAsSession(session, pay(5n))).kind).toBe('accepted');
    const view = await policyOf(session);
    const release = (Math.floor(spentAt / B) + 8) * B;
    expect(view).toMatchObject({
      spentInWindow: 5n,
      remainingInWindow: 0n,
      nextReleaseAt: release,
    });
    expect(release - spentAt).toBeGreaterThanOrEqual(W);
    expect(release - spentAt).toBeLessThanOrEqual(W + 2 * B);

    // Not release - 1: devnet's clock keeps running after setTime, and the spend must stay
    // inside the window while the transaction is being processed.
    await at(release - 30);
    expect(await policyOf(session)).toMatchObject({ spentInWindow: 5n, remainingInWindow: 0n });
    expectRevertedOnChain(
      await world.sendAsSession(session, pay(1n)),
      'SESSION_SPENDING_LIMIT_EXCEEDED',
      'policy/exceeds-window',
    );
    await at(release);
    expect(await policyOf(session)).toMatchObject({
      spentInWindow: 0n,
      remainingInWindow: 5n,
      nextReleaseAt: 0,
    });
    expect((await world.sendAsSession(session, pay(5n))).kind).toBe('accepted');
  });

  it('worst case: over any interval shorter than the window at most max_per_window leaves', async () => {
    const cap = 10n;
    await at(clock + 20 * B);
    const session = await limited(cap, cap);
    const start = clock;
    const accepted: { t: number; amount: bigint }[] = [];
    let history = SlidingWindow.create(W);
    // Every 50 s for three windows, try to spend one more than the room, then the whole room.
    for (let t = start + 60; t < start + 3 * W; t += 50) {
      await at(t);
      const view = await policyOf(session);
      const room = SlidingWindow.remainingAt(history, cap, t);
      expect(view.remainingInWindow).toBe(room);
      expect(view.nextReleaseAt).toBe(SlidingWindow.nextReleaseAt(history, t));
      if (room < cap) {
        expectRevertedOnChain(
          await world.sendAsSession(session, pay(room + 1n)),
          'SESSION_SPENDING_LIMIT_EXCEEDED',
          'policy/exceeds-window',
        );
      }
      if (room > 0n) {
        expect((await world.sendAsSession(session, pay(room))).kind).toBe('accepted');
        accepted.push({ t, amount: room });
        history = SlidingWindow.record(history, t, room);
      }
    }
    for (const first of accepted) {
      const within = accepted.filter((s) => s.t >= first.t && s.t - first.t < W);
      expect(within.reduce((sum, s) => sum + s.amount, 0n)).toBeLessThanOrEqual(cap);
    }
    // The window does release: more than one cap left in total over three windows.
    expect(accepted.reduce((sum, s) => sum + s.amount, 0n)).toBeGreaterThan(cap);
  });

  it('the v33 boundary attack fails: a full cap just before and just after a window edge', async () => {
    const cap = 6n;
    await at((Math.floor(clock / W) + 2) * W - 1);
    const session = await limited(cap, cap);
    expect((await world.sendAsSession(session, pay(cap))).kind).toBe('accepted');
    await at(clock + 2);
    expectRevertedOnChain(
      await world.sendAsSession(session, pay(cap)),
      'SESSION_SPENDING_LIMIT_EXCEEDED',
      'policy/exceeds-window',
    );
    expectRevertedOnChain(
      await world.sendAsSession(session, pay(1n)),
      'SESSION_SPENDING_LIMIT_EXCEEDED',
      'policy/exceeds-window',
    );
  });

  it('changing the limits keeps the history; a new window length carries it over', async () => {
    await at(clock + 20 * B);
    const session = await limited(10n, 10n);
    expect((await world.sendAsSession(session, pay(8n))).kind).toBe('accepted');
    const set = (maxPerWindow: bigint, windowSeconds: number) =>
      world.sdk.sessions.setSpendingPolicy({
        encryptKey: PIN,
        wallet: world.chipiWallet,
        spendingPolicyConfig: {
          sessionPublicKey: session.pair.publicKey,
          token: world.usdc.address,
          maxPerCall: 5n,
          maxPerWindow,
          windowSeconds,
        },
      });
    await set(5n, W);
    // A cap lowered below what was spent leaves no room (not a negative one).
    expect(await policyOf(session)).toMatchObject({ spentInWindow: 8n, remainingInWindow: 0n });
    expectRevertedOnChain(
      await world.sendAsSession(session, pay(1n)),
      'SESSION_SPENDING_LIMIT_EXCEEDED',
      'policy/exceeds-window',
    );
    await world.sdk.sessions.removeSpendingPolicy({
      encryptKey: PIN,
      wallet: world.chipiWallet,
      sessionPublicKey: session.pair.publicKey,
      token: world.usdc.address,
    });
    await set(10n, W);
    expect(await policyOf(session)).toMatchObject({ spentInWindow: 8n, remainingInWindow: 2n });
    await set(10n, W + 1);
    expect(await policyOf(session)).toMatchObject({ spentInWindow: 8n, remainingInWindow: 2n });
  });

  it('a shorter window after a full spend gives no fresh budget', async () => {
    await at(clock + 20 * B);
    const session = await limited(10n, 10n);
    expect((await world.sendAsSession(session, pay(10n))).kind).toBe('accepted');
    await world.sdk.sessions.setSpendingPolicy({
      encryptKey: PIN,
      wallet: world.chipiWallet,
      spendingPolicyConfig: {
        sessionPublicKey: session.pair.publicKey,
        token: world.usdc.address,
        maxPerCall: 10n,
        maxPerWindow: 10n,
        windowSeconds: 70,
      },
    });
    // Past the new 70-second window, well inside the old one: the 10 still count.
    await at(clock + 2 * B);
    expect(await policyOf(session)).toMatchObject({ spentInWindow: 10n, remainingInWindow: 0n });
    expectRevertedOnChain(
      await world.sendAsSession(session, pay(1n)),
      'SESSION_SPENDING_LIMIT_EXCEEDED',
      'policy/exceeds-window',
    );
  });
});
