import {
  ANY_CALLER,
  decryptPrivateKey,
  executeFromOutsideCalldata,
  isValidSignatureCalldata,
  type OutsideExecutionInput,
  outsideExecutionHash,
  signOwnerHash,
  signSessionIsValidSignature,
  signSessionOutsideExecution,
  signSessionTransaction,
  toFeltHex,
} from '@chipi-sessions/core';
import type { Account, Call } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw } from '../chain/sendRaw.ts';
import { latestBlockTime, setTime } from '../devnet/timeTravel.ts';
import { PIN, USDC } from '../sdk/sdkHarness.ts';
import {
  type AttackWorld,
  startAttackWorld,
  type TestSession,
  transferCall,
} from './attackWorld.ts';
import { expectRevertedOnChain } from './expectRefusal.ts';
import {
  type SessionOutsideExecutionOptions,
  sessionOutsideExecutionCall,
} from './sessionOutsideExecutionCall.ts';

const VALID = BigInt('0x56414c4944'); // 'VALID'

let world: AttackWorld;
let relayer: Account;
let chainId: string;

beforeAll(async () => {
  world = await startAttackWorld();
  relayer = world.accounts[2] as Account;
  chainId = await world.devnet.provider.getChainId();
});
afterAll(async () => {
  await world?.stop();
});

const pay = (amount: bigint) => transferCall(world.usdc, world.recipient, amount);
const isValid = async (hash: string | bigint, signature: readonly (string | bigint)[]) => {
  const [answer] = await world.devnet.provider.callContract({
    contractAddress: world.wallet.publicKey,
    entrypoint: 'is_valid_signature',
    calldata: isValidSignatureCalldata(hash, signature),
  });
  return BigInt(answer ?? -1);
};
const callsUsed = async (s: TestSession) =>
  (
    await world.sdk.sessions.getSessionData({
      walletAddress: world.wallet.publicKey,
      sessionPublicKey: s.pair.publicKey,
    })
  ).callsUsed;

/** A relayer (predeployed account) submits a session-signed outside execution of `calls`. */
async function relay(
  session: TestSession,
  calls: Call[],
  options: Partial<SessionOutsideExecutionOptions> = {},
) {
  const now = await latestBlockTime(world.devnet);
  const { call } = sessionOutsideExecutionCall(session, calls, {
    wallet: world.wallet.publicKey,
    chainId,
    now,
    ...options,
  });
  return { call, outcome: await sendRaw(relayer, [call], { resourceBounds: world.bounds }) };
}

