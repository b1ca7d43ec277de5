import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CairoAssembly, CompiledSierra } from 'starknet';
import { type ContractName, contractsManifest } from './manifest.ts';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

export interface ContractArtifact {
  name: ContractName;
  sierra: CompiledSierra;
  casm: CairoAssembly;
  classHash: string;
  compiledClassHash: string;
}

/** Reads the committed Sierra and CASM of a contract (Node only). */
export function readContractArtifact(name: ContractName): ContractArtifact {
  const read = (suffix: string) =>
    JSON.parse(readFileSync(join(ARTIFACTS, `${name}.${suffix}.json`), 'utf8'));
  return {
    name,
    sierra: read('sierra'),
    casm: read('casm'),
    classHash: contractsManifest[name].classHash,
    compiledClassHash: contractsManifest[name].compiledClassHash,
  };
}
