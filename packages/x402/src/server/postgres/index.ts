export { PostgresPaymentIdentifierCache } from './PostgresPaymentIdentifierCache.js';
