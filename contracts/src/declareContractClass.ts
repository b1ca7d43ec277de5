import { Account, RpcError, RpcProvider } from 'starknet';
import { ContractsError } from './ContractsError.js';
import type { ContractName } from './manifest.js';
import { readContractArtifact } from './readContractArtifact.js';

export interface DeclareContractClassOptions {
  /** JSON-RPC endpoint of the network (any Starknet network: devnet, Sepolia, Mainnet). */
  rpcUrl: string;
  /** Address of a deployed account that pays for the declaration. */
  accountAddress: string;
  /** That account's Stark private key. */
  privateKey: string;
  /** Which shipped contract to declare (default `account`, the CHIPI session account). */
  contract?: ContractName;
  /** How often to poll for the receipt, in ms (default 2000). */
  pollIntervalMs?: number;
}

export interface DeclaredContractClass {
  contract: ContractName;
  classHash: string;
  /** `undefined` when the class was already declared and nothing was sent. */
  transactionHash: string | undefined;
}

/**
 * Declares a shipped contract class unless the network already knows its class hash, then checks
 * that the declared hash is the one in the manifest.
 */
export async function declareContractClass(
  options: DeclareContractClassOptions,
): Promise<DeclaredContractClass> {
  const contract = options.contract ?? 'account';
  const artifact = readContractArtifact(contract);
  const provider = new RpcProvider({ nodeUrl: options.rpcUrl });
  if (await isDeclared(provider, artifact.classHash)) {
    return { contract, classHash: artifact.classHash, transactionHash: undefined };
  }
  const account = new Account({
    provider,
    address: options.accountAddress,
    signer: options.privateKey,
  });
  let declared: { transaction_hash: string; class_hash: string };
  try {
    declared = await account.declare({ contract: artifact.sierra, casm: artifact.casm });
    await provider.waitForTransaction(declared.transaction_hash, {
      retryInterval: options.pollIntervalMs ?? 2000,
    });
  } catch (error) {
    throw new ContractsError(
      'DECLARE_FAILED',
      `declaring ${contract} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (BigInt(declared.class_hash) !== BigInt(artifact.classHash)) {
    throw new ContractsError(
      'CLASS_HASH_MISMATCH',
      `the network declared ${declared.class_hash}, the manifest says ${artifact.classHash}`,
    );
  }
  return { contract, classHash: artifact.classHash, transactionHash: declared.transaction_hash };
}

async function isDeclared(provider: RpcProvider, classHash: string): Promise<boolean> {
  try {
    await provider.getClassByHash(classHash);
    return true;
  } catch (error) {
    if (error instanceof RpcError && error.isType('CLASS_HASH_NOT_FOUND')) return false;
    throw error;
  }
}
