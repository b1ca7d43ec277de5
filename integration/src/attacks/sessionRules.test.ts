import { getSelectorFromName, toFeltHex } from '@chipi-sessions/core';
import type { Call } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIN, USDC } from '../sdk/sdkHarness.ts';
import {
  type AttackWorld,
  startAttackWorld,
  type TestSession,
  transferCall,
} from './attackWorld.ts';
import {
  expectClientRefusal,
  expectCode,
  expectRejectedByChain,
  expectRevertedOnChain,
  expectSdkChainRefusal,
} from './expectRefusal.ts';

let world: AttackWorld;

beforeAll(async () => {
  world = await startAttackWorld();
});
afterAll(async () => {
  await world?.stop();
});

const sessionData = (session: TestSession) =>
  world.sdk.sessions.getSessionData({
    walletAddress: world.wallet.publicKey,
    sessionPublicKey: session.pair.publicKey,
  });

const usdcTo = (amount: bigint) => transferCall(world.usdc, world.recipient, amount);

describe('call budget (maxCalls)', () => {
  it('the call after the last is refused by the SDK, and by the chain when sent anyway', async () => {
    const session = await world.newSession({ maxCalls: 2 });
    expect((await world.sendAsSession(session, [usdcTo(1n)])).kind).toBe('accepted');
    await world.sdkPay(session, [usdcTo(1n)]);
    expect(await sessionData(session)).toMatchObject({ status: 'exhausted', callsUsed: 2 });

    await expectClientRefusal(world.sdkPay(session, [usdcTo(1n)]), 'SESSION_MAX_CALLS_EXCEEDED');
    const before = await world.balanceOf(world.recipient);
    expectRejectedByChain(
      await world.sendAsSession(session, [usdcTo(1n)]),
      'SESSION_MAX_CALLS_EXCEEDED',
      'session/max-calls-exceeded',
    );
    expect(await world.balanceOf(world.recipient)).toBe(before);
    // A refusal at validation includes nothing, so it consumes nothing.
    expect(await sessionData(session)).toMatchObject({ callsUsed: 2, maxCalls: 2 });
  });

  it('a multicall counts as one call', async () => {
    const session = await world.newSession({ maxCalls: 1 });
    const outcome = await world.sendAsSession(session, [usdcTo(1n), usdcTo(2n), usdcTo(3n)]);
    expect(outcome.kind).toBe('accepted');
    expect(await sessionData(session)).toMatchObject({ callsUsed: 1, status: 'exhausted' });
  });
});

describe('revocation', () => {
  it('a revoked session is refused everywhere and its key can never be registered again', async () => {
    const session = await world.newSession({ maxCalls: 10 });
    await world.sdkPay(session, [usdcTo(1n)]);
    await world.sdk.sessions.revokeSessionKey({
      encryptKey: PIN,
      wallet: world.chipiWallet,
      sessionPublicKey: session.pair.publicKey,
    });
    expect(await sessionData(session)).toMatchObject({ status: 'revoked', remainingCalls: 0 });

    await expectClientRefusal(world.sdkPay(session, [usdcTo(1n)]), 'SESSION_REVOKED');
    await expectSdkChainRefusal(
      world.sdkPay(session, [usdcTo(1n)], true),
      'SESSION_REVOKED',
      'session/revoked',
    );
    expectRejectedByChain(
      await world.sendAsSession(session, [usdcTo(1n)]),
      'SESSION_REVOKED',
      'session/revoked',
    );

    for (const allowedEntrypoints of [
      ['transfer'],
      [{ contractAddress: world.usdc.address, entrypoint: 'transfer' }],
    ]) {
      await expectSdkChainRefusal(
        world.sdk.sessions.addSessionKeyToContract({
          encryptKey: PIN,
          wallet: world.chipiWallet,
          sessionConfig: {
            sessionPublicKey: session.pair.publicKey,
            validUntil: session.validUntil + 100,
            maxCalls: 50,
            allowedEntrypoints,
          },
        }),
        'SESSION_REVOKED',
        'session/revoked',
      );
    }
    expect(await sessionData(session)).toMatchObject({ status: 'revoked', callsUsed: 1 });
  });
});

