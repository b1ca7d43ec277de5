export { SqlitePaymentIdentifierCache } from './SqlitePaymentIdentifierCache.js';
