export { ContractsError, type ContractsErrorCode } from './ContractsError.js';
export {
  type DeclareContractClassOptions,
  type DeclaredContractClass,
  declareContractClass,
} from './declareContractClass.js';
export { type ContractClassHashes, type ContractName, contractsManifest } from './index.js';
export {
  ARTIFACTS_DIR,
  type ContractArtifact,
  contractNames,
  isContractName,
  readContractArtifact,
} from './readContractArtifact.js';
