export {
  type ExactStarknetClientScheme,
  type ExactStarknetClientSchemeOptions,
  type ExactStarknetPaymentContext,
  exactStarknetClientScheme,
} from './exactStarknetClientScheme.js';
export { type PaymentRecord, type SpendingBudget, SpendingLedger } from './SpendingLedger.js';
export { wrapFetchWithPayment } from './wrapFetchWithPayment.js';
export {
  DEFAULT_MAX_PAYMENT_AMOUNT,
  DEFAULT_PAYMENT_ASSETS,
  type PayingAccount,
  type PaymentAsset,
  X402Client,
  type X402ClientOptions,
} from './X402Client.js';
