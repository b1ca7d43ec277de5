export { PostgresSettlementStore } from './PostgresSettlementStore.js';
