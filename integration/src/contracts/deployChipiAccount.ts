import { Account, CallData, ec, hash, stark } from 'starknet';
import { mintStrk } from '../devnet/mintStrk.ts';
import type { Devnet } from '../devnet/startDevnet.ts';
import { declareContract } from './declareContract.ts';

export interface DeployedChipiAccount {
  account: Account;
  address: string;
  ownerPrivateKey: string;
  ownerPublicKey: string;
  classHash: string;
}

/**
 * Declares the CHIPI account (through `deployer`), funds the counterfactual address with STRK
 * and deploys it with a DEPLOY_ACCOUNT transaction signed by a fresh owner key.
 */
export async function deployChipiAccount(
  devnet: Devnet,
  deployer: Account,
  ownerPrivateKey: string = stark.randomAddress(),
): Promise<DeployedChipiAccount> {
  const classHash = await declareContract(deployer, 'account');
  const ownerPublicKey = ec.starkCurve.getStarkKey(ownerPrivateKey);
  const constructorCalldata = CallData.compile([ownerPublicKey]);
  const address = hash.calculateContractAddressFromHash(
    ownerPublicKey,
    classHash,
    constructorCalldata,
    0,
  );
  await mintStrk(devnet, address, 10n ** 21n);
  const account = new Account({ provider: devnet.provider, address, signer: ownerPrivateKey });
  const deployed = await account.deployAccount({
    classHash,
    constructorCalldata,
    addressSalt: ownerPublicKey,
  });
  await devnet.provider.waitForTransaction(deployed.transaction_hash);
  return { account, address, ownerPrivateKey, ownerPublicKey, classHash };
}
