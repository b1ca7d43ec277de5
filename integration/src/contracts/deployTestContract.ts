import type { ContractName } from '@chipi-sessions/contracts';
import { readContractArtifact } from '@chipi-sessions/contracts/node';
import { type Account, type Calldata, Contract } from 'starknet';
import { declareContract } from './declareContract.ts';

/** Declares a committed contract once, deploys an instance and returns it with its ABI. */
export async function deployTestContract(
  deployer: Account,
  name: ContractName,
  constructorCalldata: Calldata,
): Promise<Contract> {
  const classHash = await declareContract(deployer, name);
  const deployed = await deployer.deployContract({ classHash, constructorCalldata });
  await deployer.provider.waitForTransaction(deployed.transaction_hash);
  return new Contract({
    abi: readContractArtifact(name).sierra.abi,
    address: deployed.contract_address,
    providerOrAccount: deployer,
  });
}
