import { getSelectorFromName, toFeltHex } from '@chipi-sessions/core';
import {
  ChipiSessionError,
  type SessionErrorCode,
  type SessionKeyData,
  type WalletData,
} from '@chipi-sessions/sdk';
import type { Call } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { increaseTime, latestBlockTime } from '../devnet/timeTravel.ts';
import { PIN, type SdkWorld, startSdkWorld, USDC, usdcTransfer } from './sdkHarness.ts';

const TRANSFER = toFeltHex(getSelectorFromName('transfer'));

let world: SdkWorld;
let recipient: string;

beforeAll(async () => {
  world = await startSdkWorld();
  recipient = (world.accounts[1] as { address: string }).address;
});
afterAll(async () => {
  await world?.stop();
});

/** Creates a session and registers it with a transfer-only allow-list (the seed example). */
async function registeredSession(
  maxCalls: number,
  extra: Record<string, unknown> = {},
): Promise<SessionKeyData> {
  const session = world.sdk.sessions.createSessionKey({
    encryptKey: PIN,
    durationSeconds: 60 * 60,
  });
  const txHash = await world.sdk.sessions.addSessionKeyToContract(
    {
      encryptKey: PIN,
      wallet: { ...world.wallet, walletType: 'CHIPI' },
      sessionConfig: {
        sessionPublicKey: session.publicKey,
        validUntil: session.validUntil,
        maxCalls,
        allowedEntrypoints: ['transfer'],
        ...extra,
      },
    },
    'bearer-token',
  );
  expect(txHash).toMatch(/^0x[0-9a-f]+$/);
  return session;
}

function pay(session: SessionKeyData, calls: Call[], skipPreflight = false, wallet?: WalletData) {
  return world.sdk.executeTransactionWithSession({
    params: {
      encryptKey: PIN,
      wallet: wallet ?? { ...world.wallet, walletType: 'CHIPI' },
      session,
      calls,
    },
    bearerToken: 'bearer-token',
    ...(skipPreflight ? { options: { skipPreflight: true } } : {}),
  });
}

async function expectCode(
  promise: Promise<unknown>,
  code: SessionErrorCode,
): Promise<ChipiSessionError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ChipiSessionError);
  expect((error as ChipiSessionError).code).toBe(code);
  return error as ChipiSessionError;
}

