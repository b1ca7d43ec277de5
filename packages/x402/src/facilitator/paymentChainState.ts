import {
  decodeRevertReason,
  isValidSignatureCalldata,
  type OutsideExecutionInput,
  toFeltHex,
} from '@chipi-sessions/core';
import type { RpcProvider } from 'starknet';
import { X402Error } from '../scheme/X402Error.js';
import { v34SessionSignatureForm } from './v34SessionSignatureForm.js';

const VALID = BigInt('0x56414c4944');

/** Whether an RPC error says the contract does not exist. */
function isContractNotFound(error: unknown): boolean {
  const code = (error as { baseError?: { code?: unknown } })?.baseError?.code;
  return code === 20 || /contract not found/i.test(String((error as Error)?.message));
}

/** Whether an RPC error says the called entry point does not exist. */
function isEntrypointNotFound(error: unknown): boolean {
  const code = (error as { baseError?: { code?: unknown } })?.baseError?.code;
  const text = `${(error as Error)?.message ?? ''} ${JSON.stringify((error as { baseError?: unknown })?.baseError ?? '')}`;
  return code === 21 || /entry ?point[^"]*not found|ENTRYPOINT_NOT_FOUND/i.test(text);
}

/**
 * `is_valid_outside_execution_nonce(nonce)` of the account: true while the nonce is unused. An
 * account that cannot answer (no SNIP-9 v2) fails closed with `nonce_already_used`.
 */
export async function isOutsideNonceAvailable(
  provider: RpcProvider,
  account: string,
  nonce: bigint,
): Promise<boolean> {
  let result: string[];
  try {
    result = await provider.callContract(
      {
        contractAddress: account,
        entrypoint: 'is_valid_outside_execution_nonce',
        calldata: [toFeltHex(nonce)],
      },
      'latest',
    );
  } catch (error) {
    if (isEntrypointNotFound(error)) return false;
    throw error;
  }
  return BigInt(result[0] ?? 0) !== 0n;
}

/**
 * The ERC-20 balance of `owner` as a bigint, through `balance_of` or, for tokens that lack it,
 * `balanceOf`. A token exposing neither is `invalid_payment_requirements`.
 */
export async function tokenBalance(
  provider: RpcProvider,
  token: string,
  owner: string,
): Promise<bigint> {
  for (const entrypoint of ['balance_of', 'balanceOf']) {
    try {
      const [low, high] = await provider.callContract(
        { contractAddress: token, entrypoint, calldata: [owner] },
        'latest',
      );
      return (BigInt(high ?? 0) << 128n) | BigInt(low ?? 0);
    } catch (error) {
      if (!isEntrypointNotFound(error)) throw error;
    }
  }
  throw new X402Error(
    'invalid_payment_requirements',
    'the asset exposes neither balance_of nor balanceOf',
  );
}

/**
 * `is_valid_signature(H, signature) == 'VALID'` on the paying account. A revert is a refusal; a
 * missing contract is `account_not_deployed`. When the account explains its refusal (a CHIPI
 * session past its spending policy, expired or revoked), the refusal carries that reason as
 * `revert`, so that a client can tell a spent session from a forged signature.
 */
export async function isSignatureValid(
  provider: RpcProvider,
  account: string,
  hash: string,
  signature: readonly string[],
  outsideExecution: OutsideExecutionInput,
): Promise<boolean> {
  try {
    const [result] = await provider.callContract(
      {
        contractAddress: account,
        entrypoint: 'is_valid_signature',
        calldata: isValidSignatureCalldata(
          hash,
          v34SessionSignatureForm(signature, outsideExecution),
        ),
      },
      'latest',
    );
    return BigInt(result ?? 0) === VALID;
  } catch (error) {
    if (isContractNotFound(error)) {
      throw new X402Error('account_not_deployed', 'the paying account is not deployed', {
        details: { address: account },
      });
    }
    const revert = decodeRevertReason(error);
    if (revert !== undefined) {
      throw new X402Error('invalid_exact_starknet_payload_signature', revert.reason, {
        details: { revert: { code: revert.code, reason: revert.reason } },
      });
    }
    // Accounts may panic on a bad signature instead of returning 0.
    return false;
  }
}
