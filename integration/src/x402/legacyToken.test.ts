import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildExactStarknetPayload,
  isX402Error,
  type PaymentRequirements,
} from '@chipi-sessions/x402';
import { X402Client } from '@chipi-sessions/x402/client';
import { type Account, type Contract, hash, num } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployLegacyToken } from '../contracts/deployLegacyToken.ts';
import { mintUsdc, PIN, type SdkWorld, sessionSigner, startSdkWorld } from '../sdk/sdkHarness.ts';
import {
  type FacilitatorInstance,
  PRICE,
  sessionAccount,
  startFacilitator,
  startPaidApi,
} from './x402Harness.ts';

// A token deployed before the snake_case standard: the facilitator reads the payer's balance
// through `balanceOf` and finds the payment in a `Transfer` event whose fields are all data.
let world: SdkWorld;
let dir: string;
let token: Contract;
let facilitator: FacilitatorInstance;
let api: Awaited<ReturnType<typeof startPaidApi>>;
let payTo: string;

beforeAll(async () => {
  world = await startSdkWorld();
  token = await deployLegacyToken(world.deployer);
  await mintUsdc(world.devnet, token, world.deployer, world.wallet.publicKey, 3n * PRICE);
  dir = mkdtempSync(join(tmpdir(), 'chipi-x402-legacy-'));
  facilitator = await startFacilitator(world, join(dir, 'settlements.sqlite'));
  payTo = (world.accounts[1] as Account).address;
  api = await startPaidApi({
    facilitatorUrl: facilitator.running.url,
    network: await facilitator.facilitator.network(),
    asset: token.address,
    payTo,
    feePayer: facilitator.facilitator.relayerAddress,
  });
});

afterAll(async () => {
  await api?.close();
  await facilitator?.stop();
  await world?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const balanceOf = async (address: string) => (await token.call('balanceOf', [address])) as bigint;

/** A session that may call the legacy token's `transfer`, with no spending policy. */
async function registerTokenSession() {
  const session = world.sdk.sessions.createSessionKey({ encryptKey: PIN, durationSeconds: 3600 });
  await world.sdk.sessions.addSessionKeyToContract({
    encryptKey: PIN,
    wallet: { ...world.wallet, walletType: 'CHIPI' },
    sessionConfig: {
      sessionPublicKey: session.publicKey,
      validUntil: session.validUntil,
      maxCalls: 10,
      allowedEntrypoints: [{ contractAddress: token.address, entrypoint: 'transfer' }],
    },
  });
  return session;
}

describe('x402 exact payments in a camelCase-only token on devnet', () => {
  it('answers a payment whose record is gone with the transaction that executed it', async () => {
    const session = await registerTokenSession();
    const network = await facilitator.facilitator.network();
    const requirements: PaymentRequirements = {
      scheme: 'exact',
      network,
      amount: String(PRICE),
      asset: token.address,
      payTo,
      maxTimeoutSeconds: 300,
      extra: { areFeesSponsored: true, feePayer: facilitator.facilitator.relayerAddress },
    };
    const payment = await buildExactStarknetPayload({
      requirements,
      resource: { url: `${api.url}/rescue` },
      from: world.wallet.publicKey,
      signer: sessionSigner(world, session),
      now: Math.floor(Date.now() / 1000),
    });
    const paid = await facilitator.facilitator.settle(payment, requirements);
    expect(paid).toMatchObject({ success: true });
    const payerAfter = await balanceOf(world.wallet.publicKey);

    // A store that never saw the payment: the search finds it among data-layout events.
    const amnesic = await startFacilitator(world, join(dir, 'amnesic.sqlite'));
    try {
      expect(await amnesic.facilitator.settle(payment, requirements)).toEqual({
        success: true,
        payer: paid.payer,
        transaction: paid.transaction,
        network,
      });
    } finally {
      await amnesic.stop();
    }
    expect(await balanceOf(world.wallet.publicKey)).toBe(payerAfter);
  });

  it('settles through balanceOf and a data-layout Transfer event, then refuses a payer without funds', async () => {
    await expect(
      world.devnet.provider.callContract({
        contractAddress: token.address,
        entrypoint: 'balance_of',
        calldata: [world.wallet.publicKey],
      }),
    ).rejects.toThrow(/Requested entrypoint does not exist/);

    const session = await registerTokenSession();
    const transactions: string[] = [];
    const client = new X402Client(sessionAccount(world, session), {
      maxPaymentAmount: '0.10',
      allowedRecipients: [payTo],
      allowedAssets: [{ address: token.address, decimals: 6 }],
      onPaymentComplete: (txHash) => {
        transactions.push(txHash);
      },
    });

    const before = {
      payer: await balanceOf(world.wallet.publicKey),
      payee: await balanceOf(payTo),
    };
    const response = await client.fetch(`${api.url}/query?q=legacy`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ paidBy: num.toHex(world.wallet.publicKey) });
    expect(await balanceOf(world.wallet.publicKey)).toBe(before.payer - PRICE);
    expect(await balanceOf(payTo)).toBe(before.payee + PRICE);

    expect(transactions).toHaveLength(1);
    const receipt = (await world.devnet.provider.getTransactionReceipt(
      transactions[0]!,
    )) as unknown as {
      events: { from_address: string; keys: string[]; data: string[] }[];
    };
    const payment = receipt.events.filter(
      (event) =>
        BigInt(event.from_address) === BigInt(token.address) &&
        BigInt(event.keys[0]!) === BigInt(hash.getSelectorFromName('Transfer')),
    );
    expect(payment).toHaveLength(1);
    expect(payment[0]!.keys).toHaveLength(1);
    expect(payment[0]!.data.map((felt) => BigInt(felt))).toEqual([
      BigInt(world.wallet.publicKey),
      BigInt(payTo),
      PRICE,
      0n,
    ]);

    // Drain the wallet below the price: the facilitator's balance check (through `balanceOf`)
    // refuses the next payment before any simulation.
    const rest = await balanceOf(world.wallet.publicKey);
    await world.sdk.executeTransaction({
      params: {
        encryptKey: PIN,
        wallet: world.wallet,
        calls: [
          {
            contractAddress: token.address,
            entrypoint: 'transfer',
            calldata: [payTo, (rest - PRICE + 1n).toString(), '0x0'],
          },
        ],
      },
    });
    const refused = await client.fetch(`${api.url}/query?q=broke`).catch((error: unknown) => error);
    if (!isX402Error(refused)) throw refused;
    expect(refused.code).toBe('insufficient_funds');
    expect(refused.details.status).toBe(402);
    expect(await balanceOf(world.wallet.publicKey)).toBe(PRICE - 1n);
    expect(api.served).toBe(1);
  });
});