describe('allow-list', () => {
  it('an entrypoint that is not allowed is refused by the SDK and by the chain', async () => {
    const session = await world.newSession({ allowedEntrypoints: ['transfer'] });
    const approve: Call = {
      contractAddress: world.usdc.address,
      entrypoint: 'approve',
      calldata: [world.recipient, 5n, 0n],
    };
    await expectClientRefusal(world.sdkPay(session, [approve]), 'SESSION_ENTRYPOINT_NOT_ALLOWED');
    expectRejectedByChain(
      await world.sendAsSession(session, [approve]),
      'SESSION_ENTRYPOINT_NOT_ALLOWED',
      'session/entrypoint-not-allowed',
    );
    // One forbidden call in a multicall refuses the whole transaction.
    expectRejectedByChain(
      await world.sendAsSession(session, [usdcTo(1n), approve]),
      'SESSION_ENTRYPOINT_NOT_ALLOWED',
      'session/entrypoint-not-allowed',
    );
    expect(await sessionData(session)).toMatchObject({ callsUsed: 0 });
  });

  it('an entrypoint scoped to one token is refused on another token', async () => {
    const session = await world.newSession({
      allowedEntrypoints: [{ contractAddress: world.usdc.address, entrypoint: 'transfer' }],
    });
    expect((await sessionData(session)).allowedCalls).toEqual([
      {
        contract: toFeltHex(BigInt(world.usdc.address)),
        selector: toFeltHex(getSelectorFromName('transfer')),
      },
    ]);
    const eurcTransfer = transferCall(world.eurc, world.recipient, 1n);
    await expectClientRefusal(
      world.sdkPay(session, [eurcTransfer]),
      'SESSION_ENTRYPOINT_NOT_ALLOWED',
    );
    const before = await world.tokenBalance(world.eurc, world.recipient);
    expectRejectedByChain(
      await world.sendAsSession(session, [eurcTransfer]),
      'SESSION_ENTRYPOINT_NOT_ALLOWED',
      'session/entrypoint-not-allowed',
    );
    expect(await world.tokenBalance(world.eurc, world.recipient)).toBe(before);
    // The same entrypoint on the token it is scoped to passes.
    expect((await world.sendAsSession(session, [usdcTo(1n)])).kind).toBe('accepted');
  });
});

describe('strict mode', () => {
  it('a value-moving call on a token without a policy is refused; other calls pass', async () => {
    const session = await world.newSession({
      strict: true,
      allowedEntrypoints: ['transfer', 'balance_of'],
      spendingPolicies: [
        {
          token: world.usdc.address,
          maxPerCall: 5n * USDC,
          maxPerWindow: 10n * USDC,
          windowSeconds: 3600,
        },
      ],
    });
    expect(await sessionData(session)).toMatchObject({ strict: true, status: 'active' });
    const eurcTransfer = transferCall(world.eurc, world.recipient, 1n);
    await expectClientRefusal(world.sdkPay(session, [eurcTransfer]), 'SESSION_NO_SPENDING_POLICY');
    await expectSdkChainRefusal(
      world.sdkPay(session, [eurcTransfer], true),
      'SESSION_NO_SPENDING_POLICY',
      'policy/no-policy',
    );
    const before = await world.tokenBalance(world.eurc, world.recipient);
    // Spending rules run in __execute__: the transaction is included, reverts, and uses a call.
    expectRevertedOnChain(
      await world.sendAsSession(session, [eurcTransfer]),
      'SESSION_NO_SPENDING_POLICY',
      'policy/no-policy',
    );
    expect(await world.tokenBalance(world.eurc, world.recipient)).toBe(before);
    expect(await sessionData(session)).toMatchObject({ callsUsed: 1 });

    const balanceOf: Call = {
      contractAddress: world.eurc.address,
      entrypoint: 'balance_of',
      calldata: [world.recipient],
    };
    expect((await world.sendAsSession(session, [balanceOf])).kind).toBe('accepted');
    expect((await world.sendAsSession(session, [usdcTo(USDC)])).kind).toBe('accepted');
  });
});

describe('wrong PIN', () => {
  it('SESSION_DECRYPTION_FAILED and nothing changed on chain', async () => {
    const session = await world.newSession({ maxCalls: 3 });
    const state = async () => ({
      session: await sessionData(session),
      nonce: await world.devnet.provider.getNonceForAddress(world.wallet.publicKey),
      balance: await world.balanceOf(world.wallet.publicKey),
    });
    const before = await state();
    for (const skipPreflight of [false, true]) {
      await expectCode(
        world.sdk.executeTransactionWithSession({
          params: {
            encryptKey: '000000',
            wallet: world.chipiWallet,
            session: session.data,
            calls: [usdcTo(1n)],
          },
          options: { skipPreflight },
        }),
        'SESSION_DECRYPTION_FAILED',
      );
    }
    await expectCode(
      world.sdk.sessions.revokeSessionKey({
        encryptKey: '999999',
        wallet: world.chipiWallet,
        sessionPublicKey: session.pair.publicKey,
      }),
      'SESSION_DECRYPTION_FAILED',
    );
    expect(await state()).toEqual(before);
    // The right PIN still works: the failures above left the key usable.
    await world.sdkPay(session, [usdcTo(1n)]);
  });
});

