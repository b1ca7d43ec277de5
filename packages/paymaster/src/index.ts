export type { RateLimit } from '@chipi-sessions/core';
export { Paymaster } from './Paymaster.js';
export {
  isPaymasterError,
  type JsonRpcErrorObject,
  PAYMASTER_ERROR_CODES,
  PaymasterError,
  type PaymasterErrorName,
  type PaymasterRefusal,
} from './PaymasterError.js';
export type {
  AccountDeployer,
  ApiKeyConfig,
  PaymasterOptions,
  RelayerAccountConfig,
} from './PaymasterOptions.js';
export type {
  PaymasterStore,
  ReserveResult,
  Sponsorship,
  SponsorshipStatus,
  SponsorshipUpdate,
} from './PaymasterStore.js';
export type {
  AccountDeploymentData,
  BuildTransactionResponse,
  ExecuteTransactionResponse,
  FeeEstimate,
  SponsoredExecutionParameters,
  TokenData,
} from './snip29Types.js';
export {
  type PaymasterServerOptions,
  paymasterHandler,
  type RunningPaymaster,
  startPaymasterServer,
} from './startPaymasterServer.js';
