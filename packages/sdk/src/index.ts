export {
  ChipiError,
  type ChipiErrorOptions,
  ChipiSessionError,
  isChipiSessionError,
  SESSION_ERROR_CODES,
  type SessionErrorCode,
} from '@chipi-sessions/core';
export { assertChipiWallet } from './assertChipiWallet.js';
export { ChipiSessions } from './ChipiSessions.js';
export { ChipiSessionsSDK } from './ChipiSessionsSDK.js';
export type { ChipiSessionsSDKConfig } from './ChipiSessionsSDKConfig.js';
export {
  type CreateOwnerSignerParameters,
  createOwnerSigner,
} from './createOwnerSigner.js';
export {
  DEFAULT_SESSION_DURATION_SECONDS,
  MAX_SESSION_DURATION_SECONDS,
} from './createSessionKey.js';
export { decodeChainError } from './decodeChainError.js';
export { DEFAULT_ACCOUNT_CLASS_HASH } from './defaultAccountClassHash.js';
export { defaultSessionKeyStore } from './defaultSessionKeyStore.js';
export { KeyCache, type KeyCacheOptions, type UnlockKeyParameters } from './KeyCache.js';
export { MemorySessionKeyStore } from './MemorySessionKeyStore.js';
export { parseStoredSessionKey } from './parseStoredSessionKey.js';
export type { SessionKeyStore } from './SessionKeyStore.js';
export {
  type SessionPreflightState,
  SessionSigner,
  type SessionSignerOptions,
  type SessionStateProvider,
} from './SessionSigner.js';
export type {
  AddSessionKeyParams,
  CreateSessionKeyParams,
  CreateWalletParams,
  CreateWalletResponse,
  ExecuteTransactionInput,
  ExecuteTransactionParams,
  ExecuteWithSessionInput,
  ExecuteWithSessionOptions,
  ExecuteWithSessionParams,
  GetSessionDataParams,
  GetSpendingPolicyParams,
  RemoveSpendingPolicyParams,
  RevokeAllSessionsParams,
  RevokeSessionKeyParams,
  SessionConfig,
  SessionDataResponse,
  SessionKeyData,
  SetSpendingPolicyParams,
  SpendingPolicyConfig,
  SpendingPolicyData,
  SpendingPolicyLimits,
  TransactionOptions,
  UnlockSessionParams,
  WalletData,
  WalletType,
} from './types.js';
export {
  type WebStorage,
  WebStorageSessionKeyStore,
  type WebStorageSessionKeyStoreOptions,
} from './WebStorageSessionKeyStore.js';
