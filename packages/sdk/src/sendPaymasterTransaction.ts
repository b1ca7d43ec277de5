import { ChipiError } from '@chipi-sessions/core';
import { type Call, type PaymasterDetails, RpcError, type SignerInterface } from 'starknet';
import { decodeChainError } from './decodeChainError.js';
import { paymasterAccount } from './paymasterAccount.js';
import type { SdkRuntime } from './SdkRuntime.js';

/** What `sendPaymasterTransaction` sends. */
export interface PaymasterTransaction {
  address: string;
  /** A `SessionSigner` or the owner's key: it signs the SNIP-9 v2 typed data the paymaster built. */
  signer: SignerInterface | string;
  calls: Call[];
  /** The paymaster API key of this call (default: the SDK's `bearerToken`). */
  bearerToken?: string | undefined;
  /** For a wallet not deployed yet: the paymaster deploys it, then runs `calls` if any. */
  deploymentData?: PaymasterDetails['deploymentData'];
}

/**
 * Sends `calls` gasless through the configured SNIP-29 paymaster with starknet.js's own
 * `Account.executePaymasterTransaction` (sponsored mode): the paymaster builds the outside
 * execution, starknet.js checks it holds exactly these calls, `signer` signs it, the paymaster's
 * relayer submits and pays. A refusal that carries the account's error felt (the paymaster's
 * `TRANSACTION_EXECUTION_ERROR` with the revert reason) becomes the matching `ChipiSessionError`;
 * any other SNIP-29 error (an unknown key, an exhausted budget, …) is
 * `ChipiError('PAYMASTER_REFUSED')` with the SNIP-29 code and data in `details`.
 */
export async function sendPaymasterTransaction(
  rt: SdkRuntime,
  tx: PaymasterTransaction,
): Promise<string> {
  const endpoint = rt.paymasterEndpoint(tx.bearerToken);
  const account = paymasterAccount(rt.provider, tx.address, tx.signer, endpoint);
  try {
    const { transaction_hash } = await account.executePaymasterTransaction(tx.calls, {
      feeMode: { mode: 'sponsored' },
      ...(tx.deploymentData === undefined ? {} : { deploymentData: tx.deploymentData }),
    });
    return transaction_hash;
  } catch (error) {
    throw paymasterError(decodeChainError(error));
  }
}

/** SNIP-29's own error codes (150–163): the paymaster, not the node, refused. */
function paymasterError(error: unknown): unknown {
  if (!(error instanceof RpcError)) return error;
  const { code, message, data } = error.baseError as {
    code: number;
    message: string;
    data?: unknown;
  };
  if (!(code >= 150 && code <= 163)) return error;
  return new ChipiError(
    'PAYMASTER_REFUSED',
    `the paymaster refused: ${message}${typeof data === 'string' ? ` (${data})` : ''}`,
    {
      details: { paymasterCode: code, data },
      cause: error,
    },
  );
}
