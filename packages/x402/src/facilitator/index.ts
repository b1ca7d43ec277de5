export {
  ExactStarknetFacilitator,
  type ExactStarknetFacilitatorOptions,
  type ReconcileReport,
} from './ExactStarknetFacilitator.js';
export {
  type ExactStarknetFacilitatorScheme,
  exactStarknetFacilitatorScheme,
} from './exactStarknetFacilitatorScheme.js';
export {
  type FacilitatorAuth,
  type FacilitatorServerOptions,
  facilitatorHandler,
  type RunningFacilitator,
  type StartFacilitatorServerOptions,
  startFacilitatorServer,
} from './facilitatorServer.js';
export {
  type RelayerAccountConfig,
  type SettlementBatching,
  type SettlementCheck,
  SettlementSender,
  type SettlementSimulation,
  type SimulatedTransaction,
} from './SettlementSender.js';
export type {
  SettlementRecord,
  SettlementStatus,
  SettlementStore,
  SettlementUpdate,
} from './SettlementStore.js';
