/**
 * CHIPI accounts through our SNIP-29 paymaster on devnet, every fee sponsored: an owner-signed
 * invoke, a deployment with its first call by a wallet that never holds STRK, a session
 * transaction signed by the SDK's `SessionSigner` through starknet.js's
 * `executePaymasterTransaction`, and the refusals with their exact errors: session transactions
 * the account refuses (over its limit, expired), a wrong signature, a replayed request, an
 * exhausted budget.
 */
import {
  decodeRevertReason,
  type OutsideExecutionTypedData,
  sessionErrorFromRevert,
} from '@chipi-sessions/core';
import type { SessionKeyData } from '@chipi-sessions/sdk';
import { Account, CallData, ec, hash, type PreparedInvokeTransaction, stark } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployChipiAccount } from '../contracts/deployChipiAccount.ts';
import { latestBlockTime, setTime } from '../devnet/timeTravel.ts';
import {
  mintUsdc,
  type SdkWorld,
  sessionSigner,
  startSdkWorld,
  USDC,
  usdcTransfer,
} from '../sdk/sdkHarness.ts';
import { registerPaymentSession } from '../x402/x402Harness.ts';
import {
  API_KEY,
  ONE_STRK,
  POOR_API_KEY,
  paymasterRefusal,
  startTestPaymaster,
  strkTransfer,
  type TestPaymaster,
} from './paymasterHarness.ts';

let world: SdkWorld;
let pm: TestPaymaster;
const sponsored = { feeMode: { mode: 'sponsored' as const } };

beforeAll(async () => {
  world = await startSdkWorld();
  pm = await startTestPaymaster(world.devnet, { relayerIndex: 3 });
});
afterAll(async () => {
  await pm?.stop();
  await world?.stop();
});

function sessionPaymasterAccount(session: SessionKeyData, apiKey = API_KEY): Account {
  const signer = sessionSigner(world, session);
  return pm.paymasterAccount(world.wallet.publicKey, signer, apiKey);
}

async function waitOk(transactionHash: string): Promise<void> {
  const receipt = await world.devnet.provider.waitForTransaction(transactionHash, {
    retryInterval: 100,
  });
  expect(receipt.isSuccess()).toBe(true);
}

