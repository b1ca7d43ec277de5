export { type RateLimit, RateLimiter } from '@chipi-sessions/core';
export { decodeBase64Json, encodeBase64Json, MAX_HEADER_LENGTH } from './scheme/base64Json.js';
export {
  type BuildExactStarknetPayloadParameters,
  buildExactStarknetPayload,
  EXACT_EXECUTE_AFTER,
  type TypedDataSigner,
} from './scheme/buildExactStarknetPayload.js';
export {
  type CheckExactStarknetPaymentParameters,
  type CheckedExactPayment,
  checkExactStarknetPayment,
  DEFAULT_MIN_SETTLE_MARGIN_SECONDS,
  DEFAULT_SKEW_SECONDS,
} from './scheme/checkExactStarknetPayment.js';
export { checkExactTransfer, type ExactTransfer } from './scheme/checkExactTransfer.js';
export {
  EXACT_SCHEME,
  normalizeExactRequirements,
  requirementFeePayer,
} from './scheme/exactStarknetRequirements.js';
export {
  MAX_SIGNATURE_LENGTH,
  type ParsedExactStarknetPayload,
  parseExactStarknetPayload,
} from './scheme/parseExactStarknetPayload.js';
export { parseSettleResponse, parseVerifyResponse } from './scheme/parseFacilitatorResponses.js';
export { parsePaymentPayload } from './scheme/parsePaymentPayload.js';
export { parsePaymentRequired } from './scheme/parsePaymentRequired.js';
export { parsePaymentRequirements } from './scheme/parsePaymentRequirements.js';
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
} from './scheme/paymentHeaders.js';
export {
  createPaymentIdentifier,
  PAYMENT_IDENTIFIER,
  paymentIdentifierDeclaration,
  readPaymentIdentifier,
} from './scheme/paymentIdentifier.js';
export { type RequirementFilter, selectRequirement } from './scheme/selectRequirement.js';
export { type StarknetDefaultAsset, starknetDefaultAsset } from './scheme/starknetDefaultAsset.js';
export {
  chainIdOfNetwork,
  STARKNET_NETWORKS,
  STARKNET_USDC,
  starknetNetwork,
} from './scheme/starknetNetwork.js';
export {
  type EmittedEvent,
  hasExactTransfer,
  type TransferEvent,
  transferEvents,
} from './scheme/transferEvents.js';
export { isX402Error, X402Error } from './scheme/X402Error.js';
export { isX402ErrorCode, X402_ERROR_CODES, type X402ErrorCode } from './scheme/x402ErrorCodes.js';
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
} from './scheme/x402Types.js';