describe('several sessions on one account', () => {
  it('keep independent call counters and spending policies', async () => {
    const policy = (perCall: bigint, perWindow: bigint) => ({
      token: world.usdc.address,
      maxPerCall: perCall,
      maxPerWindow: perWindow,
      windowSeconds: 3600,
    });
    const a = await world.newSession({ maxCalls: 2, spendingPolicies: [policy(3n, 5n)] });
    const b = await world.newSession({ maxCalls: 4, spendingPolicies: [policy(10n, 20n)] });
    const c = await world.newSession({ maxCalls: 3 });
    const policyOf = (s: TestSession) =>
      world.sdk.sessions.getSpendingPolicy({
        walletAddress: world.wallet.publicKey,
        sessionPublicKey: s.pair.publicKey,
        token: world.usdc.address,
      });

    expect((await world.sendAsSession(a, [usdcTo(3n)])).kind).toBe('accepted');
    expect((await world.sendAsSession(b, [usdcTo(10n)])).kind).toBe('accepted');
    expect((await world.sendAsSession(c, [usdcTo(50n)])).kind).toBe('accepted');
    expect(await policyOf(a)).toMatchObject({ spentInWindow: 3n, remainingInWindow: 2n });
    expect(await policyOf(b)).toMatchObject({ spentInWindow: 10n, remainingInWindow: 10n });
    expect(await policyOf(c)).toMatchObject({ exists: false, spentInWindow: 0n });

    // a's window is almost full; b's is not touched by it.
    expectRevertedOnChain(
      await world.sendAsSession(a, [usdcTo(3n)]),
      'SESSION_SPENDING_LIMIT_EXCEEDED',
      'policy/exceeds-window',
    );
    expect((await world.sendAsSession(b, [usdcTo(10n)])).kind).toBe('accepted');
    expect(await policyOf(a)).toMatchObject({ spentInWindow: 3n });
    expect(await policyOf(b)).toMatchObject({ spentInWindow: 20n, remainingInWindow: 0n });

    // a is exhausted (its reverted transaction used its second call); b and c go on.
    expectRejectedByChain(
      await world.sendAsSession(a, [usdcTo(1n)]),
      'SESSION_MAX_CALLS_EXCEEDED',
      'session/max-calls-exceeded',
    );
    expect((await world.sendAsSession(c, [usdcTo(1n)])).kind).toBe('accepted');
    const [da, db, dc] = await Promise.all([sessionData(a), sessionData(b), sessionData(c)]);
    expect(da).toMatchObject({ callsUsed: 2, status: 'exhausted' });
    expect(db).toMatchObject({ callsUsed: 2, remainingCalls: 2, status: 'active' });
    expect(dc).toMatchObject({ callsUsed: 2, remainingCalls: 1, status: 'active' });

    // Revoking one leaves the others live.
    await world.sdk.sessions.revokeSessionKey({
      encryptKey: PIN,
      wallet: world.chipiWallet,
      sessionPublicKey: b.pair.publicKey,
    });
    expect((await sessionData(b)).status).toBe('revoked');
    expect((await world.sendAsSession(c, [usdcTo(1n)])).kind).toBe('accepted');
  });

  it('revoke_all revokes every live session at once; they can never be registered again (runs last)', async () => {
    const first = await world.newSession();
    const second = await world.newSession({ allowedEntrypoints: [] });
    await world.sdk.sessions.revokeAllSessions({ encryptKey: PIN, wallet: world.chipiWallet });
    for (const session of [first, second]) {
      expect((await sessionData(session)).status).toBe('revoked');
      expectRejectedByChain(
        await world.sendAsSession(session, [usdcTo(1n)]),
        'SESSION_REVOKED',
        'session/revoked',
      );
    }
    await expectSdkChainRefusal(
      world.sdk.sessions.addSessionKeyToContract({
        encryptKey: PIN,
        wallet: world.chipiWallet,
        sessionConfig: {
          sessionPublicKey: first.pair.publicKey,
          validUntil: first.validUntil,
          maxCalls: 5,
          allowedEntrypoints: ['transfer'],
        },
      }),
      'SESSION_REVOKED',
      'session/revoked',
    );
    // A key never registered before the epoch change registers and works.
    const fresh = await world.newSession();
    expect((await world.sendAsSession(fresh, [usdcTo(1n)])).kind).toBe('accepted');
  });
});
