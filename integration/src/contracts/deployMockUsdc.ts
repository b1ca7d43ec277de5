import { type Account, byteArray, CallData, type Contract } from 'starknet';
import { deployTestContract } from './deployTestContract.ts';

export const USDC_DECIMALS = 6;

/** Declares and deploys the mock USDC (6 decimals); `owner` may mint. */
export function deployMockUsdc(deployer: Account, owner = deployer.address): Promise<Contract> {
  return deployTestContract(
    deployer,
    'mock_erc20',
    CallData.compile([
      byteArray.byteArrayFromString('Test USDC'),
      byteArray.byteArrayFromString('USDC'),
      USDC_DECIMALS,
      owner,
    ]),
  );
}