describe('session-signed outside execution run by a relayer account', () => {
  it('runs, the relayer pays, and it uses one session call', async () => {
    const session = await world.newSession({ maxCalls: 5 });
    const before = await world.balanceOf(world.recipient);
    const { outcome } = await relay(session, [pay(3n), pay(4n)]);
    expect(outcome.kind).toBe('accepted');
    expect(await world.balanceOf(world.recipient)).toBe(before + 7n);
    expect(await callsUsed(session)).toBe(1);
  });

  it('the same outside execution cannot run twice', async () => {
    const session = await world.newSession({ maxCalls: 5 });
    const { call, outcome } = await relay(session, [pay(1n)]);
    expect(outcome.kind).toBe('accepted');
    const before = await world.balanceOf(world.recipient);
    expectRevertedOnChain(
      await sendRaw(relayer, [call], { resourceBounds: world.bounds }),
      'OUTSIDE_EXECUTION_REJECTED',
      'outside/duplicate-nonce',
    );
    expect(await world.balanceOf(world.recipient)).toBe(before);
  });

  it('refused when a call is not on the allow-list', async () => {
    const session = await world.newSession({ allowedEntrypoints: ['transfer'] });
    const approve: Call = {
      contractAddress: world.usdc.address,
      entrypoint: 'approve',
      calldata: [world.recipient, 1n, 0n],
    };
    expectRevertedOnChain(
      (await relay(session, [pay(1n), approve])).outcome,
      'SESSION_ENTRYPOINT_NOT_ALLOWED',
      'session/entrypoint-not-allowed',
    );
    expect(await callsUsed(session)).toBe(0);
  });

  it('refused when it breaks the spending policy, and nothing moves', async () => {
    const session = await world.newSession({
      spendingPolicies: [
        { token: world.usdc.address, maxPerCall: 5n, maxPerWindow: 6n, windowSeconds: 3600 },
      ],
    });
    const before = await world.balanceOf(world.recipient);
    expectRevertedOnChain(
      (await relay(session, [pay(6n)])).outcome,
      'SESSION_SPENDING_LIMIT_EXCEEDED',
      'policy/exceeds-per-call',
    );
    expectRevertedOnChain(
      (await relay(session, [pay(4n), pay(4n)])).outcome,
      'SESSION_SPENDING_LIMIT_EXCEEDED',
      'policy/exceeds-window',
    );
    expect(await world.balanceOf(world.recipient)).toBe(before);
  });

  it('refused for another caller, outside its time window, exhausted or revoked', async () => {
    const session = await world.newSession({ maxCalls: 1 });
    const now = await latestBlockTime(world.devnet);
    const other = (world.accounts[3] as Account).address;
    expectRevertedOnChain(
      (await relay(session, [pay(1n)], { caller: other })).outcome,
      'OUTSIDE_EXECUTION_REJECTED',
      'outside/invalid-caller',
    );
    expectRevertedOnChain(
      (await relay(session, [pay(1n)], { executeBefore: now - 1 })).outcome,
      'OUTSIDE_EXECUTION_REJECTED',
      'outside/expired',
    );
    expectRevertedOnChain(
      (await relay(session, [pay(1n)], { executeAfter: now + 1000 })).outcome,
      'OUTSIDE_EXECUTION_REJECTED',
      'outside/too-early',
    );
    expect((await relay(session, [pay(1n)], { caller: relayer.address })).outcome.kind).toBe(
      'accepted',
    );
    expectRevertedOnChain(
      (await relay(session, [pay(1n)])).outcome,
      'SESSION_MAX_CALLS_EXCEEDED',
      'session/max-calls-exceeded',
    );

    const revoked = await world.newSession();
    await world.sdk.sessions.revokeSessionKey({
      encryptKey: PIN,
      wallet: world.chipiWallet,
      sessionPublicKey: revoked.pair.publicKey,
    });
    expectRevertedOnChain(
      (await relay(revoked, [pay(1n)])).outcome,
      'SESSION_REVOKED',
      'session/revoked',
    );
  });

  it('a session cannot burn the nonce of a pending owner-signed outside execution', async () => {
    const session = await world.newSession({ maxCalls: 5 });
    const ownerKey = decryptPrivateKey({
      envelope: world.wallet.encryptedPrivateKey,
      pin: PIN,
      walletAddress: world.wallet.publicKey,
    });
    const now = await latestBlockTime(world.devnet);
    const nonce = (BigInt(now) << 40n) + 77n;
    // The owner signs a gasless revocation of the session; it waits to be relayed.
    const revocation: OutsideExecutionInput = {
      caller: toFeltHex(ANY_CALLER),
      nonce,
      executeAfter: now - 300,
      executeBefore: now + 600,
      calls: [
        {
          contractAddress: world.wallet.publicKey,
          entrypoint: 'revoke_session_key',
          calldata: [session.pair.publicKey],
        },
      ],
    };
    const ownerSignature = signOwnerHash(
      outsideExecutionHash(revocation, world.wallet.publicKey, chainId),
      ownerKey,
    );
    // The session uses the same nonce first.
    const { outcome } = await relay(session, [pay(1n)], { nonce });
    expect(outcome.kind).toBe('accepted');
    // The owner's request still runs: nonces are kept per signer.
    const ownerCall = {
      contractAddress: world.wallet.publicKey,
      entrypoint: 'execute_from_outside_v2',
      calldata: executeFromOutsideCalldata(revocation, ownerSignature),
    };
    expect((await sendRaw(relayer, [ownerCall], { resourceBounds: world.bounds })).kind).toBe(
      'accepted',
    );
    const data = await world.sdk.sessions.getSessionData({
      walletAddress: world.wallet.publicKey,
      sessionPublicKey: session.pair.publicKey,
    });
    expect(data.status).toBe('revoked');
  });

  it('refused once the session expired (exact time, no hour rounding)', async () => {
    const session = await world.newSession({ lifetimeSeconds: 100 });
    await setTime(world.devnet, session.validUntil + 1);
    expectRevertedOnChain(
      (await relay(session, [pay(1n)], { executeBefore: session.validUntil + 600 })).outcome,
      'SESSION_EXPIRED',
      'session/expired',
    );
  });
});

