import { assertSessionCalls, ChipiSessionError, parseNonZeroFelt } from '@chipi-sessions/core';
import { Account } from 'starknet';
import { decodeChainError } from './decodeChainError.js';
import { readPreflightState } from './readPreflightState.js';
import type { SdkRuntime } from './SdkRuntime.js';
import { SessionSigner } from './SessionSigner.js';
import { sendPaymasterTransaction } from './sendPaymasterTransaction.js';
import type { PreparedCalls } from './toFeltCalls.js';
import type { SessionKeyData } from './types.js';
import { unlockSessionKeyAsync } from './unlockSessionKey.js';

/** What `sendSessionTransaction` sends. */
export interface SessionTransaction {
  /** The account address (checked CHIPI wallet). */
  address: string;
  session: SessionKeyData;
  encryptKey: string;
  calls: PreparedCalls;
  bearerToken?: string | undefined;
  skipPreflight?: boolean | undefined;
  waitForTransaction?: boolean | undefined;
}

/**
 * Sends calls signed by a session key. Unless `skipPreflight`, it first reads the session, the
 * spending policies involved and the block time, and runs core's checks: a transaction the
 * account would refuse throws the same typed code before anything is signed. With a paymaster the
 * session signs the SNIP-9 v2 outside execution the paymaster built and its relayer pays;
 * otherwise it signs an INVOKE that the account pays for. Chain refusals are decoded into typed
 * errors.
 */
export async function sendSessionTransaction(
  rt: SdkRuntime,
  tx: SessionTransaction,
): Promise<string> {
  const { session, address } = tx;
  checkSession(session);
  const statePromise = tx.skipPreflight
    ? undefined
    : readPreflightState(rt.readProvider, address, session.publicKey, tx.calls.feltCalls);
  statePromise?.catch(() => {});
  // starknet.js would estimate the tip only after these reads; it is read alongside them.
  const tipPromise =
    rt.paymasterUrl === undefined && !tx.skipPreflight
      ? rt.readProvider.getEstimateTip()
      : undefined;
  tipPromise?.catch(() => {});
  // The KDF (if the key is not cached) runs while the pre-flight reads are in flight.
  const privateKey = await unlockSessionKeyAsync({
    session,
    pin: tx.encryptKey,
    walletAddress: address,
    keyCache: rt.keyCache,
  });
  const state = await statePromise;
  if (state !== undefined) {
    assertSessionCalls({
      session: state.session,
      calls: tx.calls.feltCalls,
      account: address,
      now: state.now,
      signatureValidUntil: session.validUntil,
      policies: state.policies,
    });
  }

  if (rt.paymasterUrl !== undefined) {
    // The paymaster builds the outside execution and its relayer pays: no session fee applies.
    const signer = new SessionSigner({
      privateKey,
      publicKey: session.publicKey,
      validUntil: session.validUntil,
      accountAddress: address,
    });
    const hash = await sendPaymasterTransaction(rt, {
      address,
      signer,
      calls: tx.calls.calls,
      bearerToken: tx.bearerToken,
    });
    return rt.finish(hash, tx.waitForTransaction);
  }

  const signer = new SessionSigner({
    privateKey,
    publicKey: session.publicKey,
    validUntil: session.validUntil,
    accountAddress: address,
    // The calls were checked above; signing only adds the fee rules on the resource bounds.
    ...(state === undefined ? {} : { feeLimits: state.session }),
  });
  const account = new Account({ provider: rt.provider, address, signer, cairoVersion: '1' });
  let hash: string;
  try {
    const tip = await tipPromise;
    hash = (
      await account.execute(tx.calls.calls, {
        // skipValidate: false — the fee estimate runs the account's session validation too.
        skipValidate: false,
        ...(state === undefined ? {} : { nonce: state.nonce }),
        ...(tip === undefined ? {} : { tip: tip[account.defaultTipType] }),
      })
    ).transaction_hash;
  } catch (error) {
    throw decodeChainError(error);
  }
  return rt.finish(hash, tx.waitForTransaction);
}

function checkSession(session: SessionKeyData | undefined): void {
  if (session === null || typeof session !== 'object') {
    throw new ChipiSessionError('INVALID_INPUT', 'session is required');
  }
  parseNonZeroFelt(session.publicKey, 'session.publicKey');
  if (!Number.isSafeInteger(session.validUntil) || session.validUntil <= 0) {
    throw new ChipiSessionError('INVALID_INPUT', 'session.validUntil must be unix seconds');
  }
  if (typeof session.encryptedPrivateKey !== 'string') {
    throw new ChipiSessionError('INVALID_INPUT', 'session.encryptedPrivateKey is required');
  }
}
