import {
  ACCOUNT_ENTRYPOINTS,
  removeSpendingPolicyCalldata,
  revokeAllCalldata,
  revokeSessionKeyCalldata,
} from '@chipi-sessions/core';
import type { Call } from 'starknet';
import { assertChipiWallet } from './assertChipiWallet.js';
import { createSessionKey, createSessionKeyAsync } from './createSessionKey.js';
import { latestBlockTime } from './latestBlockTime.js';
import { readSessionData } from './readSessionData.js';
import { readSpendingPolicy } from './readSpendingPolicy.js';
import { registrationCalls } from './registrationCalls.js';
import type { SdkRuntime } from './SdkRuntime.js';
import { sendOwnerTransaction } from './sendOwnerTransaction.js';
import { sendSessionTransaction } from './sendSessionTransaction.js';
import { spendingPolicyCalldata } from './spendingPolicyCalldata.js';
import { prepareCalls } from './toFeltCalls.js';
import type {
  AddSessionKeyParams,
  CreateSessionKeyParams,
  ExecuteWithSessionOptions,
  ExecuteWithSessionParams,
  GetSessionDataParams,
  GetSpendingPolicyParams,
  RemoveSpendingPolicyParams,
  RevokeAllSessionsParams,
  RevokeSessionKeyParams,
  SessionDataResponse,
  SessionKeyData,
  SetSpendingPolicyParams,
  SpendingPolicyData,
  TransactionOptions,
} from './types.js';

/**
 * `sdk.sessions`: session keys and spending policies of CHIPI wallets. Owner-signed methods
 * decrypt the wallet's owner key with `encryptKey`; the wallet must have `walletType: 'CHIPI'`.
 * Every failure is a `ChipiSessionError` (or `ChipiError`) with a stable `code`.
 */
export class ChipiSessions {
  readonly #rt: SdkRuntime;

  /** @internal Created by `ChipiSessionsSDK`. */
  constructor(runtime: SdkRuntime) {
    this.#rt = runtime;
  }

  /**
   * Generates a session key pair locally and returns it with the private key encrypted under
   * `encryptKey`; nothing is sent or stored. Synchronous (the scrypt KDF runs on the calling
   * thread). Bad input: `SESSION_CREATION_FAILED`.
   */
  createSessionKey(params: CreateSessionKeyParams): SessionKeyData {
    return createSessionKey(params, this.#keyContext());
  }

  /**
   * `createSessionKey` for pages: the KDF runs in slices that yield to the event loop, so the UI
   * stays responsive. Same result and errors.
   */
  createSessionKeyAsync(params: CreateSessionKeyParams): Promise<SessionKeyData> {
    return createSessionKeyAsync(params, this.#keyContext());
  }

  /**
   * Registers a session on the wallet (owner-signed): allow-list entries may be names, selectors
   * or `{ contractAddress, entrypoint }`; spending policies in the config are set in the same
   * transaction. Returns the transaction hash.
   */
  async addSessionKeyToContract(
    params: AddSessionKeyParams,
    bearerToken?: string,
    options: TransactionOptions = {},
  ): Promise<string> {
    const address = assertChipiWallet(params?.wallet);
    const now = await latestBlockTime(this.#rt.provider);
    const calls = registrationCalls(address, params.sessionConfig, now);
    return this.#owner(params, calls, bearerToken, options);
  }

  /** Revokes one session key forever (owner-signed). Returns the transaction hash. */
  async revokeSessionKey(
    params: RevokeSessionKeyParams,
    bearerToken?: string,
    options: TransactionOptions = {},
  ): Promise<string> {
    const address = assertChipiWallet(params?.wallet);
    const call = selfCall(
      address,
      ACCOUNT_ENTRYPOINTS.revokeSessionKey,
      revokeSessionKeyCalldata(params.sessionPublicKey),
    );
    return this.#owner(params, [call], bearerToken, options);
  }

  /** Revokes every session registered so far, in O(1) (owner-signed). */
  async revokeAllSessions(
    params: RevokeAllSessionsParams,
    bearerToken?: string,
    options: TransactionOptions = {},
  ): Promise<string> {
    const address = assertChipiWallet(params?.wallet);
    const call = selfCall(address, ACCOUNT_ENTRYPOINTS.revokeAll, revokeAllCalldata());
    return this.#owner(params, [call], bearerToken, options);
  }

  /** The on-chain state of a session, as the account computes it at the latest block. */
  getSessionData(params: GetSessionDataParams): Promise<SessionDataResponse> {
    return readSessionData(this.#rt.provider, params?.walletAddress, params?.sessionPublicKey);
  }

  /**
   * Sets the spending policy of one token for a session (owner-signed). Validated first:
   * `INVALID_SPENDING_POLICY`.
   */
  async setSpendingPolicy(
    params: SetSpendingPolicyParams,
    bearerToken?: string,
    options: TransactionOptions = {},
  ): Promise<string> {
    const address = assertChipiWallet(params?.wallet);
    const calldata = spendingPolicyCalldata(params.spendingPolicyConfig);
    const call = selfCall(address, ACCOUNT_ENTRYPOINTS.setSpendingPolicy, calldata);
    return this.#owner(params, [call], bearerToken, options);
  }

  /** A token's spending policy for a session, with the live sliding-window numbers. */
  getSpendingPolicy(params: GetSpendingPolicyParams): Promise<SpendingPolicyData> {
    return readSpendingPolicy(
      this.#rt.provider,
      params?.walletAddress,
      params?.sessionPublicKey,
      params?.token,
    );
  }

  /** Removes a token's spending policy for a session (owner-signed). */
  async removeSpendingPolicy(
    params: RemoveSpendingPolicyParams,
    bearerToken?: string,
    options: TransactionOptions = {},
  ): Promise<string> {
    const address = assertChipiWallet(params?.wallet);
    const calldata = removeSpendingPolicyCalldata(params);
    const call = selfCall(address, ACCOUNT_ENTRYPOINTS.removeSpendingPolicy, calldata);
    return this.#owner(params, [call], bearerToken, options);
  }

  /**
   * Sends calls signed by the session key (see `ChipiSessionsSDK.executeTransactionWithSession`).
   */
  async executeTransactionWithSession(
    params: ExecuteWithSessionParams,
    bearerToken?: string,
    options: ExecuteWithSessionOptions = {},
  ): Promise<string> {
    const address = assertChipiWallet(params?.wallet);
    return sendSessionTransaction(this.#rt, {
      address,
      session: params.session,
      encryptKey: params.encryptKey,
      calls: prepareCalls(params.calls),
      bearerToken,
      skipPreflight: options.skipPreflight,
      waitForTransaction: options.waitForTransaction,
    });
  }

  #keyContext() {
    const rt = this.#rt;
    return {
      now: rt.now,
      keyCache: rt.keyCache,
      ...(rt.kdfParams === undefined ? {} : { kdfParams: rt.kdfParams }),
    };
  }

  #owner(
    params: { encryptKey: string; wallet: AddSessionKeyParams['wallet'] },
    calls: Call[],
    bearerToken: string | undefined,
    options: TransactionOptions,
  ): Promise<string> {
    return sendOwnerTransaction(this.#rt, {
      wallet: params.wallet,
      encryptKey: params.encryptKey,
      calls: prepareCalls(calls),
      bearerToken,
      waitForTransaction: options.waitForTransaction,
    });
  }
}

function selfCall(address: string, entrypoint: string, calldata: string[]): Call {
  return { contractAddress: address, entrypoint, calldata };
}
