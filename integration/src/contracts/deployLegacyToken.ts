import { type Account, type Contract, shortString } from 'starknet';
import { deployTestContract } from './deployTestContract.ts';

/**
 * Declares and deploys the legacy-shaped test token (camelCase entrypoints only, `Transfer` fields
 * in the event data; 6 decimals); `owner` may mint.
 */
export function deployLegacyToken(deployer: Account, owner = deployer.address): Promise<Contract> {
  return deployTestContract(deployer, 'legacy_erc20', [
    shortString.encodeShortString('Legacy USD'),
    shortString.encodeShortString('LUSD'),
    '6',
    owner,
  ]);
}
