import { sessionErrorFromRevert } from '@chipi-sessions/core';
import { ChipiError, type ChipiSessionError, decodeChainError } from '@chipi-sessions/sdk';
import type { Account, Call, ProviderInterface } from 'starknet';
import type { FixedResourceBounds } from './fixedResourceBounds.ts';

/**
 * What the chain did with a submitted transaction: `rejected` when the node refused it (its
 * validation failed, nothing was included), `reverted` when it was included but `__execute__`
 * failed, `accepted` otherwise. `blockTime` is the exact timestamp the transaction ran at.
 */
export type ChainOutcome =
  | { kind: 'accepted'; txHash: string; blockTime: number }
  | { kind: 'reverted'; txHash: string; blockTime: number; error: ChipiSessionError | ChipiError }
  | { kind: 'rejected'; error: unknown };

export interface SendRawOptions {
  resourceBounds: FixedResourceBounds;
  tip?: bigint;
  /** Default: the account's current nonce. */
  nonce?: bigint;
}

/**
 * Submits `calls` from `account` with fixed resource bounds (no fee estimate, so no client-side
 * or simulation check can stop it) and reports what the chain did, errors decoded like the SDK
 * decodes them.
 */
export async function sendRaw(
  account: Account,
  calls: Call[],
  options: SendRawOptions,
): Promise<ChainOutcome> {
  let txHash: string;
  try {
    const result = await account.execute(calls, {
      resourceBounds: options.resourceBounds,
      tip: options.tip ?? 0n,
      ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
    });
    txHash = result.transaction_hash;
  } catch (error) {
    return { kind: 'rejected', error: decodeChainError(error) };
  }
  return outcomeOf(account.provider, txHash);
}

/** The outcome of a transaction the node accepted into its mempool. */
export async function outcomeOf(
  provider: ProviderInterface,
  txHash: string,
): Promise<ChainOutcome> {
  const receipt = await provider.waitForTransaction(txHash, { retryInterval: 100 });
  const blockNumber = (receipt.value as { block_number?: number }).block_number;
  const block = await provider.getBlockWithTxHashes(blockNumber ?? 'latest');
  const blockTime = Number(block.timestamp);
  if (!receipt.isReverted()) return { kind: 'accepted', txHash, blockTime };
  const reason = (receipt.value as { revert_reason?: string }).revert_reason ?? '';
  const error =
    sessionErrorFromRevert(reason) ??
    new ChipiError('TRANSACTION_REVERTED', `transaction ${txHash} reverted`, {
      details: { revertReason: reason },
    });
  return { kind: 'reverted', txHash, blockTime, error };
}
