import {
  ChipiError,
  encodeShortString,
  getSelectorFromName,
  toFeltHex,
} from '@chipi-sessions/core';
import { policyKey } from '@chipi-sessions/testing/fake-starknet-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  createFixture,
  type Fixture,
  NOW,
  PIN,
  TRANSFER,
  USDC,
} from './testing/fixture.js';
import type { SessionConfig } from './types.js';

let f: Fixture;
beforeEach(async () => {
  f = await createFixture();
});
afterEach(async () => {
  await f.close();
});

const sel = (name: string) => getSelectorFromName(name);
const sentCalls = () =>
  f.node.transactions.filter((t) => t.kind === 'invoke').flatMap((t) => t.calls);

function config(overrides: Partial<SessionConfig> = {}): SessionConfig {
  return {
    sessionPublicKey: f.session.publicKey,
    validUntil: f.session.validUntil,
    maxCalls: 50,
    allowedEntrypoints: ['transfer'],
    ...overrides,
  };
}

describe('addSessionKeyToContract', () => {
  it('registers bare names with add_or_update_session_key, as selectors (owner-signed)', async () => {
    const txHash = await f.sdk.sessions.addSessionKeyToContract(
      { encryptKey: PIN, wallet: f.wallet, sessionConfig: config() },
      'token',
    );
    expect(txHash).toMatch(/^0x/);
    const [call] = sentCalls();
    expect(call?.to).toBe(BigInt(ACCOUNT));
    expect(call?.selector).toBe(sel('add_or_update_session_key'));
    expect(call?.calldata).toEqual([
      BigInt(f.session.publicKey),
      BigInt(f.session.validUntil),
      50n,
      1n,
      BigInt(TRANSFER), // the selector, never the short string 'transfer'
    ]);
    const invoke = f.node.transactions.find((t) => t.kind === 'invoke');
    expect(invoke?.signature).toHaveLength(2);
  });

  it('uses add_or_update_session for scoped entries, strict or a fee cap, and sets policies atomically', async () => {
    await f.sdk.sessions.addSessionKeyToContract(
      {
        encryptKey: PIN,
        wallet: f.wallet,
        sessionConfig: config({
          allowedEntrypoints: [{ contractAddress: USDC, entrypoint: 'transfer' }, 'approve'],
          strict: true,
          maxFeePerTx: 10n ** 18n,
          spendingPolicies: [
            {
              token: USDC,
              maxPerCall: 5_000_000n,
              maxPerWindow: 20_000_000n,
              windowSeconds: 86_400,
            },
          ],
        }),
      },
      'token',
    );
    const calls = sentCalls();
    expect(calls.map((c) => c.selector)).toEqual([
      sel('add_or_update_session'),
      sel('set_spending_policy'),
    ]);
    expect(calls[0]?.calldata).toEqual([
      BigInt(f.session.publicKey),
      BigInt(f.session.validUntil),
      50n,
      2n,
      BigInt(USDC),
      sel('transfer'),
      0n,
      sel('approve'),
      1n,
      10n ** 18n,
      // No fee budget given: the cap for each of the 50 calls.
      50n * 10n ** 18n,
    ]);
    expect(calls[1]?.calldata).toEqual([
      BigInt(f.session.publicKey),
      BigInt(USDC),
      5_000_000n,
      0n,
      20_000_000n,
      0n,
      86_400n,
    ]);
  });

  it('refuses bad configurations before signing', async () => {
    const cases: [Partial<SessionConfig>, string][] = [
      [{ maxCalls: 0 }, 'SESSION_INVALID_CONFIG'],
      [{ validUntil: NOW - 1 }, 'SESSION_INVALID_CONFIG'],
      [{ allowedEntrypoints: ['not a name'] }, 'SESSION_INVALID_CONFIG'],
      [
        { allowedEntrypoints: [{ contractAddress: ACCOUNT, entrypoint: 'upgrade' }] },
        'SESSION_SELF_CALL_FORBIDDEN',
      ],
      [
        { spendingPolicies: [{ token: USDC, maxPerCall: 1n, maxPerWindow: 1n, windowSeconds: 0 }] },
        'INVALID_SPENDING_POLICY',
      ],
    ];
    for (const [overrides, code] of cases) {
      await expect(
        f.sdk.sessions.addSessionKeyToContract(
          { encryptKey: PIN, wallet: f.wallet, sessionConfig: config(overrides) },
          'token',
        ),
      ).rejects.toMatchObject({ code });
    }
    expect(f.node.transactions).toHaveLength(0);
  });

  it('needs a CHIPI wallet', async () => {
    await expect(
      f.sdk.sessions.addSessionKeyToContract(
        { encryptKey: PIN, wallet: { ...f.wallet, walletType: 'READY' }, sessionConfig: config() },
        'token',
      ),
    ).rejects.toMatchObject({ code: 'INVALID_WALLET_TYPE_FOR_SESSION' });
  });

  it('decodes the account’s refusal (re-registering a revoked key)', async () => {
    f.node.failNext = {
      code: 41,
      message: 'Transaction execution error',
      data: { execution_error: `0x${encodeShortString('session/revoked').toString(16)}` },
    };
    await expect(
      f.sdk.sessions.addSessionKeyToContract(
        { encryptKey: PIN, wallet: f.wallet, sessionConfig: config() },
        'token',
      ),
    ).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
  });
});

