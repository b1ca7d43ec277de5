import {
  ANY_CALLER,
  addOrUpdateSessionCalldata,
  addOrUpdateSessionKeyCalldata,
  createSessionKeyPair,
  decryptPrivateKey,
  executeFromOutsideCalldata,
  outsideExecutionHash,
  removeSpendingPolicyCalldata,
  revokeSessionKeyCalldata,
  setSpendingPolicyCalldata,
  signOwnerHash,
  signSetPublicKeyProof,
} from '@chipi-sessions/core';
import type { Account, Call } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw } from '../chain/sendRaw.ts';
import { mintStrk } from '../devnet/mintStrk.ts';
import { latestBlockTime } from '../devnet/timeTravel.ts';
import { PIN } from '../sdk/sdkHarness.ts';
import {
  type AttackWorld,
  startAttackWorld,
  type TestSession,
  transferCall,
} from './attackWorld.ts';
import {
  expectClientRefusal,
  expectRejectedByChain,
  expectRevertedOnChain,
} from './expectRefusal.ts';
import { sessionOutsideExecutionCall } from './sessionOutsideExecutionCall.ts';

let world: AttackWorld;
/** Empty allow-list: every call to another contract is allowed. */
let open: TestSession;
/** An allow-list naming every admin entrypoint as a bare selector. */
let listed: TestSession;
let relayer: Account;
let chainId: string;
let adminCalls: [string, Call][];

const ADMIN_ENTRYPOINTS = [
  'add_or_update_session_key',
  'add_or_update_session',
  'revoke_session_key',
  'revoke_all',
  'set_spending_policy',
  'remove_spending_policy',
  'upgrade',
  'set_public_key',
  'execute_from_outside_v2',
];

beforeAll(async () => {
  world = await startAttackWorld();
  relayer = world.accounts[2] as Account;
  chainId = await world.devnet.provider.getChainId();
  open = await world.newSession({ allowedEntrypoints: [], maxCalls: 100 });
  listed = await world.newSession({
    allowedEntrypoints: ['transfer', ...ADMIN_ENTRYPOINTS],
    maxCalls: 100,
  });
  const wallet = world.wallet.publicKey;
  const attacker = createSessionKeyPair();
  const far = (await latestBlockTime(world.devnet)) + 10 * 24 * 3600;
  const self = (entrypoint: string, calldata: string[]): [string, Call] => [
    entrypoint,
    { contractAddress: wallet, entrypoint, calldata },
  ];
  const proof = signSetPublicKeyProof({
    chainId,
    accountAddress: wallet,
    oldPublicKey: (
      await world.devnet.provider.callContract({
        contractAddress: wallet,
        entrypoint: 'get_public_key',
      })
    )[0] as string,
    newPrivateKey: attacker.privateKey,
  });
  const registration = {
    sessionPublicKey: attacker.publicKey,
    validUntil: far,
    maxCalls: 1_000_000,
  };
  adminCalls = [
    self(
      'add_or_update_session_key',
      addOrUpdateSessionKeyCalldata({ ...registration, allowedEntrypoints: [] }),
    ),
    self(
      'add_or_update_session',
      addOrUpdateSessionCalldata({ ...registration, allowedCalls: [] }),
    ),
    self('revoke_session_key', revokeSessionKeyCalldata(listed.pair.publicKey)),
    self('revoke_all', []),
    self(
      'set_spending_policy',
      setSpendingPolicyCalldata({
        sessionPublicKey: open.pair.publicKey,
        token: world.usdc.address,
        maxPerCall: 2n ** 128n - 1n,
        maxPerWindow: 2n ** 128n - 1n,
        windowSeconds: 1,
      }),
    ),
    self(
      'remove_spending_policy',
      removeSpendingPolicyCalldata({
        sessionPublicKey: listed.pair.publicKey,
        token: world.usdc.address,
      }),
    ),
    self('upgrade', [world.classHash]),
    self('set_public_key', [proof.newPublicKey, '0x2', ...proof.signature]),
    self(
      'execute_from_outside_v2',
      executeFromOutsideCalldata(
        { caller: ANY_CALLER, nonce: 1n, executeAfter: 0, executeBefore: far, calls: [] },
        ['0x1', '0x1'],
      ),
    ),
  ];
});
afterAll(async () => {
  await world?.stop();
});

const pay = () => transferCall(world.usdc, world.recipient, 1n);

/** Everything a successful escalation would change. */
async function accountState() {
  const provider = world.devnet.provider;
  const call = (entrypoint: string, calldata: string[] = []) =>
    provider.callContract({ contractAddress: world.wallet.publicKey, entrypoint, calldata });
  return {
    publicKey: await call('get_public_key'),
    epoch: await call('get_session_epoch'),
    classHash: await provider.getClassHashAt(world.wallet.publicKey),
    sessions: await Promise.all(
      [open, listed].map((s) =>
        world.sdk.sessions.getSessionData({
          walletAddress: world.wallet.publicKey,
          sessionPublicKey: s.pair.publicKey,
        }),
      ),
    ),
    policies: await Promise.all(
      [open, listed].map((s) =>
        world.sdk.sessions.getSpendingPolicy({
          walletAddress: world.wallet.publicKey,
          sessionPublicKey: s.pair.publicKey,
          token: world.usdc.address,
        }),
      ),
    ),
  };
}

