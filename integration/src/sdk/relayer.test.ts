import { ChipiError, ChipiSessionError, type ChipiSessionsSDK } from '@chipi-sessions/sdk';
import type { Account } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIN, type SdkWorld, startSdkWorld, USDC, usdcTransfer } from './sdkHarness.ts';
import { startTestRelayer, type TestRelayer } from './testRelayer.ts';

const TOKEN = 'integration-jwt';

let world: SdkWorld;
let relayer: TestRelayer;
let relayed: ChipiSessionsSDK;
let recipient: string;

beforeAll(async () => {
  world = await startSdkWorld();
  relayer = await startTestRelayer(world.accounts[2] as Account, TOKEN);
  relayed = world.newSdk({ relayerUrl: relayer.url });
  recipient = (world.accounts[1] as Account).address;
});
afterAll(async () => {
  await relayer?.close();
  await world?.stop();
});

const STRK = '0x04718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d';

async function strkOf(address: string): Promise<bigint> {
  const [low, high] = await world.devnet.provider.callContract({
    contractAddress: STRK,
    entrypoint: 'balance_of',
    calldata: [address],
  });
  return (BigInt(high ?? 0) << 128n) + BigInt(low ?? 0);
}

describe('relayer path (SNIP-9 v2 outside execution)', () => {
  it('registers a session and pays with it through the relayer; the wallet pays no fee', async () => {
    const wallet = { ...world.wallet, walletType: 'CHIPI' };
    const session = relayed.sessions.createSessionKey({ encryptKey: PIN, durationSeconds: 3600 });
    // Owner management goes through the relayer too (owner-signed outside execution).
    await relayed.sessions.addSessionKeyToContract(
      {
        encryptKey: PIN,
        wallet,
        sessionConfig: {
          sessionPublicKey: session.publicKey,
          validUntil: session.validUntil,
          maxCalls: 3,
          allowedEntrypoints: [{ contractAddress: world.usdc.address, entrypoint: 'transfer' }],
        },
      },
      TOKEN,
    );
    const strkBefore = await strkOf(world.wallet.publicKey);
    const usdcBefore = await world.balanceOf(recipient);
    const txHash = await relayed.executeTransactionWithSession({
      params: {
        encryptKey: PIN,
        wallet,
        session,
        calls: [usdcTransfer(world.usdc, recipient, USDC)],
      },
      bearerToken: TOKEN,
    });
    expect(relayer.submitted).toContain(txHash);
    expect(await world.balanceOf(recipient)).toBe(usdcBefore + USDC);
    expect(await strkOf(world.wallet.publicKey)).toBe(strkBefore);
    const data = await relayed.sessions.getSessionData({
      walletAddress: world.wallet.publicKey,
      sessionPublicKey: session.publicKey,
    });
    expect(data).toMatchObject({ remainingCalls: 2, callsUsed: 1 });

    // A wrong bearer token is refused by the relayer.
    const error = await relayed
      .executeTransactionWithSession({
        params: {
          encryptKey: PIN,
          wallet,
          session,
          calls: [usdcTransfer(world.usdc, recipient, 1n)],
        },
        bearerToken: 'forged',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChipiError);
    expect((error as ChipiError).code).toBe('RELAYER_UNAUTHORIZED');

    // The account's own refusal comes back through the relayer, decoded.
    const approve = {
      contractAddress: world.usdc.address,
      entrypoint: 'approve',
      calldata: [recipient, '1', '0'],
    };
    const refused = await relayed
      .executeTransactionWithSession({
        params: { encryptKey: PIN, wallet, session, calls: [approve] },
        bearerToken: TOKEN,
        options: { skipPreflight: true },
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChipiSessionError);
    expect((refused as ChipiSessionError).code).toBe('SESSION_ENTRYPOINT_NOT_ALLOWED');
  });

  it('createWallet through a sponsor deployer (UDC)', async () => {
    const { wallet, txHash } = await world.sdk.createWallet({
      encryptKey: PIN,
      deployer: world.accounts[3] as Account,
    });
    expect(txHash).toMatch(/^0x/);
    const classHash = await world.devnet.provider.getClassHashAt(wallet.publicKey);
    expect(BigInt(classHash)).toBe(BigInt(world.classHash));
  });
});