describe('CHIPI accounts through the paymaster', () => {
  it('sponsors an owner-signed invoke: the account pays exactly the transfer', async () => {
    const chipi = await deployChipiAccount(world.devnet, world.deployer);
    const account = pm.paymasterAccount(chipi.address, chipi.ownerPrivateKey);
    const recipient = world.accounts[1]!.address;
    const before = await pm.strkBalance(chipi.address);
    const { transaction_hash } = await account.executePaymasterTransaction(
      [strkTransfer(recipient, ONE_STRK)],
      sponsored,
    );
    await waitOk(transaction_hash);
    expect(await pm.strkBalance(chipi.address)).toBe(before - ONE_STRK);
  });

  it('deploys a wallet that never holds STRK together with its first call', async () => {
    const ownerKey = stark.randomAddress();
    const publicKey = ec.starkCurve.getStarkKey(ownerKey);
    const calldata = CallData.compile([publicKey]);
    const address = hash.calculateContractAddressFromHash(publicKey, world.classHash, calldata, 0);
    await mintUsdc(world.devnet, world.usdc, world.deployer, address, 5n * USDC);
    const recipient = world.accounts[2]!.address;
    const recipientBefore = await world.balanceOf(recipient);

    const account = pm.paymasterAccount(address, ownerKey);
    const { transaction_hash } = await account.executePaymasterTransaction(
      [usdcTransfer(world.usdc, recipient, 2n * USDC)],
      {
        ...sponsored,
        deploymentData: {
          address,
          class_hash: world.classHash,
          salt: publicKey,
          calldata: calldata.map((felt) => `0x${BigInt(felt).toString(16)}`),
          version: 1,
        },
      },
    );
    await waitOk(transaction_hash);
    expect(BigInt(await world.devnet.provider.getClassHashAt(address))).toBe(
      BigInt(world.classHash),
    );
    expect(await world.balanceOf(recipient)).toBe(recipientBefore + 2n * USDC);
    expect(await world.balanceOf(address)).toBe(3n * USDC);
    expect(await pm.strkBalance(address)).toBe(0n);
  });

  it("sponsors a session transaction signed by the SDK's SessionSigner", async () => {
    const session = await registerPaymentSession(world, {
      maxPerCall: USDC,
      maxPerWindow: 10n * USDC,
      windowSeconds: 3600,
    });
    const account = sessionPaymasterAccount(session);
    const recipient = world.accounts[1]!.address;
    const strkBefore = await pm.strkBalance(world.wallet.publicKey);
    const before = await world.balanceOf(recipient);
    const { transaction_hash } = await account.executePaymasterTransaction(
      [usdcTransfer(world.usdc, recipient, USDC / 2n)],
      sponsored,
    );
    await waitOk(transaction_hash);
    expect(await world.balanceOf(recipient)).toBe(before + USDC / 2n);
    expect(await pm.strkBalance(world.wallet.publicKey)).toBe(strkBefore);

    // Over the session's per-call limit: the account refuses, and the client decodes why.
    const error = await paymasterRefusal(() =>
      account.executePaymasterTransaction(
        [usdcTransfer(world.usdc, recipient, 2n * USDC)],
        sponsored,
      ),
    );
    expect(error.code).toBe(156);
    expect(error.message).toBe('An error occurred (TRANSACTION_EXECUTION_ERROR)');
    expect(decodeRevertReason(error)?.reason).toBe('policy/exceeds-per-call');
    expect(sessionErrorFromRevert(error)?.code).toBe('SESSION_SPENDING_LIMIT_EXCEEDED');
  });

  it('refuses a signature the account rejects, a replayed request and an exhausted budget', async () => {
    const chipi = await deployChipiAccount(world.devnet, world.deployer);
    const account = pm.paymasterAccount(chipi.address, chipi.ownerPrivateKey);
    const client = pm.client();
    const recipient = world.accounts[1]!.address;
    const build = async () =>
      (await account.buildPaymasterTransaction(
        [strkTransfer(recipient, 1000n)],
        sponsored,
      )) as PreparedInvokeTransaction;
    const invoke = (prepared: PreparedInvokeTransaction, signature: string[]) => ({
      type: 'invoke' as const,
      invoke: { userAddress: chipi.address, typedData: prepared.typed_data, signature },
    });

    // Signed by another key.
    const forged = await build();
    const stranger = new Account({
      provider: world.devnet.provider,
      address: chipi.address,
      signer: stark.randomAddress(),
    });
    const forgedSignature = stark.signatureToHexArray(
      await stranger.signMessage(forged.typed_data as never),
    );
    const refused = await paymasterRefusal(() =>
      client.executeTransaction(invoke(forged, forgedSignature), forged.parameters),
    );
    expect(refused.code).toBe(153);
    expect(refused.message).toBe('An error occurred (INVALID_SIGNATURE)');
    expect(decodeRevertReason(refused)?.reason).toBe('outside/invalid-signature');

    // The same signed request twice.
    const prepared = await build();
    const signature = stark.signatureToHexArray(
      await account.signMessage(prepared.typed_data as never),
    );
    const first = await client.executeTransaction(invoke(prepared, signature), prepared.parameters);
    await waitOk(first.transaction_hash);
    const nonce = (prepared.typed_data as unknown as OutsideExecutionTypedData).message.Nonce;
    const replay = await paymasterRefusal(() =>
      client.executeTransaction(invoke(prepared, signature), prepared.parameters),
    );
    expect(replay).toEqual({
      code: 163,
      message: 'An error occurred (UNKNOWN_ERROR)',
      data: `replayed_request: this outside execution (account 0x${BigInt(chipi.address).toString(16)}, nonce ${nonce}) was already submitted in transaction ${first.transaction_hash}`,
    });

    // A key whose budget cannot pay: refused when building, and when executing.
    const poor = pm.paymasterAccount(chipi.address, chipi.ownerPrivateKey, POOR_API_KEY);
    const atBuild = await paymasterRefusal(() =>
      poor.buildPaymasterTransaction([strkTransfer(recipient, 1000n)], sponsored),
    );
    expect(atBuild).toEqual({
      code: 163,
      message: 'An error occurred (UNKNOWN_ERROR)',
      data: 'budget_exhausted: API key poor has spent 0 of its 1 fri budget',
    });
    const built = await build();
    const builtSignature = stark.signatureToHexArray(
      await account.signMessage(built.typed_data as never),
    );
    const atExecute = await paymasterRefusal(() =>
      pm.client(POOR_API_KEY).executeTransaction(invoke(built, builtSignature), built.parameters),
    );
    expect(atExecute).toEqual(atBuild);
  });
  // Last: it moves the chain's clock an hour ahead of the system clock.
  it("answers an expired session with the account's session/expired, on the chain's clock", async () => {
    const session = await registerPaymentSession(world, {
      maxPerCall: USDC,
      maxPerWindow: 10n * USDC,
      windowSeconds: 3600,
    });
    await setTime(world.devnet, Number(session.validUntil) + 120);
    const chainClock = await startTestPaymaster(world.devnet, {
      relayerIndex: 2,
      now: () => latestBlockTime(world.devnet),
    });
    try {
      const signer = sessionPaymasterAccount(session).signer;
      const account = chainClock.paymasterAccount(world.wallet.publicKey, signer);
      const error = await paymasterRefusal(() =>
        account.executePaymasterTransaction(
          [usdcTransfer(world.usdc, world.accounts[1]!.address, 1n)],
          sponsored,
        ),
      );
      expect(error.code).toBe(156);
      expect(decodeRevertReason(error)?.reason).toBe('session/expired');
      expect(sessionErrorFromRevert(error)?.code).toBe('SESSION_EXPIRED');
    } finally {
      await chainClock.stop();
    }
  });
});
