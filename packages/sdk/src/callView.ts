import { ChipiError, ChipiSessionError } from '@chipi-sessions/core';
import type { RpcProvider } from 'starknet';
import { decodeChainError } from './decodeChainError.js';

/**
 * Calls a view of the session account at the latest block. A contract without the entrypoint is
 * not a CHIPI session account (`INVALID_WALLET_TYPE_FOR_SESSION`); an address without a contract
 * is `ChipiError('ACCOUNT_NOT_DEPLOYED')`. It never answers with made-up zeros.
 */
export async function callView(
  provider: RpcProvider,
  contractAddress: string,
  entrypoint: string,
  calldata: string[],
): Promise<string[]> {
  try {
    return await provider.callContract({ contractAddress, entrypoint, calldata }, 'latest');
  } catch (error) {
    const text = errorText(error);
    if (/entry ?point[\s\S]*not found|ENTRYPOINT_NOT_FOUND/i.test(text)) {
      throw new ChipiSessionError(
        'INVALID_WALLET_TYPE_FOR_SESSION',
        `${contractAddress} has no ${entrypoint}: it is not a CHIPI session account`,
        { details: { contractAddress, entrypoint }, cause: error },
      );
    }
    if (/contract not found|CONTRACT_NOT_FOUND|is not deployed/i.test(text)) {
      throw new ChipiError(
        'ACCOUNT_NOT_DEPLOYED',
        `no contract is deployed at ${contractAddress}`,
        {
          details: { contractAddress },
          cause: error,
        },
      );
    }
    throw decodeChainError(error);
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const base = (error as { baseError?: unknown }).baseError;
    return `${error.message} ${base === undefined ? '' : JSON.stringify(base)}`;
  }
  return String(error);
}
