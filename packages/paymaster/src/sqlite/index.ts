export { SqlitePaymasterStore } from './SqlitePaymasterStore.js';
