export { type ContractName, contractsManifest } from './manifest.js';

/** The class hashes of one compiled contract, as recorded in the manifest. */
export interface ContractClassHashes {
  /** Sierra class hash: what `deploy_account` and the UDC take. */
  classHash: string;
  /** Hash of the CASM the sequencer checks at declaration. */
  compiledClassHash: string;
}
