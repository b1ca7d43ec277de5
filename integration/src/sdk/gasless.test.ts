/**
 * The SDK on SNIP-29: with `paymasterUrl`, the whole seed lifecycle runs gasless through our
 * paymaster — a wallet that never holds STRK is created, registers a session, pays with it and
 * revokes it — and refusals come back typed: the account's own (decoded from the paymaster's
 * `TRANSACTION_EXECUTION_ERROR`) and the paymaster's (an unknown API key).
 */
import { ChipiError, ChipiSessionError, type ChipiSessionsSDK } from '@chipi-sessions/sdk';
import type { Account } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  startTestPaymaster,
  strkBalance,
  type TestPaymaster,
} from '../paymaster/paymasterHarness.ts';
import { mintUsdc, PIN, type SdkWorld, startSdkWorld, USDC, usdcTransfer } from './sdkHarness.ts';

let world: SdkWorld;
let pm: TestPaymaster;
let gasless: ChipiSessionsSDK;
let recipient: string;

beforeAll(async () => {
  world = await startSdkWorld();
  pm = await startTestPaymaster(world.devnet, { relayerIndex: 2 });
  gasless = world.newSdk({ paymasterUrl: pm.paymaster.url, bearerToken: API_KEY });
  recipient = (world.accounts[1] as Account).address;
});
afterAll(async () => {
  await pm?.stop();
  await world?.stop();
});

describe('SDK with paymasterUrl (SNIP-29, sponsored)', () => {
  it('a wallet with zero STRK is created, registers a session, pays and revokes it', async () => {
    const { wallet, txHash } = await gasless.createWallet({ encryptKey: PIN });
    expect(txHash).toMatch(/^0x/);
    expect(BigInt(await world.devnet.provider.getClassHashAt(wallet.publicKey))).toBe(
      BigInt(world.classHash),
    );
    await mintUsdc(world.devnet, world.usdc, world.deployer, wallet.publicKey, 10n * USDC);

    const session = gasless.sessions.createSessionKey({ encryptKey: PIN, durationSeconds: 3600 });
    await gasless.sessions.addSessionKeyToContract({
      encryptKey: PIN,
      wallet,
      sessionConfig: {
        sessionPublicKey: session.publicKey,
        validUntil: session.validUntil,
        maxCalls: 5,
        allowedEntrypoints: [{ contractAddress: world.usdc.address, entrypoint: 'transfer' }],
      },
    });
    const before = await world.balanceOf(recipient);
    await gasless.executeTransactionWithSession({
      params: {
        encryptKey: PIN,
        wallet,
        session,
        calls: [usdcTransfer(world.usdc, recipient, USDC)],
      },
    });
    expect(await world.balanceOf(recipient)).toBe(before + USDC);
    expect(
      await gasless.sessions.getSessionData({
        walletAddress: wallet.publicKey,
        sessionPublicKey: session.publicKey,
      }),
    ).toMatchObject({ callsUsed: 1, remainingCalls: 4 });

    await gasless.sessions.revokeSessionKey({
      encryptKey: PIN,
      wallet,
      sessionPublicKey: session.publicKey,
    });
    const revoked = await gasless
      .executeTransactionWithSession({
        params: {
          encryptKey: PIN,
          wallet,
          session,
          calls: [usdcTransfer(world.usdc, recipient, 1n)],
        },
      })
      .catch((e: unknown) => e);
    expect((revoked as ChipiSessionError).code).toBe('SESSION_REVOKED');
    expect(await strkBalance(world.devnet, wallet.publicKey)).toBe(0n);
  });

  it('creates a wallet together with its first owner call in one sponsored transaction', async () => {
    const { wallet } = await gasless.createWallet({ encryptKey: PIN });
    // The new wallet's first owner call rides on its deployment.
    const { wallet: second } = await gasless.createWallet({
      encryptKey: PIN,
      calls: [
        {
          contractAddress: world.usdc.address,
          entrypoint: 'approve',
          calldata: [wallet.publicKey, '7', '0'],
        },
      ],
    });
    const [low] = await world.devnet.provider.callContract({
      contractAddress: world.usdc.address,
      entrypoint: 'allowance',
      calldata: [second.publicKey, wallet.publicKey],
    });
    expect(BigInt(low ?? 0)).toBe(7n);
    expect(await strkBalance(world.devnet, second.publicKey)).toBe(0n);
  });

  it("surfaces the account's refusal of a session transaction as its typed error", async () => {
    const session = gasless.sessions.createSessionKey({ encryptKey: PIN, durationSeconds: 3600 });
    const wallet = { ...world.wallet, walletType: 'CHIPI' };
    await gasless.sessions.addSessionKeyToContract({
      encryptKey: PIN,
      wallet,
      sessionConfig: {
        sessionPublicKey: session.publicKey,
        validUntil: session.validUntil,
        maxCalls: 5,
        allowedEntrypoints: [{ contractAddress: world.usdc.address, entrypoint: 'transfer' }],
      },
    });
    const approve = {
      contractAddress: world.usdc.address,
      entrypoint: 'approve',
      calldata: [recipient, '1', '0'],
    };
    const refused = await gasless
      .executeTransactionWithSession({
        params: { encryptKey: PIN, wallet, session, calls: [approve] },
        options: { skipPreflight: true },
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChipiSessionError);
    expect((refused as ChipiSessionError).code).toBe('SESSION_ENTRYPOINT_NOT_ALLOWED');
  });

  it('an unknown API key is PAYMASTER_REFUSED, with the SNIP-29 code', async () => {
    const error = await gasless
      .executeTransaction({
        params: {
          encryptKey: PIN,
          wallet: world.wallet,
          calls: [usdcTransfer(world.usdc, recipient, 1n)],
        },
        bearerToken: 'not-a-key',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChipiError);
    expect((error as ChipiError).code).toBe('PAYMASTER_REFUSED');
    expect((error as ChipiError).details.paymasterCode).toBe(163);
  });
});
