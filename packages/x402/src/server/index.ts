export { FacilitatorClient, type FacilitatorClientOptions } from './FacilitatorClient.js';
export {
  type CachedPaidResponse,
  MemoryPaymentIdentifierCache,
  type PaymentIdentifierCache,
  type PaymentIdentifierClaim,
} from './PaymentIdentifierCache.js';
export {
  type PaymentMiddlewareOptions,
  paymentMiddleware,
  paymentOf,
  type RoutePrice,
  type VerifiedPayment,
} from './paymentMiddleware.js';
export {
  type ReferencePrice,
  type ReferenceServerScheme,
  type ReferenceServerSchemeOptions,
  type ReferenceSupportedKind,
  referenceServerScheme,
} from './referenceServerScheme.js';
