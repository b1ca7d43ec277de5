export { SqliteSettlementStore } from './SqliteSettlementStore.js';
