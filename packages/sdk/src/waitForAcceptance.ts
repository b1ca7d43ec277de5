import { ChipiError, ChipiSessionError, sessionErrorFromRevert } from '@chipi-sessions/core';
import type { RpcProvider } from 'starknet';
import { decodeChainError } from './decodeChainError.js';

/**
 * Waits until a transaction is accepted on L2. A reverted transaction becomes the
 * `ChipiSessionError` its revert reason maps to (for instance `SESSION_SPENDING_LIMIT_EXCEEDED`
 * when a spending policy stopped `__execute__`), or `ChipiError('TRANSACTION_REVERTED')`.
 */
export async function waitForAcceptance(
  provider: RpcProvider,
  transactionHash: string,
  retryInterval: number,
): Promise<void> {
  let receipt: Awaited<ReturnType<RpcProvider['waitForTransaction']>>;
  try {
    // A node that includes at once (devnet, a pre-confirmed block) answers the first look;
    // otherwise starknet.js polls, sleeping `retryInterval` before each status request.
    receipt =
      (await acceptedReceipt(provider, transactionHash)) ??
      (await provider.waitForTransaction(transactionHash, { retryInterval }));
  } catch (error) {
    throw decodeChainError(error);
  }
  if (receipt.isReverted()) {
    const reason = (receipt.value as { revert_reason?: string }).revert_reason ?? '';
    const details = { transactionHash, revertReason: reason };
    const decoded = sessionErrorFromRevert(reason);
    if (decoded) {
      throw new ChipiSessionError(decoded.code, decoded.message, {
        details: { ...decoded.details, ...details },
        cause: receipt,
      });
    }
    throw new ChipiError('TRANSACTION_REVERTED', `transaction ${transactionHash} reverted`, {
      details,
      cause: receipt,
    });
  }
}

/** The receipt, if the transaction is already accepted on L2 (or L1); otherwise undefined. */
async function acceptedReceipt(
  provider: RpcProvider,
  transactionHash: string,
): Promise<Awaited<ReturnType<RpcProvider['getTransactionReceipt']>> | undefined> {
  let receipt: Awaited<ReturnType<RpcProvider['getTransactionReceipt']>>;
  try {
    receipt = await provider.getTransactionReceipt(transactionHash);
  } catch {
    return undefined; // not known yet: poll
  }
  const finality = (receipt.value as { finality_status?: string }).finality_status;
  return finality === 'ACCEPTED_ON_L2' || finality === 'ACCEPTED_ON_L1' ? receipt : undefined;
}
