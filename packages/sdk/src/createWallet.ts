import {
  ChipiSessionError,
  createSessionKeyPair,
  encryptPrivateKeyAsync,
  feltEquals,
  toFeltHex,
  toPaddedHex,
} from '@chipi-sessions/core';
import { Account, hash, Signer } from 'starknet';
import { decodeChainError } from './decodeChainError.js';
import type { SdkRuntime } from './SdkRuntime.js';
import { sendPaymasterTransaction } from './sendPaymasterTransaction.js';
import { prepareCalls } from './toFeltCalls.js';
import type { CreateWalletParams, CreateWalletResponse } from './types.js';

/**
 * Creates a CHIPI wallet: a fresh owner key, encrypted under the PIN in a `cs1.` envelope bound
 * to the account address, and the account deployed on the configured network — gasless by the
 * configured paymaster (with the owner-signed first `calls`, if any, in the same transaction), by
 * a sponsor `deployer` account through the Universal Deployer (not unique, so the address is the
 * counterfactual one), or by a DEPLOY_ACCOUNT transaction after `fund(address)` paid for it.
 * Returns the wallet (`publicKey` is the account address) and the deployment transaction hash.
 */
export async function createWallet(
  rt: SdkRuntime,
  params: CreateWalletParams,
): Promise<CreateWalletResponse> {
  if (
    params === null ||
    typeof params !== 'object' ||
    typeof params.encryptKey !== 'string' ||
    params.encryptKey === ''
  ) {
    throw new ChipiSessionError('INVALID_INPUT', 'encryptKey must be a non-empty string');
  }
  const viaPaymaster =
    params.deployer === undefined && params.fund === undefined && rt.paymasterUrl !== undefined;
  if (params.deployer === undefined && params.fund === undefined && !viaPaymaster) {
    throw new ChipiSessionError(
      'INVALID_INPUT',
      'createWallet needs a paymasterUrl in the SDK config, a deployer account or a fund(address) hook to pay for the deployment',
    );
  }
  if (params.calls !== undefined && !viaPaymaster) {
    throw new ChipiSessionError(
      'INVALID_INPUT',
      'first calls are sent with the deployment only through a paymaster',
    );
  }
  const firstCalls = params.calls === undefined ? undefined : prepareCalls(params.calls);
  const classHash = rt.requireAccountClassHash();
  const owner = createSessionKeyPair();
  const constructorCalldata = [owner.publicKey];
  const address = toPaddedHex(
    hash.calculateContractAddressFromHash(owner.publicKey, classHash, constructorCalldata, 0),
  );
  const encryptedPrivateKey = await encryptPrivateKeyAsync({
    privateKey: owner.privateKey,
    pin: params.encryptKey,
    walletAddress: address,
    ...(rt.kdfParams === undefined ? {} : { kdfParams: rt.kdfParams }),
  });
  rt.keyCache.remember({
    envelope: encryptedPrivateKey,
    pin: params.encryptKey,
    walletAddress: address,
    privateKey: owner.privateKey,
  });

  let txHash: string;
  try {
    if (viaPaymaster) {
      txHash = await sendPaymasterTransaction(rt, {
        address,
        signer: owner.privateKey,
        calls: firstCalls?.calls ?? [],
        bearerToken: params.bearerToken,
        deploymentData: {
          address,
          class_hash: toFeltHex(BigInt(classHash)),
          salt: owner.publicKey,
          calldata: constructorCalldata,
          version: 1,
        },
      });
    } else if (params.deployer !== undefined) {
      const deployed = await params.deployer.deploy({
        classHash,
        constructorCalldata,
        salt: owner.publicKey,
        unique: false,
      });
      const at = deployed.contract_address[0];
      if (at === undefined || !feltEquals(at, address)) {
        throw new ChipiSessionError('INVALID_INPUT', 'the deployer computed another address', {
          details: { expected: address, got: at },
        });
      }
      txHash = deployed.transaction_hash;
    } else {
      await (params.fund as (address: string) => Promise<void>)(address);
      const account = new Account({
        provider: rt.provider,
        address,
        signer: new Signer(owner.privateKey),
        cairoVersion: '1',
      });
      txHash = (
        await account.deployAccount(
          {
            classHash,
            constructorCalldata,
            addressSalt: owner.publicKey,
            contractAddress: address,
          },
          { skipValidate: false },
        )
      ).transaction_hash;
    }
  } catch (error) {
    throw decodeChainError(error);
  }
  await rt.finish(txHash, undefined);
  return {
    wallet: { publicKey: address, encryptedPrivateKey, walletType: 'CHIPI' },
    txHash,
  };
}
