import { signSessionTransaction } from '@chipi-sessions/core';
import type { WalletData } from '@chipi-sessions/sdk';
import { Account, type Call, hash, transaction } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedSignatureSigner } from '../chain/FixedSignatureSigner.ts';
import type { FixedResourceBounds } from '../chain/fixedResourceBounds.ts';
import { sendRaw } from '../chain/sendRaw.ts';
import { mintStrk } from '../devnet/mintStrk.ts';
import { mintUsdc, PIN } from '../sdk/sdkHarness.ts';
import {
  type AttackWorld,
  startAttackWorld,
  type TestSession,
  transferCall,
} from './attackWorld.ts';
import { expectRejectedByChain } from './expectRefusal.ts';

let world: AttackWorld;
let chainId: string;
/** A second CHIPI wallet on which the same session key is registered with the same expiry. */
let other: WalletData;
let session: TestSession;
let sibling: TestSession;

beforeAll(async () => {
  world = await startAttackWorld();
  chainId = await world.devnet.provider.getChainId();
  session = await world.newSession({ maxCalls: 50 });
  sibling = await world.newSession({ maxCalls: 50 });
  ({ wallet: other } = await world.sdk.createWallet({
    encryptKey: PIN,
    fund: async (address) => {
      await mintStrk(world.devnet, address, 10n ** 21n);
    },
  }));
  other = { ...other, walletType: 'CHIPI' };
  await mintUsdc(world.devnet, world.usdc, world.deployer, other.publicKey, 1000n);
  await world.sdk.sessions.addSessionKeyToContract({
    encryptKey: PIN,
    wallet: other,
    sessionConfig: {
      sessionPublicKey: session.pair.publicKey,
      validUntil: session.validUntil,
      maxCalls: 50,
      allowedEntrypoints: ['transfer'],
    },
  });
});
afterAll(async () => {
  await world?.stop();
});

interface TxFields {
  sender: string;
  nonce: bigint;
  tip: bigint;
  resourceBounds: FixedResourceBounds;
}

/** The V3 INVOKE hash the account sees as `tx_info.transaction_hash`, computed by hand. */
function invokeHash(calls: Call[], tx: TxFields): string {
  return hash.calculateInvokeTransactionHash({
    senderAddress: tx.sender,
    version: '0x3',
    compiledCalldata: transaction.getExecuteCalldata(calls, '1'),
    chainId: chainId as Parameters<typeof hash.calculateInvokeTransactionHash>[0]['chainId'],
    nonce: tx.nonce,
    accountDeploymentData: [],
    nonceDataAvailabilityMode: 0,
    feeDataAvailabilityMode: 0,
    resourceBounds: tx.resourceBounds,
    tip: tx.tip,
    paymasterData: [],
  });
}

/** Submits `calls` as `tx` describes it, carrying `signature` whatever it signs. */
function submit(calls: Call[], tx: TxFields, signature: readonly string[]) {
  const account = new Account({
    provider: world.devnet.provider,
    address: tx.sender,
    signer: new FixedSignatureSigner(signature),
    cairoVersion: '1',
  });
  return sendRaw(account, calls, {
    resourceBounds: tx.resourceBounds,
    tip: tx.tip,
    nonce: tx.nonce,
  });
}

async function fields(sender: string): Promise<TxFields> {
  const nonce = BigInt(await world.devnet.provider.getNonceForAddress(sender));
  return { sender, nonce, tip: 0n, resourceBounds: world.bounds };
}

const sign = (of: TestSession, txHash: string, validUntil = of.validUntil) => [
  ...signSessionTransaction({
    transactionHash: txHash,
    privateKey: of.pair.privateKey,
    validUntil,
  }),
];

const pay = (amount: bigint) => [transferCall(world.usdc, world.recipient, amount)];
const callsUsed = async (s: TestSession, wallet = world.wallet.publicKey) =>
  (
    await world.sdk.sessions.getSessionData({
      walletAddress: wallet,
      sessionPublicKey: s.pair.publicKey,
    })
  ).callsUsed;

