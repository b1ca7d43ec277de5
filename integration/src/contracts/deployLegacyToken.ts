import { readContractArtifact } from '@chipi-sessions/contracts/node';
import { type Account, Contract, shortString } from 'starknet';
import { declareContract } from './declareContract.ts';

/**
 * Declares and deploys the legacy-shaped test token (camelCase entrypoints only, `Transfer` fields
 * in the event data; 6 decimals); `owner` may mint.
 */
export async function deployLegacyToken(
  deployer: Account,
  owner = deployer.address,
): Promise<Contract> {
  const classHash = await declareContract(deployer, 'legacy_erc20');
  const constructorCalldata = [
    shortString.encodeShortString('Legacy USD'),
    shortString.encodeShortString('LUSD'),
    '6',
    owner,
  ];
  const deployed = await deployer.deployContract({ classHash, constructorCalldata });
  await deployer.provider.waitForTransaction(deployed.transaction_hash);
  const { sierra } = readContractArtifact('legacy_erc20');
  return new Contract({
    abi: sierra.abi,
    address: deployed.contract_address,
    providerOrAccount: deployer,
  });
}
