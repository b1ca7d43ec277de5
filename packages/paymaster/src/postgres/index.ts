export { PostgresPaymasterStore } from './PostgresPaymasterStore.js';
