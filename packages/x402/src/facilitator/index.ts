export {
  ExactStarknetFacilitator,
  type ExactStarknetFacilitatorOptions,
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
  startFacilitatorServer,
} from './facilitatorServer.js';
export {
  type RelayerAccountConfig,
  type SettlementBatching,
  SettlementSender,
} from './SettlementSender.js';
export type {
  SettlementRecord,
  SettlementStatus,
  SettlementStore,
  SettlementUpdate,
} from './SettlementStore.js';
