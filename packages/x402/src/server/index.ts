export { FacilitatorClient, type FacilitatorClientOptions } from './FacilitatorClient.js';
export {
  type PaymentMiddlewareOptions,
  paymentMiddleware,
  paymentOf,
  type RoutePrice,
  type SettledPayment,
} from './paymentMiddleware.js';
export {
  type ReferencePrice,
  type ReferenceServerScheme,
  type ReferenceServerSchemeOptions,
  type ReferenceSupportedKind,
  referenceServerScheme,
} from './referenceServerScheme.js';
