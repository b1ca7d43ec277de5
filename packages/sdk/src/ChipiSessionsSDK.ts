import { walletAddressOf } from './assertChipiWallet.js';
import { ChipiSessions } from './ChipiSessions.js';
import type { ChipiSessionsSDKConfig } from './ChipiSessionsSDKConfig.js';
import { createWallet } from './createWallet.js';
import { SdkRuntime } from './SdkRuntime.js';
import { sendOwnerTransaction } from './sendOwnerTransaction.js';
import { prepareCalls } from './toFeltCalls.js';
import type {
  CreateWalletParams,
  CreateWalletResponse,
  ExecuteTransactionInput,
  ExecuteWithSessionInput,
  UnlockSessionParams,
} from './types.js';
import { unlockSessionKeyAsync } from './unlockSessionKey.js';

/**
 * The client SDK of CHIPI session accounts.
 *
 * @example
 * ```ts
 * const sdk = new ChipiSessionsSDK({ rpcUrl: 'http://127.0.0.1:5050/rpc' });
 * const session = sdk.sessions.createSessionKey({ encryptKey: pin });
 * await sdk.sessions.addSessionKeyToContract({ encryptKey: pin, wallet, sessionConfig: {
 *   sessionPublicKey: session.publicKey, validUntil: session.validUntil, maxCalls: 50,
 *   allowedEntrypoints: ['transfer'] } }, token);
 * await sdk.executeTransactionWithSession({ params: { encryptKey: pin, wallet, session, calls } });
 * ```
 */
export class ChipiSessionsSDK {
  /** Session keys and spending policies. */
  readonly sessions: ChipiSessions;
  readonly #rt: SdkRuntime;

  constructor(config: ChipiSessionsSDKConfig = {}) {
    this.#rt = new SdkRuntime(config);
    this.sessions = new ChipiSessions(this.#rt);
  }

  /** The starknet.js provider the SDK talks to. */
  get provider() {
    return this.#rt.provider;
  }

  /**
   * Sends calls signed by a session key instead of the owner. Unless
   * `options.skipPreflight`, the session, the spending policies involved and the block time are
   * read first and core's checks run: a transaction the account would refuse throws the same
   * typed code (`SESSION_EXPIRED`, `SESSION_MAX_CALLS_EXCEEDED`,
   * `SESSION_ENTRYPOINT_NOT_ALLOWED`, `SESSION_SPENDING_LIMIT_EXCEEDED`, …) before anything is
   * signed; a refusal by the chain itself is decoded into the same codes. Returns the transaction
   * hash.
   */
  executeTransactionWithSession(input: ExecuteWithSessionInput): Promise<string> {
    return this.sessions.executeTransactionWithSession(
      input?.params,
      input?.bearerToken,
      input?.options ?? {},
    );
  }

  /** Sends calls signed by the wallet's owner key (decrypted with `encryptKey`). */
  async executeTransaction(input: ExecuteTransactionInput): Promise<string> {
    const { params } = input ?? {};
    walletAddressOf(params?.wallet);
    return sendOwnerTransaction(this.#rt, {
      wallet: params.wallet,
      encryptKey: params.encryptKey,
      calls: prepareCalls(params.calls),
      bearerToken: input.bearerToken,
      waitForTransaction: input.options?.waitForTransaction,
    });
  }

  /** Creates and deploys a CHIPI wallet whose owner key is encrypted under `encryptKey`. */
  createWallet(params: CreateWalletParams): Promise<CreateWalletResponse> {
    return createWallet(this.#rt, params);
  }

  /**
   * Decrypts a stored session key into this SDK's key cache without blocking the thread, so the
   * next session-signed transaction or payment signs at once. Also the way to check a PIN:
   * a wrong one is `ChipiSessionError('SESSION_DECRYPTION_FAILED')`.
   */
  async unlockSession(params: UnlockSessionParams): Promise<void> {
    const walletAddress = walletAddressOf(params?.wallet);
    await unlockSessionKeyAsync({
      session: params.session,
      pin: params.encryptKey,
      walletAddress,
      keyCache: this.#rt.keyCache,
    });
  }

  /** Forgets every unlocked key held by this SDK instance. */
  wipeKeys(): void {
    this.#rt.keyCache.wipe();
  }
}
