export { type ContractName, contractsManifest } from './manifest.ts';
