import {
  decryptPrivateKey,
  getPublicKey,
  getSelectorFromName,
  inspectKeyEnvelope,
  toPaddedHex,
} from '@chipi-sessions/core';
import { Account, hash } from 'starknet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixture, type Fixture, OWNER_KEY, PIN } from './testing/fixture.js';

const CLASS_HASH = '0x5e2e3c0ffee';

let f: Fixture;
beforeEach(async () => {
  f = await createFixture({ accountClassHash: CLASS_HASH });
});
afterEach(async () => {
  await f.close();
});

function expectWallet(wallet: {
  publicKey: string;
  encryptedPrivateKey: string;
  walletType: string;
}) {
  expect(wallet.walletType).toBe('CHIPI');
  const meta = inspectKeyEnvelope(wallet.encryptedPrivateKey);
  expect(BigInt(meta.walletAddress)).toBe(BigInt(wallet.publicKey));
  const ownerKey = decryptPrivateKey({
    envelope: wallet.encryptedPrivateKey,
    pin: PIN,
    walletAddress: wallet.publicKey,
  });
  const ownerPub = getPublicKey(ownerKey);
  expect(
    toPaddedHex(hash.calculateContractAddressFromHash(ownerPub, CLASS_HASH, [ownerPub], 0)),
  ).toBe(wallet.publicKey);
  return ownerPub;
}

describe('createWallet', () => {
  it('funds the counterfactual address, then sends DEPLOY_ACCOUNT', async () => {
    const funded: string[] = [];
    const { wallet, txHash } = await f.sdk.createWallet({
      encryptKey: PIN,
      fund: async (address) => {
        funded.push(address);
      },
    });
    const ownerPub = expectWallet(wallet);
    expect(funded).toEqual([wallet.publicKey]);
    expect(txHash).toBe('0xdeb10c');
    const sent = f.node.deployments.at(-1) as Record<string, unknown>;
    expect(sent.class_hash).toBe(CLASS_HASH);
    expect(BigInt(sent.contract_address_salt as string)).toBe(BigInt(ownerPub));
    expect((sent.constructor_calldata as string[]).map(BigInt)).toEqual([BigInt(ownerPub)]);
    expect(sent.signature as string[]).toHaveLength(2);
  });

  it('or lets a sponsor deploy it through the UDC at the same address', async () => {
    const deployer = new Account({
      provider: f.node.provider,
      address: '0x999',
      signer: OWNER_KEY,
      cairoVersion: '1',
    });
    const { wallet, txHash } = await f.sdk.createWallet({ encryptKey: PIN, deployer });
    const ownerPub = expectWallet(wallet);
    const invoke = f.node.transactions.find((t) => t.kind === 'invoke');
    expect(invoke?.hash).toBe(txHash);
    const [udcCall] = invoke?.calls ?? [];
    expect(udcCall?.selector).toBe(getSelectorFromName('deploy_contract'));
    expect(udcCall?.calldata).toEqual([
      BigInt(CLASS_HASH),
      BigInt(ownerPub),
      0n,
      1n,
      BigInt(ownerPub),
    ]);
  });

  it('needs a way to pay for the deployment', async () => {
    await expect(f.sdk.createWallet({ encryptKey: PIN })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('paymasterUrl'),
    });
  });

  it('refuses first calls without a paymaster to send them with the deployment', async () => {
    const calls = [{ contractAddress: '0x123', entrypoint: 'approve', calldata: [1, 2, 0] }];
    await expect(
      f.sdk.createWallet({ encryptKey: PIN, fund: async () => {}, calls }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(f.node.deployments).toHaveLength(0);
  });

  it('the new owner key is cached: the first owner transaction costs no KDF', async () => {
    const { wallet } = await f.sdk.createWallet({ encryptKey: PIN, fund: async () => {} });
    await f.sdk
      .executeTransaction({
        params: {
          encryptKey: PIN,
          wallet,
          calls: [{ contractAddress: '0x55', entrypoint: 'ping', calldata: [] }],
        },
        options: { waitForTransaction: false },
      })
      .catch(() => {}); // the fake node does not know the new owner key; only the KDF count matters
    expect(f.kdfRuns()).toBe(0);
  });
});
