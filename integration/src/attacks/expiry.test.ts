import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestBlockTime, setTime } from '../devnet/timeTravel.ts';
import { PIN } from '../sdk/sdkHarness.ts';
import {
  type AttackWorld,
  sessionKeyData,
  startAttackWorld,
  type TestSession,
  transferCall,
} from './attackWorld.ts';
import {
  expectClientRefusal,
  expectRejectedByChain,
  expectRevertedOnChain,
  expectSdkChainRefusal,
} from './expectRefusal.ts';

const HOUR = 3600;

let world: AttackWorld;
/** A whole hour on the chain's clock, after every block so far. */
let hour: number;

beforeAll(async () => {
  world = await startAttackWorld();
  hour = (Math.floor((await latestBlockTime(world.devnet)) / HOUR) + 2) * HOUR;
});
afterAll(async () => {
  await world?.stop();
});

const sessionData = (session: TestSession) =>
  world.sdk.sessions.getSessionData({
    walletAddress: world.wallet.publicKey,
    sessionPublicKey: session.pair.publicKey,
  });
const pay = (amount = 1n) => [transferCall(world.usdc, world.recipient, amount)];

/** Registers a session at `hour + registerAt` that expires at `hour + validUntil`. */
async function sessionAt(registerAt: number, validUntil: number): Promise<TestSession> {
  await setTime(world.devnet, hour + registerAt);
  return world.newSession({ lifetimeSeconds: validUntil - registerAt, maxCalls: 10 });
}

describe('expiry through time travel', () => {
  it('valid before valid_until, refused after it', async () => {
    const session = await sessionAt(100, 1000);
    // Devnet's clock keeps running after setTime, so the exact boundary (valid_until itself is
    // still valid) is proven by the Cairo tests, which control the block time exactly.
    await setTime(world.devnet, hour + 900);
    expect((await world.sendAsSession(session, pay())).kind).toBe('accepted');
    expect(await sessionData(session)).toMatchObject({ status: 'active', callsUsed: 1 });

    await setTime(world.devnet, hour + HOUR + 5);
    expect(await sessionData(session)).toMatchObject({ status: 'expired', remainingCalls: 0 });
    await expectClientRefusal(world.sdkPay(session, pay()), 'SESSION_EXPIRED');
    await expectSdkChainRefusal(
      world.sdkPay(session, pay(), true),
      'SESSION_EXPIRED',
      'session/expired',
    );
    // In a later hour even the hour-rounded validation time is past valid_until.
    expectRejectedByChain(
      await world.sendAsSession(session, pay()),
      'SESSION_EXPIRED',
      'session/expired',
    );
    expect(await sessionData(session)).toMatchObject({ callsUsed: 1 });
  });

  it('hour rounding: validation passes on the rounded time, __execute__ refuses on the exact time', async () => {
    hour += 2 * HOUR;
    const session = await sessionAt(100, 1000);
    const before = await world.balanceOf(world.recipient);
    await setTime(world.devnet, hour + 1001);
    expect(await sessionData(session)).toMatchObject({ status: 'expired' });
    await expectClientRefusal(world.sdkPay(session, pay()), 'SESSION_EXPIRED');

    const outcome = await world.sendAsSession(session, pay());
    expectRevertedOnChain(outcome, 'SESSION_EXPIRED', 'session/expired');
    // Devnet's clock keeps running after setTime, so the block may be a second or two later;
    // what matters is that it is past valid_until and inside the same hour.
    const { blockTime } = outcome as { blockTime: number };
    expect(blockTime).toBeGreaterThan(hour + 1000);
    expect(blockTime).toBeLessThan(hour + HOUR);
    expect(await world.balanceOf(world.recipient)).toBe(before);
    // Validation wrote its call count before __execute__ refused: the reverted transaction used a call.
    expect(await sessionData(session)).toMatchObject({ status: 'expired', callsUsed: 1 });

    await setTime(world.devnet, hour + HOUR - 60);
    expectRevertedOnChain(await world.sendAsSession(session, pay()), 'SESSION_EXPIRED');
    await setTime(world.devnet, hour + HOUR);
    expectRejectedByChain(
      await world.sendAsSession(session, pay()),
      'SESSION_EXPIRED',
      'session/expired',
    );
    expect(await sessionData(session)).toMatchObject({ callsUsed: 2 });
  });

  it('an update extends the session; signatures carrying the old valid_until are refused', async () => {
    hour += 2 * HOUR;
    const session = await sessionAt(100, 600);
    expect((await world.sendAsSession(session, pay())).kind).toBe('accepted');
    const extended = hour + 5000;
    await world.sdk.sessions.addSessionKeyToContract({
      encryptKey: PIN,
      wallet: world.chipiWallet,
      sessionConfig: {
        sessionPublicKey: session.pair.publicKey,
        validUntil: extended,
        maxCalls: 10,
        allowedEntrypoints: ['transfer'],
      },
    });
    await setTime(world.devnet, hour + 2000);
    expect(await sessionData(session)).toMatchObject({
      status: 'active',
      validUntil: extended,
      callsUsed: 1,
    });
    await expectClientRefusal(world.sdkPay(session, pay()), 'SESSION_VALID_UNTIL_MISMATCH');
    expectRejectedByChain(
      await world.sendAsSession(session, pay()),
      'SESSION_VALID_UNTIL_MISMATCH',
      'session/valid-until-mismatch',
    );
    const renewed = {
      ...session,
      validUntil: extended,
      data: sessionKeyData(session.pair, extended, world.wallet.publicKey),
      account: world.sessionAccount(session.pair, extended),
    };
    expect((await world.sendAsSession(renewed, pay())).kind).toBe('accepted');
    await world.sdkPay(renewed, pay());
    expect(await sessionData(session)).toMatchObject({ callsUsed: 3 });
  });

  it('registering a session that is already expired is refused', async () => {
    const now = await latestBlockTime(world.devnet);
    const key = world.sdk.sessions.createSessionKey({ encryptKey: PIN });
    await expectClientRefusal(
      world.sdk.sessions.addSessionKeyToContract({
        encryptKey: PIN,
        wallet: world.chipiWallet,
        sessionConfig: {
          sessionPublicKey: key.publicKey,
          validUntil: now,
          maxCalls: 1,
          allowedEntrypoints: [],
        },
      }),
      'SESSION_INVALID_CONFIG',
    );
  });
});
