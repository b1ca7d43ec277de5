export {
  type ExactStarknetPrice,
  type ExactStarknetServerScheme,
  type ExactStarknetServerSchemeOptions,
  exactStarknetServerScheme,
  type SupportedKindEntry,
} from './exactStarknetServerScheme.js';
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