describe('seed examples on devnet', () => {
  it('createWallet deployed a CHIPI account whose owner key decrypts with the PIN', async () => {
    expect(world.wallet.walletType).toBe('CHIPI');
    const classHash = await world.devnet.provider.getClassHashAt(world.wallet.publicKey);
    expect(BigInt(classHash)).toBe(BigInt(world.classHash));
    expect(await world.balanceOf(world.wallet.publicKey)).toBe(100n * USDC);
  });

  it('registers a transfer-only session, pays USDC with it, and reports the calls used', async () => {
    const before = await world.sdk.sessions.getSessionData({
      walletAddress: world.wallet.publicKey,
      sessionPublicKey: world.sdk.sessions.createSessionKey({ encryptKey: PIN }).publicKey,
    });
    expect(before).toMatchObject({ isActive: false, status: 'unknown', remainingCalls: 0 });

    const session = await registeredSession(50);
    const registered = await world.sdk.sessions.getSessionData({
      walletAddress: world.wallet.publicKey,
      sessionPublicKey: session.publicKey,
    });
    expect(registered).toMatchObject({
      isActive: true,
      validUntil: session.validUntil,
      remainingCalls: 50,
      allowedEntrypoints: [TRANSFER],
      status: 'active',
      callsUsed: 0,
      maxCalls: 50,
    });

    const balanceBefore = await world.balanceOf(recipient);
    const txHash = await pay(session, [usdcTransfer(world.usdc, recipient, 2n * USDC)]);
    expect(txHash).toMatch(/^0x/);
    const receipt = await world.devnet.provider.getTransactionReceipt(txHash);
    expect(receipt.isSuccess()).toBe(true);
    expect(await world.balanceOf(recipient)).toBe(balanceBefore + 2n * USDC);

    const after = await world.sdk.sessions.getSessionData({
      walletAddress: world.wallet.publicKey,
      sessionPublicKey: session.publicKey,
    });
    expect(after).toMatchObject({ isActive: true, remainingCalls: 49, callsUsed: 1 });
  });

  it('refuses a call outside the allow-list, client-side and on-chain', async () => {
    const session = await registeredSession(10);
    const approve: Call = {
      contractAddress: world.usdc.address,
      entrypoint: 'approve',
      calldata: [recipient, '1', '0'],
    };
    await expectCode(pay(session, [approve]), 'SESSION_ENTRYPOINT_NOT_ALLOWED');
    const onChain = await expectCode(
      pay(session, [approve], true),
      'SESSION_ENTRYPOINT_NOT_ALLOWED',
    );
    expect(onChain.details.reason).toBe('session/entrypoint-not-allowed');
    expect(onChain.cause).toBeDefined();
  });

  it('exhausts maxCalls: SESSION_MAX_CALLS_EXCEEDED client-side and on-chain', async () => {
    const session = await registeredSession(2);
    await pay(session, [usdcTransfer(world.usdc, recipient, 1n)]);
    await pay(session, [usdcTransfer(world.usdc, recipient, 1n)]);
    const data = await world.sdk.sessions.getSessionData({
      walletAddress: world.wallet.publicKey,
      sessionPublicKey: session.publicKey,
    });
    expect(data).toMatchObject({ isActive: false, status: 'exhausted', remainingCalls: 0 });
    await expectCode(
      pay(session, [usdcTransfer(world.usdc, recipient, 1n)]),
      'SESSION_MAX_CALLS_EXCEEDED',
    );
    const onChain = await expectCode(
      pay(session, [usdcTransfer(world.usdc, recipient, 1n)], true),
      'SESSION_MAX_CALLS_EXCEEDED',
    );
    expect(onChain.details.reason).toBe('session/max-calls-exceeded');
  });

  it('revokes a session: SESSION_REVOKED client-side and on-chain', async () => {
    const session = await registeredSession(10);
    await pay(session, [usdcTransfer(world.usdc, recipient, 1n)]);
    const txHash = await world.sdk.sessions.revokeSessionKey(
      {
        encryptKey: PIN,
        wallet: { ...world.wallet, walletType: 'CHIPI' },
        sessionPublicKey: session.publicKey,
      },
      'bearer-token',
    );
    expect(txHash).toMatch(/^0x/);
    const data = await world.sdk.sessions.getSessionData({
      walletAddress: world.wallet.publicKey,
      sessionPublicKey: session.publicKey,
    });
    expect(data).toMatchObject({ isActive: false, status: 'revoked', remainingCalls: 0 });
    await expectCode(pay(session, [usdcTransfer(world.usdc, recipient, 1n)]), 'SESSION_REVOKED');
    await expectCode(
      pay(session, [usdcTransfer(world.usdc, recipient, 1n)], true),
      'SESSION_REVOKED',
    );
  });

  it('sets, reads and removes a spending policy; the window limit holds on-chain', async () => {
    const session = await registeredSession(20);
    const wallet = { ...world.wallet, walletType: 'CHIPI' };
    const ref = {
      walletAddress: world.wallet.publicKey,
      sessionPublicKey: session.publicKey,
      token: world.usdc.address,
    };
    expect(await world.sdk.sessions.getSpendingPolicy(ref)).toMatchObject({ exists: false });

    await world.sdk.sessions.setSpendingPolicy(
      {
        encryptKey: PIN,
        wallet,
        spendingPolicyConfig: {
          sessionPublicKey: session.publicKey,
          token: world.usdc.address,
          maxPerCall: 2n * USDC,
          maxPerWindow: 3n * USDC,
          windowSeconds: 3600,
        },
      },
      'bearer-token',
    );
    expect(await world.sdk.sessions.getSpendingPolicy(ref)).toEqual({
      exists: true,
      maxPerCall: 2n * USDC,
      maxPerWindow: 3n * USDC,
      windowSeconds: 3600,
      spentInWindow: 0n,
      remainingInWindow: 3n * USDC,
      nextReleaseAt: 0,
    });

    await expectCode(
      pay(session, [usdcTransfer(world.usdc, recipient, 2n * USDC + 1n)]),
      'SESSION_SPENDING_LIMIT_EXCEEDED',
    );
    await pay(session, [usdcTransfer(world.usdc, recipient, 2n * USDC)]);
    const spent = await world.sdk.sessions.getSpendingPolicy(ref);
    const now = await latestBlockTime(world.devnet);
    expect(spent).toMatchObject({ spentInWindow: 2n * USDC, remainingInWindow: 1n * USDC });
    expect(spent.nextReleaseAt).toBeGreaterThan(now);
    expect(spent.nextReleaseAt).toBeLessThanOrEqual(now + 3600 + 2 * Math.ceil(3600 / 7));

    await expectCode(
      pay(session, [usdcTransfer(world.usdc, recipient, 2n * USDC)]),
      'SESSION_SPENDING_LIMIT_EXCEEDED',
    );
    const onChain = await expectCode(
      pay(session, [usdcTransfer(world.usdc, recipient, 2n * USDC)], true),
      'SESSION_SPENDING_LIMIT_EXCEEDED',
    );
    expect(onChain.details.reason).toBe('policy/exceeds-window');

    await expectCode(
      world.sdk.sessions.setSpendingPolicy(
        {
          encryptKey: PIN,
          wallet,
          spendingPolicyConfig: { ...ref, maxPerCall: 1n, maxPerWindow: 1n, windowSeconds: 0 },
        },
        'bearer-token',
      ),
      'INVALID_SPENDING_POLICY',
    );

    await world.sdk.sessions.removeSpendingPolicy(
      { encryptKey: PIN, wallet, sessionPublicKey: session.publicKey, token: world.usdc.address },
      'bearer-token',
    );
    expect(await world.sdk.sessions.getSpendingPolicy(ref)).toMatchObject({ exists: false });
    await pay(session, [usdcTransfer(world.usdc, recipient, 2n * USDC)]); // unlimited again
  });

  it('wrong PIN: SESSION_DECRYPTION_FAILED for the session and for the owner', async () => {
    const session = await registeredSession(5);
    await expectCode(
      world.sdk.executeTransactionWithSession({
        params: {
          encryptKey: '000000',
          wallet: { ...world.wallet, walletType: 'CHIPI' },
          session,
          calls: [usdcTransfer(world.usdc, recipient, 1n)],
        },
      }),
      'SESSION_DECRYPTION_FAILED',
    );
    await expectCode(
      world.sdk.sessions.revokeSessionKey(
        {
          encryptKey: '000000',
          wallet: { ...world.wallet, walletType: 'CHIPI' },
          sessionPublicKey: session.publicKey,
        },
        'bearer-token',
      ),
      'SESSION_DECRYPTION_FAILED',
    );
  });

  it('INVALID_WALLET_TYPE_FOR_SESSION for a non-CHIPI wallet', async () => {
    const session = world.sdk.sessions.createSessionKey({ encryptKey: PIN });
    await expectCode(
      pay(session, [usdcTransfer(world.usdc, recipient, 1n)], false, {
        ...world.wallet,
        walletType: 'READY',
      }),
      'INVALID_WALLET_TYPE_FOR_SESSION',
    );
  });

  it('owner transactions still work with executeTransaction', async () => {
    const before = await world.balanceOf(recipient);
    await world.sdk.executeTransaction({
      params: {
        encryptKey: PIN,
        wallet: world.wallet,
        calls: [usdcTransfer(world.usdc, recipient, 3n)],
      },
    });
    expect(await world.balanceOf(recipient)).toBe(before + 3n);
  });

  it('expires: SESSION_EXPIRED client-side and on-chain (runs last: moves the clock)', async () => {
    const session = await registeredSession(10);
    await increaseTime(world.devnet, 2 * 60 * 60);
    const data = await world.sdk.sessions.getSessionData({
      walletAddress: world.wallet.publicKey,
      sessionPublicKey: session.publicKey,
    });
    expect(data).toMatchObject({ isActive: false, status: 'expired' });
    await expectCode(pay(session, [usdcTransfer(world.usdc, recipient, 1n)]), 'SESSION_EXPIRED');
    await expectCode(
      pay(session, [usdcTransfer(world.usdc, recipient, 1n)], true),
      'SESSION_EXPIRED',
    );
  });
});
