import {
  createOutsideExecution,
  outsideExecutionHash,
  signOwnerHash,
  toFeltHex,
} from '@chipi-sessions/core';
import { Account, Signer } from 'starknet';
import { walletAddressOf } from './assertChipiWallet.js';
import { unlockOwnerKeyAsync } from './createOwnerSigner.js';
import { decodeChainError } from './decodeChainError.js';
import { latestBlockTime } from './latestBlockTime.js';
import { toRelayerRequest } from './relayerProtocol.js';
import type { SdkRuntime } from './SdkRuntime.js';
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
 * Sends calls signed by the wallet's owner (`[r, s]`): through the relayer as an outside
 * execution when one is configured, otherwise as an INVOKE paid by the account (fee estimated
 * with validation). Chain refusals are decoded into typed errors.
 */
export async function sendOwnerTransaction(rt: SdkRuntime, tx: OwnerTransaction): Promise<string> {
  const address = walletAddressOf(tx.wallet);
  const relayer = rt.relayer;
  if (relayer !== undefined) {
    const pending = Promise.all([rt.chainId(), latestBlockTime(rt.provider)]);
    pending.catch(() => {});
    const privateKey = await unlockOwnerKeyAsync({
      wallet: tx.wallet,
      encryptKey: tx.encryptKey,
      keyCache: rt.keyCache,
    });
    const [chainId, now] = await pending;
    const outsideExecution = createOutsideExecution({
      calls: tx.calls.feltCalls.map((c) => ({
        contractAddress: c.to,
        entrypoint: toFeltHex(c.selector),
        calldata: c.calldata,
      })),
      now,
      ttlSeconds: rt.outsideExecutionTtlSeconds,
      ...(rt.relayerAddress === undefined ? {} : { caller: rt.relayerAddress }),
    });
    const signature = signOwnerHash(
      outsideExecutionHash(outsideExecution, address, chainId),
      privateKey,
    );
    const request = toRelayerRequest({
      accountAddress: address,
      chainId,
      outsideExecution,
      signature,
    });
    const hash = await relayer.submit(request, tx.bearerToken ?? rt.bearerToken);
    return rt.finish(hash, tx.waitForTransaction);
  }
  const privateKey = await unlockOwnerKeyAsync({
    wallet: tx.wallet,
    encryptKey: tx.encryptKey,
    keyCache: rt.keyCache,
  });
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