describe('revocation', () => {
  it('revokeSessionKey calls revoke_session_key', async () => {
    await f.sdk.sessions.revokeSessionKey(
      { encryptKey: PIN, wallet: f.wallet, sessionPublicKey: f.session.publicKey },
      'token',
    );
    expect(sentCalls()).toEqual([
      {
        to: BigInt(ACCOUNT),
        selector: sel('revoke_session_key'),
        calldata: [BigInt(f.session.publicKey)],
      },
    ]);
  });

  it('revokeAllSessions calls revoke_all', async () => {
    await f.sdk.sessions.revokeAllSessions({ encryptKey: PIN, wallet: f.wallet }, 'token');
    expect(sentCalls()).toEqual([
      { to: BigInt(ACCOUNT), selector: sel('revoke_all'), calldata: [] },
    ]);
  });
});

describe('getSessionData', () => {
  it('decodes the 10-field SessionData and the allow-list, with the fee budget used and left', async () => {
    const entry = f.node.sessions.get(BigInt(f.session.publicKey));
    if (entry) {
      entry.callsUsed = 3;
      entry.strict = true;
      entry.allowedCalls = [{ contract: USDC, selector: TRANSFER }];
    }
    const data = await f.sdk.sessions.getSessionData({
      walletAddress: ACCOUNT,
      sessionPublicKey: f.session.publicKey,
    });
    expect(data).toEqual({
      isActive: true,
      validUntil: f.session.validUntil,
      remainingCalls: 7,
      allowedEntrypoints: [TRANSFER],
      allowedCalls: [{ contract: toFeltHex(USDC), selector: TRANSFER }],
      status: 'active',
      callsUsed: 3,
      maxCalls: 10,
      strict: true,
      maxFeePerTx: 0n,
      feeBudget: 10n ** 18n,
      feeUsed: 0n,
      feeBudgetLeft: 10n ** 18n,
    });
  });

  it('reports unknown and revoked sessions as inactive, distinctly', async () => {
    const unknown = await f.sdk.sessions.getSessionData({
      walletAddress: ACCOUNT,
      sessionPublicKey: '0x42',
    });
    expect(unknown).toMatchObject({ isActive: false, status: 'unknown', remainingCalls: 0 });
    const entry = f.node.sessions.get(BigInt(f.session.publicKey));
    if (entry) entry.status = 'revoked';
    const revoked = await f.sdk.sessions.getSessionData({
      walletAddress: ACCOUNT,
      sessionPublicKey: f.session.publicKey,
    });
    expect(revoked).toMatchObject({ isActive: false, status: 'revoked', remainingCalls: 0 });
  });

  it('fails loudly on an address without the CHIPI account', async () => {
    const error = await f.sdk.sessions
      .getSessionData({ walletAddress: '0x777', sessionPublicKey: f.session.publicKey })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChipiError);
    expect((error as ChipiError).code).toBe('ACCOUNT_NOT_DEPLOYED');
  });
});

describe('spending policies', () => {
  it('setSpendingPolicy validates and calls set_spending_policy', async () => {
    await f.sdk.sessions.setSpendingPolicy(
      {
        encryptKey: PIN,
        wallet: f.wallet,
        spendingPolicyConfig: {
          sessionPublicKey: f.session.publicKey,
          token: USDC,
          maxPerCall: 2n ** 130n,
          maxPerWindow: 2n ** 131n,
          windowSeconds: 3600,
        },
      },
      'token',
    );
    expect(sentCalls()[0]?.calldata).toEqual([
      BigInt(f.session.publicKey),
      BigInt(USDC),
      0n,
      4n,
      0n,
      8n,
      3600n,
    ]);
  });

  it('refuses invalid policies with INVALID_SPENDING_POLICY before signing', async () => {
    const base = {
      sessionPublicKey: f.session.publicKey,
      token: USDC,
      maxPerCall: 1n,
      maxPerWindow: 10n,
      windowSeconds: 60,
    };
    const bad = [
      { windowSeconds: 0 },
      { windowSeconds: 1.5 },
      { maxPerCall: -1n },
      { maxPerWindow: 2n ** 256n },
      { maxPerCall: 11n },
      { token: '0x0' },
      { token: 'usdc' },
    ];
    for (const overrides of bad) {
      await expect(
        f.sdk.sessions.setSpendingPolicy(
          { encryptKey: PIN, wallet: f.wallet, spendingPolicyConfig: { ...base, ...overrides } },
          'token',
        ),
      ).rejects.toMatchObject({ code: 'INVALID_SPENDING_POLICY' });
    }
    expect(f.node.transactions).toHaveLength(0);
  });

  it('getSpendingPolicy returns the live window numbers', async () => {
    f.node.policies.set(policyKey(f.session.publicKey, USDC), {
      maxPerCall: 100n,
      maxPerWindow: 1000n,
      windowSeconds: 3600,
      spentInWindow: 250n,
      nextReleaseAt: NOW + 4000,
    });
    const policy = await f.sdk.sessions.getSpendingPolicy({
      walletAddress: ACCOUNT,
      sessionPublicKey: f.session.publicKey,
      token: USDC,
    });
    expect(policy).toEqual({
      exists: true,
      maxPerCall: 100n,
      maxPerWindow: 1000n,
      windowSeconds: 3600,
      spentInWindow: 250n,
      remainingInWindow: 750n,
      nextReleaseAt: NOW + 4000,
    });
  });

  it('removeSpendingPolicy calls remove_spending_policy', async () => {
    await f.sdk.sessions.removeSpendingPolicy(
      { encryptKey: PIN, wallet: f.wallet, sessionPublicKey: f.session.publicKey, token: USDC },
      'token',
    );
    expect(sentCalls()).toEqual([
      {
        to: BigInt(ACCOUNT),
        selector: sel('remove_spending_policy'),
        calldata: [BigInt(f.session.publicKey), BigInt(USDC)],
      },
    ]);
  });
});
