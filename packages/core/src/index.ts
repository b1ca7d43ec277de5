export {
  type AllowedCall,
  type AllowedEntrypointInput,
  EXECUTE_SELECTOR,
  isCallAllowed,
  MAX_ALLOWED_CALLS,
  type NormalizeAllowedCallsOptions,
  normalizeAllowedCalls,
} from './allowedCalls.js';
export { base64UrlDecode, base64UrlEncode } from './base64url.js';
export { ChipiError, type ChipiErrorOptions } from './ChipiError.js';
export { ChipiSessionError, isChipiSessionError } from './ChipiSessionError.js';
export { type CallInput, type FeltCall, normalizeCall, normalizeCalls } from './call.js';
export {
  type AddOrUpdateSessionKeyParameters,
  type AddOrUpdateSessionParameters,
  addOrUpdateSessionCalldata,
  addOrUpdateSessionKeyCalldata,
  DEFAULT_SESSION_FEE_PER_CALL,
  removeSpendingPolicyCalldata,
  revokeAllCalldata,
  revokeSessionKeyCalldata,
  type SessionRegistrationBase,
  type SetSpendingPolicyParameters,
  setSpendingPolicyCalldata,
} from './calldata.js';
export { parseChainId, StarknetChainId } from './chainId.js';
export {
  type CheckOutsideExecutionParameters,
  checkOutsideExecution,
} from './checkOutsideExecution.js';
export {
  assertSessionCalls,
  type CheckSessionCallsParameters,
  checkSessionCalls,
  type SessionState,
  type TokenPolicyRoom,
} from './checkSessionCalls.js';
export { checkSessionFee, type SessionFeeLimits } from './checkSessionFee.js';
export {
  type CreateOutsideExecutionParameters,
  createOutsideExecution,
  OUTSIDE_EXECUTION_SLACK_SECONDS,
} from './createOutsideExecution.js';
export { ACCOUNT_ENTRYPOINTS } from './entrypoints.js';
export {
  type FeltLike,
  FIELD_PRIME,
  feltEquals,
  parseFelt,
  parseInteger,
  parseNonZeroFelt,
  parseUint,
  toFeltHex,
  toPaddedHex,
  toSafeNumber,
} from './felt.js';
export {
  type DataAvailabilityMode,
  INVOKE_V3_VERSIONS,
  type InvokeV3SignerDetails,
  type InvokeV3Transaction,
  invokeV3SignerDetailsHash,
  invokeV3TransactionHash,
} from './invokeV3TransactionHash.js';
export {
  isValidSignatureCalldata,
  type SignSessionIsValidSignatureParameters,
  sessionIsValidSignatureForm,
  signSessionIsValidSignature,
} from './isValidSignatureCalldata.js';
export {
  DEFAULT_SCRYPT_PARAMS,
  type DecryptPrivateKeyParameters,
  decryptPrivateKey,
  decryptPrivateKeyAsync,
  type EncryptPrivateKeyParameters,
  encryptPrivateKey,
  encryptPrivateKeyAsync,
  inspectKeyEnvelope,
  KEY_ENVELOPE_PREFIX,
  type ScryptParams,
} from './keyEnvelope.js';
export {
  ANY_CALLER,
  type FeltOutsideExecution,
  normalizeOutsideExecution,
  type OutsideExecutionInput,
} from './outsideExecution.js';
export {
  executeFromOutsideCalldata,
  serializeFeltArray,
  serializeOutsideExecution,
} from './outsideExecutionCalldata.js';
export {
  outsideExecutionFromTypedData,
  type ParsedOutsideExecutionTypedData,
} from './outsideExecutionFromTypedData.js';
export {
  CALL_TYPE_HASH,
  OUTSIDE_EXECUTION_DOMAIN_NAME,
  OUTSIDE_EXECUTION_TYPE_HASH,
  outsideExecutionDomainHash,
  outsideExecutionHash,
  outsideExecutionStructHash,
  STARKNET_DOMAIN_TYPE_HASH,
} from './outsideExecutionHash.js';
export {
  type OutsideExecutionTypedData,
  outsideExecutionTypedData,
  type TypedDataMember,
} from './outsideExecutionTypedData.js';
export { poseidonHash, poseidonHashMany, poseidonHashSingle } from './poseidonHash.js';
export { type RateLimit, RateLimiter } from './RateLimiter.js';
export {
  decodeRevertReason,
  REVERT_REASON_CODES,
  type RevertReason,
  sessionErrorFromRevert,
} from './revertReason.js';
export { getSelectorFromName, starknetKeccak, toSelector } from './selector.js';
export { serializeCalls } from './serializeCalls.js';
export {
  decodeAllowedCalls,
  decodeBool,
  decodeSessionData,
  SESSION_DATA_LENGTH,
  SESSION_STATUS_CODES,
  type SessionDataResponse,
  type SessionStatus,
} from './sessionData.js';
export {
  SESSION_ERROR_CODES,
  SESSION_ERROR_MESSAGES,
  type SessionErrorCode,
} from './sessionErrorCodes.js';
export {
  createSessionKeyPair,
  defaultRandomBytes,
  getPublicKey,
  type RandomBytes,
  type SessionKeyPair,
} from './sessionKeyPair.js';
export {
  SESSION_OE_PREFIX,
  SESSION_TX_PREFIX,
  sessionOutsideExecutionMessageHash,
  sessionTransactionMessageHash,
} from './sessionMessageHash.js';
export {
  type ParsedSessionSignature,
  parseSessionSignature,
  type SessionSignature,
  type SignSessionOutsideExecutionParameters,
  type SignSessionTransactionParameters,
  signSessionOutsideExecution,
  signSessionTransaction,
  verifySessionOutsideExecutionSignature,
  verifySessionTransactionSignature,
} from './sessionSignature.js';
export {
  SET_PUBLIC_KEY_PREFIX,
  type SetPublicKeyProofParameters,
  setPublicKeyMessageHash,
  signSetPublicKeyProof,
} from './setPublicKeyProof.js';
export { decodeShortString, encodeShortString, SHORT_STRING_MAX_LENGTH } from './shortString.js';
export {
  type CarriedSpend,
  SLIDING_WINDOW_SLOTS,
  SLIDING_WINDOW_SUB_WINDOWS,
  SlidingWindow,
  type SlidingWindowState,
  type SpendLimits,
  type SpendRefusal,
  type WindowBucket,
} from './slidingWindow.js';
export {
  decodeSpendingPolicy,
  SPENDING_POLICY_VIEW_LENGTH,
  type SpendingPolicyView,
} from './spendingPolicy.js';
export {
  isValueMovingSelector,
  type Spend,
  spendOfCall,
  VALUE_MOVING_ENTRYPOINTS,
} from './spendOfCall.js';
export { parsePrivateKey, STARK_CURVE_ORDER } from './starkCurve.js';
export { type StarkSignature, signHash, signOwnerHash, verifyHash } from './starkSignature.js';
export {
  type ResourceBound,
  type ResourceBounds,
  transactionMaxFee,
} from './transactionMaxFee.js';
export { joinU256, splitU256, U128_BOUND, type U256, U256_BOUND } from './u256.js';