describe('a session can never reach the account itself', () => {
  it('the test calls are the admin entrypoints, and the owner may make them (control)', async () => {
    expect(adminCalls.map(([name]) => name)).toEqual(ADMIN_ENTRYPOINTS);
  });

  it.each(ADMIN_ENTRYPOINTS)(
    '%s: refused directly and inside a multicall, by the SDK and the chain',
    async (name) => {
      const call = (adminCalls.find(([n]) => n === name) as [string, Call])[1];
      const before = await accountState();
      for (const session of [open, listed]) {
        await expectClientRefusal(world.sdkPay(session, [call]), 'SESSION_SELF_CALL_FORBIDDEN');
        await expectClientRefusal(
          world.sdkPay(session, [pay(), call]),
          'SESSION_SELF_CALL_FORBIDDEN',
        );
        expectRejectedByChain(
          await world.sendAsSession(session, [call]),
          'SESSION_SELF_CALL_FORBIDDEN',
          'session/self-call',
        );
        expectRejectedByChain(
          await world.sendAsSession(session, [pay(), call, pay()]),
          'SESSION_SELF_CALL_FORBIDDEN',
          'session/self-call',
        );
      }
      expect(await accountState()).toEqual(before);
    },
  );

  it.each(ADMIN_ENTRYPOINTS)(
    '%s: refused inside a session-signed outside execution',
    async (name) => {
      const call = (adminCalls.find(([n]) => n === name) as [string, Call])[1];
      const before = await accountState();
      const now = await latestBlockTime(world.devnet);
      for (const session of [open, listed]) {
        const { call: relayed } = sessionOutsideExecutionCall(session, [pay(), call], {
          wallet: world.wallet.publicKey,
          chainId,
          now,
        });
        expectRevertedOnChain(
          await sendRaw(relayer, [relayed], { resourceBounds: world.bounds }),
          'SESSION_SELF_CALL_FORBIDDEN',
          'session/self-call',
        );
      }
      expect(await accountState()).toEqual(before);
    },
  );

  it.each(ADMIN_ENTRYPOINTS)(
    '%s: refused when another account calls it (only-self)',
    async (name) => {
      const call = (adminCalls.find(([n]) => n === name) as [string, Call])[1];
      const outcome = await sendRaw(relayer, [call], { resourceBounds: world.bounds });
      const refusal = expectRevertedOnChain(
        outcome,
        name === 'execute_from_outside_v2' ? 'OUTSIDE_EXECUTION_REJECTED' : 'ACCOUNT_REJECTED',
      );
      expect(refusal.details.reason).toMatch(/^(account\/only-self|outside\/.+)$/);
    },
  );

  it('__execute__ on any contract is refused as a self-call', async () => {
    const nested: Call = {
      contractAddress: world.usdc.address,
      entrypoint: '__execute__',
      calldata: ['0x0'],
    };
    await expectClientRefusal(world.sdkPay(open, [nested]), 'SESSION_SELF_CALL_FORBIDDEN');
    expectRejectedByChain(
      await world.sendAsSession(open, [nested]),
      'SESSION_SELF_CALL_FORBIDDEN',
      'session/self-call',
    );
  });

  it('the sessions still work and used no call for any refused attempt', async () => {
    const state = await accountState();
    expect(state.sessions.map((s) => s.callsUsed)).toEqual([0, 0]);
    expect((await world.sendAsSession(open, [pay()])).kind).toBe('accepted');
    expect((await world.sendAsSession(listed, [pay()])).kind).toBe('accepted');
  });
});

describe('only the protocol validates', () => {
  it('a contract the session calls cannot call back into __validate__ to use up its calls', async () => {
    // A second CHIPI wallet, driven by its own owner through an outside execution, calls the
    // first wallet's `__validate__` while a session transaction of the first wallet runs.
    const { wallet: other } = await world.sdk.createWallet({
      encryptKey: PIN,
      fund: async (address) => {
        await mintStrk(world.devnet, address, 10n ** 20n);
      },
    });
    const otherKey = decryptPrivateKey({
      envelope: other.encryptedPrivateKey,
      pin: PIN,
      walletAddress: other.publicKey,
    });
    const now = await latestBlockTime(world.devnet);
    const callback = {
      caller: ANY_CALLER,
      nonce: BigInt(now),
      executeAfter: now - 300,
      executeBefore: now + 3600,
      calls: [
        { contractAddress: world.wallet.publicKey, entrypoint: '__validate__', calldata: ['0x0'] },
      ],
    };
    const signature = signOwnerHash(
      outsideExecutionHash(callback, other.publicKey, chainId),
      otherKey,
    );
    const session = await world.newSession({ allowedEntrypoints: [], maxCalls: 5 });
    expectRevertedOnChain(
      await world.sendAsSession(session, [
        {
          contractAddress: other.publicKey,
          entrypoint: 'execute_from_outside_v2',
          calldata: executeFromOutsideCalldata(callback, signature),
        },
      ]),
      'ACCOUNT_REJECTED',
      'account/invalid-caller',
    );
    const data = await world.sdk.sessions.getSessionData({
      walletAddress: world.wallet.publicKey,
      sessionPublicKey: session.pair.publicKey,
    });
    // Only the transaction's own validation used a call.
    expect(data.callsUsed).toBe(1);
  });
});