describe('session signatures cannot be replayed or altered', () => {
  it('a hand-built signature over the exact transaction is accepted (control)', async () => {
    const tx = await fields(world.wallet.publicKey);
    const before = await world.balanceOf(world.recipient);
    expect((await submit(pay(7n), tx, sign(session, invokeHash(pay(7n), tx)))).kind).toBe(
      'accepted',
    );
    expect(await world.balanceOf(world.recipient)).toBe(before + 7n);
  });

  it('replayed on another account holding the same session key', async () => {
    const tx = await fields(other.publicKey);
    const signedForFirst = sign(
      session,
      invokeHash(pay(5n), { ...tx, sender: world.wallet.publicKey }),
    );
    const usedBefore = await callsUsed(session, other.publicKey);
    expectRejectedByChain(
      await submit(pay(5n), tx, signedForFirst),
      'SESSION_INVALID_SIGNATURE',
      'session/invalid-signature',
    );
    expect(await callsUsed(session, other.publicKey)).toBe(usedBefore);
    // The same session signing for that account is accepted there.
    expect((await submit(pay(5n), tx, sign(session, invokeHash(pay(5n), tx)))).kind).toBe(
      'accepted',
    );
  });

  it('with an altered tip', async () => {
    const tx = await fields(world.wallet.publicKey);
    const signature = sign(session, invokeHash(pay(1n), tx));
    expectRejectedByChain(
      await submit(pay(1n), { ...tx, tip: 1n }, signature),
      'SESSION_INVALID_SIGNATURE',
      'session/invalid-signature',
    );
  });

  it('with altered resource bounds', async () => {
    const tx = await fields(world.wallet.publicKey);
    const signature = sign(session, invokeHash(pay(1n), tx));
    const l2 = tx.resourceBounds.l2_gas;
    const raised = {
      ...tx.resourceBounds,
      l2_gas: { ...l2, max_amount: l2.max_amount + 1n },
    };
    expectRejectedByChain(
      await submit(pay(1n), { ...tx, resourceBounds: raised }, signature),
      'SESSION_INVALID_SIGNATURE',
      'session/invalid-signature',
    );
    const pricier = {
      ...tx.resourceBounds,
      l2_gas: { ...l2, max_price_per_unit: l2.max_price_per_unit + 1n },
    };
    expectRejectedByChain(
      await submit(pay(1n), { ...tx, resourceBounds: pricier }, signature),
      'SESSION_INVALID_SIGNATURE',
      'session/invalid-signature',
    );
  });

  it('with altered calldata', async () => {
    const tx = await fields(world.wallet.publicKey);
    const signature = sign(session, invokeHash(pay(1n), tx));
    expectRejectedByChain(
      await submit(pay(1000n), tx, signature),
      'SESSION_INVALID_SIGNATURE',
      'session/invalid-signature',
    );
  });

  it('presented as another session of the same account', async () => {
    const tx = await fields(world.wallet.publicKey);
    const txHash = invokeHash(pay(1n), tx);
    const [, r, s] = sign(session, txHash);
    const usedBefore = [await callsUsed(session), await callsUsed(sibling)];
    const asSibling = [
      sibling.pair.publicKey,
      r as string,
      s as string,
      `0x${sibling.validUntil.toString(16)}`,
    ];
    expectRejectedByChain(
      await submit(pay(1n), tx, asSibling),
      'SESSION_INVALID_SIGNATURE',
      'session/invalid-signature',
    );
    // Another key signing the message that names the sibling does not pass either.
    const forged = signSessionTransaction({
      transactionHash: txHash,
      privateKey: session.pair.privateKey,
      validUntil: sibling.validUntil,
    });
    expectRejectedByChain(
      await submit(pay(1n), tx, [sibling.pair.publicKey, forged[1], forged[2], forged[3]]),
      'SESSION_INVALID_SIGNATURE',
      'session/invalid-signature',
    );
    expect([await callsUsed(session), await callsUsed(sibling)]).toEqual(usedBefore);
  });

  it('carrying another valid_until than the registered one', async () => {
    const tx = await fields(world.wallet.publicKey);
    const signature = sign(session, invokeHash(pay(1n), tx), session.validUntil - 1);
    expectRejectedByChain(
      await submit(pay(1n), tx, signature),
      'SESSION_VALID_UNTIL_MISMATCH',
      'session/valid-until-mismatch',
    );
  });

  it('an accepted transaction cannot be sent twice', async () => {
    const tx = await fields(world.wallet.publicKey);
    const signature = sign(session, invokeHash(pay(2n), tx));
    expect((await submit(pay(2n), tx, signature)).kind).toBe('accepted');
    const before = await world.balanceOf(world.recipient);
    const again = await submit(pay(2n), tx, signature);
    expect(again.kind).toBe('rejected');
    expect(String((again as { error: Error }).error.message)).toMatch(/nonce/i);
    expect(await world.balanceOf(world.recipient)).toBe(before);
  });
});
