export type { ChipiSessionsContextValue } from './ChipiSessionsContext.js';
export {
  ChipiSessionsProvider,
  type ChipiSessionsProviderProps,
} from './ChipiSessionsProvider.js';
export { errorCodeOf } from './errorCodeOf.js';
export { formatTokenAmount, parseTokenAmount, USDC_DECIMALS } from './tokenAmount.js';
export {
  type ChipiSessionAction,
  type ChipiSessionStatus,
  type RegisterSessionConfig,
  type UseChipiSessionOptions,
  type UseChipiSessionResult,
  useChipiSession,
} from './useChipiSession.js';
export {
  type UseX402PaymentOptions,
  type UseX402PaymentResult,
  useX402Payment,
  type X402Payment,
} from './useX402Payment.js';
export type {
  CreateX402PaymentClient,
  X402PaymentClient,
  X402PaymentClientConfig,
} from './X402PaymentClient.js';
