import type {
  AllowedEntrypointInput,
  FeltLike,
  SessionDataResponse,
  SpendingPolicyView,
} from '@chipi-sessions/core';
import type { Account, Call } from 'starknet';

/** The only wallet type that carries the session account. */
export type WalletType = 'CHIPI';

/**
 * A user's wallet as the app stores it. Like the public CHIPI API, `publicKey` holds the
 * **account address**; `encryptedPrivateKey` is the owner key in a `cs1.` envelope bound to that
 * address.
 */
export interface WalletData {
  publicKey: string;
  encryptedPrivateKey: string;
  walletType?: string;
}

/** A session key as `createSessionKey` returns it; store it client-side only. */
export interface SessionKeyData {
  /** Stark public key of the session (hex). */
  publicKey: string;
  /** The session private key in a `cs1.` envelope (scrypt + AES-256-GCM). */
  encryptedPrivateKey: string;
  /** Unix seconds. */
  validUntil: number;
}

export interface CreateSessionKeyParams {
  /** PIN or passphrase that encrypts the session private key. */
  encryptKey: string;
  /** Lifetime in seconds; default 21600 (6 hours). */
  durationSeconds?: number;
  /**
   * Optional: the wallet the session will be registered on. When given, the envelope is bound to
   * it (it only decrypts for that wallet); when absent it is bound to the session key alone.
   */
  walletAddress?: string;
}

/** Limits of one token's spending policy (token base units, window in seconds). */
export interface SpendingPolicyLimits {
  /** ERC-20 contract the policy limits. */
  token: string;
  maxPerCall: FeltLike;
  /** Budget over any sliding window of `windowSeconds`; 0 is a valid zero budget. */
  maxPerWindow: FeltLike;
  windowSeconds: number;
}

export interface SessionConfig {
  sessionPublicKey: string;
  /** Unix seconds; must equal the session's `validUntil`, since its signatures carry it. */
  validUntil: number;
  /** Maximum number of session transactions (a multicall counts once). */
  maxCalls: number;
  /**
   * Entrypoint names (`'transfer'`), selectors (`'0x83af…'`) or `{ contractAddress, entrypoint }`
   * entries scoped to one contract. Empty allows every call to other contracts.
   */
  allowedEntrypoints: AllowedEntrypointInput[];
  /**
   * Refuse value-moving calls on tokens that have no spending policy. Default false for a new
   * session; when absent on an update, the flag already on chain is kept.
   */
  strict?: boolean;
  /** Fee cap per session transaction (fri, u128); absent or 0 means none. */
  maxFeePerTx?: FeltLike;
  /**
   * Lifetime fee budget of the session (fri, u128): every session transaction reserves its
   * maximum possible fee from it in validation, and one that does not fit is refused before it is
   * included. Absent: `maxFeePerTx × maxCalls` when a fee cap is given, else
   * `maxCalls × 0.05 STRK` (`DEFAULT_SESSION_FEE_PER_CALL`, also what the account gives a session
   * registered through the v33 form); an update through the v33 form keeps the budget on chain.
   */
  feeBudget?: FeltLike;
  /** Spending policies set in the same owner transaction. */
  spendingPolicies?: SpendingPolicyLimits[];
}

export interface AddSessionKeyParams {
  /** PIN that decrypts the owner key. */
  encryptKey: string;
  wallet: WalletData;
  sessionConfig: SessionConfig;
}

export interface RevokeSessionKeyParams {
  encryptKey: string;
  wallet: WalletData;
  sessionPublicKey: string;
}

export interface RevokeAllSessionsParams {
  encryptKey: string;
  wallet: WalletData;
}

export interface GetSessionDataParams {
  walletAddress: string;
  sessionPublicKey: string;
}

/** `get_session_data` decoded; the first four fields are the public CHIPI shape. */
export type { SessionDataResponse };

export interface SpendingPolicyConfig extends SpendingPolicyLimits {
  sessionPublicKey: string;
}

export interface SetSpendingPolicyParams {
  encryptKey: string;
  wallet: WalletData;
  spendingPolicyConfig: SpendingPolicyConfig;
}

export interface GetSpendingPolicyParams {
  walletAddress: string;
  sessionPublicKey: string;
  token: string;
}

/**
 * `get_spending_policy` decoded. `spentInWindow`, `remainingInWindow` (what can still be spent
 * now) and `nextReleaseAt` are computed by the account at the latest block's time.
 */
export type SpendingPolicyData = SpendingPolicyView;

export interface RemoveSpendingPolicyParams {
  encryptKey: string;
  wallet: WalletData;
  sessionPublicKey: string;
  token: string;
}

export interface UnlockSessionParams {
  /** PIN that decrypts the **session** private key. */
  encryptKey: string;
  wallet: WalletData;
  session: SessionKeyData;
}

export interface ExecuteWithSessionParams {
  /** PIN that decrypts the **session** private key. */
  encryptKey: string;
  wallet: WalletData;
  session: SessionKeyData;
  /** starknet.js calls; `entrypoint` is an entrypoint name. */
  calls: Call[];
}

/** Per-call options of the transaction-sending methods. */
export interface TransactionOptions {
  /** Wait until the transaction is accepted (default: the SDK's `waitForTransactions`). */
  waitForTransaction?: boolean;
}

export interface ExecuteWithSessionOptions extends TransactionOptions {
  /**
   * Skip the pre-flight reads and checks, so that a forbidden transaction reaches the chain (for
   * tests that prove the account's own refusal). The chain's error is still decoded.
   */
  skipPreflight?: boolean;
}

export interface ExecuteWithSessionInput {
  params: ExecuteWithSessionParams;
  /** Paymaster API key (sent as `x-paymaster-api-key`); defaults to the SDK's `bearerToken`. */
  bearerToken?: string;
  options?: ExecuteWithSessionOptions;
}

export interface ExecuteTransactionParams {
  /** PIN that decrypts the owner key. */
  encryptKey: string;
  wallet: WalletData;
  calls: Call[];
}

export interface ExecuteTransactionInput {
  params: ExecuteTransactionParams;
  bearerToken?: string;
  options?: TransactionOptions;
}

export interface CreateWalletParams {
  /** PIN that will encrypt the new owner key. */
  encryptKey: string;
  /**
   * Sponsor account that deploys the wallet through the Universal Deployer and pays for it.
   * Without a paymaster, either this or `fund` is required.
   */
  deployer?: Account;
  /**
   * Called with the counterfactual address before the DEPLOY_ACCOUNT transaction; it must leave
   * enough STRK there to pay for the deployment.
   */
  fund?: (address: string) => Promise<void>;
  /**
   * With the SDK's `paymasterUrl` and neither `deployer` nor `fund`: calls the new wallet's
   * owner makes in the same sponsored transaction as its deployment (e.g. registering a session).
   */
  calls?: Call[];
  /** Paymaster API key of this call (default: the SDK's `bearerToken`). */
  bearerToken?: string;
}

export interface CreateWalletResponse {
  wallet: WalletData & { walletType: WalletType };
  txHash: string;
}
