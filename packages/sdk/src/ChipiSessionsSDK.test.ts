import {
  ChipiError,
  ChipiSessionError,
  encodeShortString,
  getSelectorFromName,
  type SessionErrorCode,
  toFeltHex,
  verifySessionTransactionSignature,
} from '@chipi-sessions/core';
import { policyKey } from '@chipi-sessions/testing/fake-starknet-node';
import type { Call } from 'starknet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChipiSessionsSDK } from './ChipiSessionsSDK.js';
import {
  ACCOUNT,
  createFixture,
  type Fixture,
  NOW,
  PIN,
  TRANSFER,
  transferCall,
  USDC,
} from './testing/fixture.js';
import type { WalletData } from './types.js';

let f: Fixture;

function withWalletType(wallet: WalletData, walletType: string | undefined): WalletData {
  const { walletType: _, ...rest } = wallet;
  return walletType === undefined ? rest : { ...rest, walletType };
}
beforeEach(async () => {
  f = await createFixture();
});
afterEach(async () => {
  await f.close();
});

function execute(calls: Call[] = [transferCall()], extra: Partial<{ encryptKey: string }> = {}) {
  return f.sdk.executeTransactionWithSession({
    params: { encryptKey: PIN, wallet: f.wallet, session: f.session, calls, ...extra },
    bearerToken: 'unused-without-paymaster',
  });
}

async function expectRefusedBeforeSigning(code: SessionErrorCode, calls?: Call[]) {
  const error = await execute(calls).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ChipiSessionError);
  expect((error as ChipiSessionError).code).toBe(code);
  expect(f.node.transactions).toHaveLength(0); // nothing signed, nothing sent
}

const sessionKey = () => BigInt(f.session.publicKey);
const registered = () => {
  const s = f.node.sessions.get(sessionKey());
  if (s === undefined) throw new Error('no session');
  return s;
};

