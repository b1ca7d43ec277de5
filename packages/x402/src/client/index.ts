export {
  type ReferenceClientScheme,
  type ReferenceClientSchemeOptions,
  type ReferencePaymentContext,
  referenceClientScheme,
} from './referenceClientScheme.js';
export { type PaymentRecord, type SpendingBudget, SpendingLedger } from './SpendingLedger.js';
export { wrapFetchWithPayment } from './wrapFetchWithPayment.js';
export { X402Client, type X402ClientOptions } from './X402Client.js';
