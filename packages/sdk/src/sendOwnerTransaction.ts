import { Account, Signer } from 'starknet';
import { walletAddressOf } from './assertChipiWallet.js';
import { unlockOwnerKeyAsync } from './createOwnerSigner.js';
import { decodeChainError } from './decodeChainError.js';
import type { SdkRuntime } from './SdkRuntime.js';
import { sendPaymasterTransaction } from './sendPaymasterTransaction.js';
import type { PreparedCalls } from './toFeltCalls.js';
import type { WalletData } from './types.js';

/** What `sendOwnerTransaction` sends. */
export interface OwnerTransaction {
  wallet: WalletData;
  encryptKey: string;
  calls: PreparedCalls;
  bearerToken?: string | undefined;
  waitForTransaction?: boolean | undefined;
}

/**
 * Sends calls signed by the wallet's owner (`[r, s]`): gasless through the paymaster (an
 * outside execution its relayer pays for) when one is configured, otherwise as an INVOKE paid by
 * the account (fee estimated with validation). Chain refusals are decoded into typed errors.
 */
export async function sendOwnerTransaction(rt: SdkRuntime, tx: OwnerTransaction): Promise<string> {
  const address = walletAddressOf(tx.wallet);
  const privateKey = await unlockOwnerKeyAsync({
    wallet: tx.wallet,
    encryptKey: tx.encryptKey,
    keyCache: rt.keyCache,
  });
  if (rt.paymasterUrl !== undefined) {
    const hash = await sendPaymasterTransaction(rt, {
      address,
      signer: privateKey,
      calls: tx.calls.calls,
      bearerToken: tx.bearerToken,
    });
    return rt.finish(hash, tx.waitForTransaction);
  }
  const account = new Account({
    provider: rt.provider,
    address,
    signer: new Signer(privateKey),
    cairoVersion: '1',
  });
  let hash: string;
  try {
    hash = (await account.execute(tx.calls.calls, { skipValidate: false })).transaction_hash;
  } catch (error) {
    throw decodeChainError(error);
  }
  return rt.finish(hash, tx.waitForTransaction);
}
