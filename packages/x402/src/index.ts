export { decodeBase64Json, encodeBase64Json, MAX_HEADER_LENGTH } from './base64Json.js';
export {
  type BuildExactStarknetPayloadParameters,
  buildExactStarknetPayload,
  EXECUTE_AFTER_BACKDATE_SECONDS,
  type TypedDataSigner,
} from './buildExactStarknetPayload.js';
export {
  type CheckExactStarknetPaymentParameters,
  type CheckedExactPayment,
  checkExactStarknetPayment,
  DEFAULT_MIN_SETTLE_MARGIN_SECONDS,
  DEFAULT_SKEW_SECONDS,
} from './checkExactStarknetPayment.js';
export { checkExactTransfer, type ExactTransfer } from './checkExactTransfer.js';
export {
  ExactStarknetFacilitator,
  type ExactStarknetFacilitatorOptions,
} from './ExactStarknetFacilitator.js';
export {
  EXACT_SCHEME,
  normalizeExactRequirements,
  requirementCaller,
} from './exactStarknetRequirements.js';
export { FacilitatorClient, type FacilitatorClientOptions } from './FacilitatorClient.js';
export {
  type FacilitatorAuth,
  type FacilitatorServerOptions,
  facilitatorHandler,
  type RunningFacilitator,
  startFacilitatorServer,
} from './facilitatorServer.js';
export {
  MAX_SIGNATURE_LENGTH,
  type ParsedExactStarknetPayload,
  parseExactStarknetPayload,
} from './parseExactStarknetPayload.js';
export { parseSettleResponse, parseVerifyResponse } from './parseFacilitatorResponses.js';
export { parsePaymentPayload } from './parsePaymentPayload.js';
export { parsePaymentRequired } from './parsePaymentRequired.js';
export { parsePaymentRequirements } from './parsePaymentRequirements.js';
export {
  decodePaymentRequired,
  decodePaymentResponse,
  decodePaymentSignature,
  encodePaymentRequired,
  encodePaymentResponse,
  encodePaymentSignature,
  PAYMENT_REQUIRED_HEADER,
  PAYMENT_RESPONSE_HEADER,
  PAYMENT_SIGNATURE_HEADER,
} from './paymentHeaders.js';
export {
  createPaymentIdentifier,
  PAYMENT_IDENTIFIER,
  paymentIdentifierDeclaration,
  readPaymentIdentifier,
} from './paymentIdentifier.js';
export {
  type PaymentMiddlewareOptions,
  paymentMiddleware,
  paymentOf,
  type RoutePrice,
  type SettledPayment,
} from './paymentMiddleware.js';
export {
  type ReferenceClientScheme,
  type ReferenceClientSchemeOptions,
  type ReferencePaymentContext,
  referenceClientScheme,
} from './referenceClientScheme.js';
export {
  type ReferenceFacilitatorScheme,
  referenceFacilitatorScheme,
} from './referenceFacilitatorScheme.js';
export {
  type ReferencePrice,
  type ReferenceServerScheme,
  type ReferenceServerSchemeOptions,
  type ReferenceSupportedKind,
  referenceServerScheme,
} from './referenceServerScheme.js';
export {
  type RelayerAccountConfig,
  type SettlementBatching,
  SettlementSender,
} from './SettlementSender.js';
export type {
  SettlementRecord,
  SettlementStatus,
  SettlementStore,
  SettlementUpdate,
} from './SettlementStore.js';
export { type PaymentRecord, type SpendingBudget, SpendingLedger } from './SpendingLedger.js';
export { SqliteSettlementStore } from './SqliteSettlementStore.js';
export { type RequirementFilter, selectRequirement } from './selectRequirement.js';
export { type StarknetDefaultAsset, starknetDefaultAsset } from './starknetDefaultAsset.js';
export {
  chainIdOfNetwork,
  STARKNET_NETWORKS,
  STARKNET_USDC,
  starknetNetwork,
} from './starknetNetwork.js';
export {
  type EmittedEvent,
  hasExactTransfer,
  type TransferEvent,
  transferEvents,
} from './transferEvents.js';
export { wrapFetchWithPayment } from './wrapFetchWithPayment.js';
export { X402Client, type X402ClientOptions } from './X402Client.js';
export { isX402Error, X402Error } from './X402Error.js';
export { isX402ErrorCode, X402_ERROR_CODES, type X402ErrorCode } from './x402ErrorCodes.js';
export {
  type CaipNetwork,
  type ExactStarknetPayload,
  type ExtensionEntry,
  type FacilitatorRequest,
  type PaymentPayload,
  type PaymentRequired,
  type PaymentRequirements,
  type ReferencePaymentRequirements,
  type ResourceInfo,
  type RevertInfo,
  type SettleResponse,
  type SupportedKind,
  type SupportedResponse,
  type VerifyResponse,
  X402_VERSION,
} from './x402Types.js';