describe('is_valid_signature with a session key', () => {
  it('one signature form: what is_valid_signature accepts, execute_from_outside_v2 runs unchanged', async () => {
    const session = await world.newSession({ maxCalls: 5 });
    const now = await latestBlockTime(world.devnet);
    const { call, outsideExecution, signature } = sessionOutsideExecutionCall(session, [pay(2n)], {
      wallet: world.wallet.publicKey,
      chainId,
      now,
    });
    const hash = outsideExecutionHash(outsideExecution, world.wallet.publicKey, chainId);
    expect(await isValid(hash, signature)).toBe(VALID);
    const before = await world.balanceOf(world.recipient);
    const outcome = await sendRaw(relayer, [call], { resourceBounds: world.bounds });
    expect(outcome.kind).toBe('accepted');
    expect(await world.balanceOf(world.recipient)).toBe(before + 2n);
    // Spent: the same signature is no longer valid off-chain either.
    expect(await isValid(hash, signature)).toBe(0n);
  });

  it('the full form names its outside execution: another one with it is refused', async () => {
    const session = await world.newSession({ maxCalls: 5 });
    const now = await latestBlockTime(world.devnet);
    const signed = sessionOutsideExecutionCall(session, [pay(2n)], {
      wallet: world.wallet.publicKey,
      chainId,
      now,
    });
    const other = { ...signed.outsideExecution, calls: [] };
    const call = {
      contractAddress: world.wallet.publicKey,
      entrypoint: 'execute_from_outside_v2',
      calldata: executeFromOutsideCalldata(other, signed.signature),
    };
    expectRevertedOnChain(
      await sendRaw(relayer, [call], { resourceBounds: world.bounds }),
      'OUTSIDE_EXECUTION_REJECTED',
      'outside/invalid-signature',
    );
    expect(await callsUsed(session)).toBe(0);
  });

  it('accepts only the outside-execution form, never an arbitrary hash', async () => {
    const session = await world.newSession({ maxCalls: 5 });
    const now = await latestBlockTime(world.devnet);
    const { outsideExecution } = sessionOutsideExecutionCall(session, [pay(USDC)], {
      wallet: world.wallet.publicKey,
      chainId,
      now,
    });
    const form = signSessionIsValidSignature({
      outsideExecution,
      accountAddress: world.wallet.publicKey,
      chainId,
      privateKey: session.pair.privateKey,
      validUntil: session.validUntil,
    });
    expect(await isValid(form.hash, form.signature)).toBe(VALID); // control

    const arbitrary = 0x1234_5678_9abc_def0_1234n;
    const asTransaction = signSessionTransaction({
      transactionHash: arbitrary,
      privateKey: session.pair.privateKey,
      validUntil: session.validUntil,
    });
    expect(await isValid(arbitrary, asTransaction)).toBe(0n);
    const asOutsideExecution = signSessionOutsideExecution({
      outsideExecutionHash: arbitrary,
      privateKey: session.pair.privateKey,
      validUntil: session.validUntil,
    });
    expect(await isValid(arbitrary, asOutsideExecution)).toBe(0n);
    // The full form, asked about another hash than its own outside execution's.
    expect(await isValid(arbitrary, form.signature)).toBe(0n);
    expect(await isValid(BigInt(form.hash) + 1n, form.signature)).toBe(0n);
    // Nothing was consumed by the queries.
    expect(await callsUsed(session)).toBe(0);
  });
});
