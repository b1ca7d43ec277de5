import type { ContractName } from '@chipi-sessions/contracts';
import { readContractArtifact } from '@chipi-sessions/contracts/node';
import type { Account } from 'starknet';

/** Declares a committed contract artifact once; returns its class hash. */
export async function declareContract(deployer: Account, name: ContractName): Promise<string> {
  const artifact = readContractArtifact(name);
  const result = await deployer.declareIfNot({ contract: artifact.sierra, casm: artifact.casm });
  if (result.transaction_hash) await deployer.provider.waitForTransaction(result.transaction_hash);
  if (BigInt(result.class_hash) !== BigInt(artifact.classHash)) {
    throw new Error(
      `declared class ${result.class_hash} differs from the manifest's ${artifact.classHash}`,
    );
  }
  return artifact.classHash;
}
