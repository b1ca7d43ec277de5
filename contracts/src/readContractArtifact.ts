import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CairoAssembly, CompiledSierra } from 'starknet';
import { ContractsError } from './ContractsError.js';
import { type ContractName, contractsManifest } from './manifest.js';

/** The package's artifacts/ folder, seen from src/ (workspace) and from dist/ (published). */
export const ARTIFACTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

export interface ContractArtifact {
  name: ContractName;
  sierra: CompiledSierra;
  casm: CairoAssembly;
  classHash: string;
  compiledClassHash: string;
}

/** Every contract this package ships, in manifest order. */
export const contractNames = Object.keys(contractsManifest) as ContractName[];

export function isContractName(name: string): name is ContractName {
  return Object.hasOwn(contractsManifest, name);
}

/** Reads the Sierra and CASM of a shipped contract (Node only). */
export function readContractArtifact(name: ContractName): ContractArtifact {
  if (!isContractName(name)) {
    throw new ContractsError(
      'UNKNOWN_CONTRACT',
      `unknown contract "${String(name)}" (known: ${contractNames.join(', ')})`,
    );
  }
  const read = (suffix: string) =>
    JSON.parse(readFileSync(join(ARTIFACTS_DIR, `${name}.${suffix}.json`), 'utf8'));
  return {
    name,
    sierra: read('sierra'),
    casm: read('casm'),
    classHash: contractsManifest[name].classHash,
    compiledClassHash: contractsManifest[name].compiledClassHash,
  };
}