describe('executeTransactionWithSession', () => {
  it('sends an INVOKE signed by the session and returns its hash', async () => {
    const txHash = await execute();
    const invoke = f.node.transactions.find((t) => t.kind === 'invoke');
    expect(txHash).toBe(invoke?.hash);
    expect(invoke?.signature[0]).toBe(f.session.publicKey);
    expect(BigInt(invoke?.signature[3] ?? 0)).toBe(BigInt(f.session.validUntil));
    expect(verifySessionTransactionSignature(txHash, invoke?.signature ?? [])).toBe(true);
    expect(invoke?.calls).toEqual([
      { to: BigInt(USDC), selector: BigInt(TRANSFER), calldata: [0x123n, 100n, 0n] },
    ]);
    // The fee estimate ran with validation, signed by the session over the query version.
    const estimate = f.node.transactions.find((t) => t.kind === 'estimate');
    expect(estimate?.skipValidate).toBe(false);
    expect(estimate?.signature).toHaveLength(4);
  });

  it('reads the pre-flight state, the nonce and the tip in one JSON-RPC batch', async () => {
    await execute();
    const batch = f.node.requests.find((r) => r.includes('starknet_getNonce'));
    expect([...(batch ?? [])].sort()).toEqual([
      'starknet_call', // get_session_data
      'starknet_call', // get_session_allowed_calls
      'starknet_call', // get_spending_policy(USDC)
      'starknet_getBlockWithTxHashes', // the block time
      'starknet_getBlockWithTxs', // the latest block's tips
      'starknet_getNonce',
    ]);
    expect(f.node.methods.filter((m) => m === 'starknet_getNonce')).toHaveLength(1);
    expect(f.node.methods.filter((m) => m === 'starknet_call')).toHaveLength(3);
  });

  it('with rpcBatch: false, reads one request at a time and still sends', async () => {
    const sdk = new ChipiSessionsSDK({
      rpcUrl: f.node.url,
      kdfParams: 'insecure-fast-for-tests',
      transactionPollIntervalMs: 5,
      rpcBatch: false,
    });
    await sdk.executeTransactionWithSession({
      params: { encryptKey: PIN, wallet: f.wallet, session: f.session, calls: [transferCall()] },
    });
    expect(f.node.requests.every((methods) => methods.length === 1)).toBe(true);
    expect(f.node.transactions.some((t) => t.kind === 'invoke')).toBe(true);
  });

  describe('pre-flight refuses what the account would refuse, before signing', () => {
    it('SESSION_NOT_REGISTERED', async () => {
      f.node.sessions.clear();
      await expectRefusedBeforeSigning('SESSION_NOT_REGISTERED');
    });

    it('SESSION_REVOKED', async () => {
      registered().status = 'revoked';
      await expectRefusedBeforeSigning('SESSION_REVOKED');
    });

    it('SESSION_EXPIRED (block time past validUntil)', async () => {
      f.node.blockTime = f.session.validUntil + 1;
      await expectRefusedBeforeSigning('SESSION_EXPIRED');
    });

    it('SESSION_MAX_CALLS_EXCEEDED', async () => {
      registered().callsUsed = 10;
      await expectRefusedBeforeSigning('SESSION_MAX_CALLS_EXCEEDED');
    });

    it('SESSION_ENTRYPOINT_NOT_ALLOWED', async () => {
      registered().allowedCalls = [
        { contract: '0x0', selector: toFeltHex(getSelectorFromName('approve')) },
      ];
      await expectRefusedBeforeSigning('SESSION_ENTRYPOINT_NOT_ALLOWED');
    });

    it('SESSION_ENTRYPOINT_NOT_ALLOWED for an entry scoped to another contract', async () => {
      registered().allowedCalls = [{ contract: '0x999', selector: TRANSFER }];
      await expectRefusedBeforeSigning('SESSION_ENTRYPOINT_NOT_ALLOWED');
    });

    it('SESSION_SELF_CALL_FORBIDDEN', async () => {
      await expectRefusedBeforeSigning('SESSION_SELF_CALL_FORBIDDEN', [
        { contractAddress: ACCOUNT, entrypoint: 'revoke_all', calldata: [] },
      ]);
    });

    it('SESSION_VALID_UNTIL_MISMATCH', async () => {
      registered().validUntil = f.session.validUntil + 60;
      await expectRefusedBeforeSigning('SESSION_VALID_UNTIL_MISMATCH');
    });

    it('SESSION_SPENDING_LIMIT_EXCEEDED per call', async () => {
      f.node.policies.set(policyKey(sessionKey(), USDC), {
        maxPerCall: 99n,
        maxPerWindow: 1000n,
        windowSeconds: 3600,
        spentInWindow: 0n,
      });
      await expectRefusedBeforeSigning('SESSION_SPENDING_LIMIT_EXCEEDED');
    });

    it('SESSION_SPENDING_LIMIT_EXCEEDED over the window, adding up a multicall', async () => {
      f.node.policies.set(policyKey(sessionKey(), USDC), {
        maxPerCall: 100n,
        maxPerWindow: 1000n,
        windowSeconds: 3600,
        spentInWindow: 850n,
      });
      await expectRefusedBeforeSigning('SESSION_SPENDING_LIMIT_EXCEEDED', [
        transferCall(100n),
        transferCall(100n),
      ]);
    });

    it('SESSION_NO_SPENDING_POLICY for a strict session', async () => {
      registered().strict = true;
      await expectRefusedBeforeSigning('SESSION_NO_SPENDING_POLICY');
    });

    it('SESSION_INVALID_CALLDATA for a malformed value-moving call under a policy', async () => {
      f.node.policies.set(policyKey(sessionKey(), USDC), {
        maxPerCall: 100n,
        maxPerWindow: 1000n,
        windowSeconds: 3600,
        spentInWindow: 0n,
      });
      await expectRefusedBeforeSigning('SESSION_INVALID_CALLDATA', [
        { contractAddress: USDC, entrypoint: 'transfer', calldata: [1, 2] },
      ]);
    });

    it('SESSION_FEE_TOO_HIGH: the real transaction is never signed', async () => {
      registered().maxFeePerTx = 1n;
      const error = await execute().catch((e: unknown) => e);
      expect((error as ChipiSessionError).code).toBe('SESSION_FEE_TOO_HIGH');
      expect(f.node.transactions.filter((t) => t.kind === 'invoke')).toHaveLength(0);
    });

    it('INVALID_WALLET_TYPE_FOR_SESSION', async () => {
      for (const walletType of [undefined, 'READY', 'chipi']) {
        const error = await f.sdk
          .executeTransactionWithSession({
            params: {
              encryptKey: PIN,
              wallet: withWalletType(f.wallet, walletType),
              session: f.session,
              calls: [transferCall()],
            },
          })
          .catch((e: unknown) => e);
        expect((error as ChipiSessionError).code).toBe('INVALID_WALLET_TYPE_FOR_SESSION');
      }
      expect(f.node.methods).toHaveLength(0);
    });

    it('SESSION_DECRYPTION_FAILED for a wrong PIN, even after the key was cached', async () => {
      await execute();
      const sent = f.node.transactions.length;
      const error = await execute([transferCall()], { encryptKey: '000000' }).catch((e) => e);
      expect((error as ChipiSessionError).code).toBe('SESSION_DECRYPTION_FAILED');
      expect(f.node.transactions).toHaveLength(sent);
    });

    it('INVALID_INPUT for a hex selector in entrypoint (starknet.js would hash it again)', async () => {
      await expectRefusedBeforeSigning('INVALID_INPUT', [
        { contractAddress: USDC, entrypoint: TRANSFER, calldata: [1, 2, 0] },
      ]);
    });
  });

  it('decodes the chain’s refusal with skipPreflight, keeping the RPC error as cause', async () => {
    registered().callsUsed = 10; // the pre-flight would refuse; skip it
    const felt = toFeltHex(encodeShortString('session/max-calls-exceeded'));
    f.node.failNext = {
      code: 41,
      message: 'Transaction execution error',
      data: { transaction_index: 0, execution_error: `Account validation failed: ${felt}` },
    };
    const error = await f.sdk
      .executeTransactionWithSession({
        params: { encryptKey: PIN, wallet: f.wallet, session: f.session, calls: [transferCall()] },
        options: { skipPreflight: true },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChipiSessionError);
    expect((error as ChipiSessionError).code).toBe('SESSION_MAX_CALLS_EXCEEDED');
    expect((error as ChipiSessionError).details.reason).toBe('session/max-calls-exceeded');
    expect((error as ChipiSessionError).cause).toBeInstanceOf(Error);
    expect(f.node.methods).not.toContain('starknet_call');
  });

  it('turns a reverted receipt into the typed code of its revert reason', async () => {
    f.node.revertNext = `Execution failed: ${toFeltHex(encodeShortString('policy/exceeds-window'))}`;
    const error = await execute().catch((e: unknown) => e);
    expect((error as ChipiSessionError).code).toBe('SESSION_SPENDING_LIMIT_EXCEEDED');
    expect((error as ChipiSessionError).details.transactionHash).toMatch(/^0x/);
  });

  it('reports a revert without a session reason as TRANSACTION_REVERTED', async () => {
    f.node.revertNext = 'u256_sub Overflow';
    const error = await execute().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChipiError);
    expect((error as ChipiError).code).toBe('TRANSACTION_REVERTED');
  });

  it('does not pay the KDF again for repeated session calls', async () => {
    // createSessionKey remembered the key: no decryption at all.
    for (let i = 0; i < 3; i++) await execute();
    expect(f.kdfRuns()).toBe(0);
    f.sdk.wipeKeys();
    for (let i = 0; i < 3; i++) await execute();
    expect(f.kdfRuns()).toBe(1);
  });

  it('derives keys without blocking the thread: session and owner paths never run the sync KDF', async () => {
    f.sdk.wipeKeys();
    await execute();
    await f.sdk.executeTransaction({
      params: { encryptKey: PIN, wallet: f.wallet, calls: [transferCall(5n)] },
    });
    expect(f.kdfRuns()).toBe(2);
    expect(f.blockingKdfRuns()).toBe(0);
  });

  it('unlockSession warms the cache (no KDF at signing time) and checks the PIN', async () => {
    f.sdk.wipeKeys();
    await f.sdk.unlockSession({ encryptKey: PIN, wallet: f.wallet, session: f.session });
    expect(f.kdfRuns()).toBe(1);
    await execute();
    expect(f.kdfRuns()).toBe(1);
    const error = await f.sdk
      .unlockSession({ encryptKey: '000000', wallet: f.wallet, session: f.session })
      .catch((e: unknown) => e);
    expect((error as ChipiSessionError).code).toBe('SESSION_DECRYPTION_FAILED');
    expect(f.blockingKdfRuns()).toBe(0);
  });

  it('uses the block time, not the local clock, for expiry', async () => {
    f.node.blockTime = NOW + 10;
    await expect(execute()).resolves.toMatch(/^0x/);
  });
});

describe('executeTransaction (owner)', () => {
  it('sends an owner-signed [r, s] INVOKE', async () => {
    const txHash = await f.sdk.executeTransaction({
      params: { encryptKey: PIN, wallet: f.wallet, calls: [transferCall(5n)] },
    });
    const invoke = f.node.transactions.find((t) => t.kind === 'invoke');
    expect(invoke?.hash).toBe(txHash);
    expect(invoke?.signature).toHaveLength(2); // the node checked it against the owner key
  });

  it('SESSION_DECRYPTION_FAILED for a wrong PIN', async () => {
    await expect(
      f.sdk.executeTransaction({
        params: { encryptKey: 'nope', wallet: f.wallet, calls: [transferCall(5n)] },
      }),
    ).rejects.toMatchObject({ code: 'SESSION_DECRYPTION_FAILED' });
  });
});
