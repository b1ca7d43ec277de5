import { readContractArtifact } from '@chipi-sessions/contracts/node';
import { type Account, byteArray, CallData, Contract } from 'starknet';
import { declareContract } from './declareContract.ts';

export const USDC_DECIMALS = 6;

/** Declares and deploys the mock USDC (6 decimals); `owner` may mint. */
export async function deployMockUsdc(
  deployer: Account,
  owner = deployer.address,
): Promise<Contract> {
  const classHash = await declareContract(deployer, 'mock_erc20');
  const constructorCalldata = CallData.compile([
    byteArray.byteArrayFromString('Test USDC'),
    byteArray.byteArrayFromString('USDC'),
    USDC_DECIMALS,
    owner,
  ]);
  const deployed = await deployer.deployContract({ classHash, constructorCalldata });
  await deployer.provider.waitForTransaction(deployed.transaction_hash);
  const { sierra } = readContractArtifact('mock_erc20');
  return new Contract({
    abi: sierra.abi,
    address: deployed.contract_address,
    providerOrAccount: deployer,
  });
}
