import {
  isValidSignatureCalldata,
  type OutsideExecutionInput,
  sessionIsValidSignatureForm,
  toFeltHex,
} from '@chipi-sessions/core';
import type { RpcProvider } from 'starknet';
import { X402Error } from '../scheme/X402Error.js';

const VALID = BigInt('0x56414c4944');

/** Whether an address holds a deployed contract (`account_not_deployed` otherwise). */
export async function assertDeployed(provider: RpcProvider, address: string): Promise<void> {
  try {
    await provider.getClassHashAt(address, 'latest');
  } catch (error) {
    const code = (error as { baseError?: { code?: unknown } })?.baseError?.code;
    if (code === 20 || /contract not found/i.test(String((error as Error)?.message))) {
      throw new X402Error('account_not_deployed', 'the paying account is not deployed', {
        details: { address },
      });
    }
    throw error;
  }
}

/** `is_valid_outside_execution_nonce(nonce)` of the account: true while the nonce is unused. */
export async function isOutsideNonceAvailable(
  provider: RpcProvider,
  account: string,
  nonce: bigint,
): Promise<boolean> {
  const [result] = await provider.callContract(
    {
      contractAddress: account,
      entrypoint: 'is_valid_outside_execution_nonce',
      calldata: [toFeltHex(nonce)],
    },
    'latest',
  );
  return BigInt(result ?? 0) !== 0n;
}

/** ERC-20 `balance_of(owner)` as a bigint. */
export async function tokenBalance(
  provider: RpcProvider,
  token: string,
  owner: string,
): Promise<bigint> {
  const [low, high] = await provider.callContract(
    { contractAddress: token, entrypoint: 'balance_of', calldata: [owner] },
    'latest',
  );
  return (BigInt(high ?? 0) << 128n) | BigInt(low ?? 0);
}

/**
 * `is_valid_signature(H, signature) == 'VALID'` on the paying account. A 4-felt session signature
 * is sent in the session form (the outside execution appended), which is the only form in which a
 * CHIPI account accepts a session signature off-chain.
 */
export async function isSignatureValid(
  provider: RpcProvider,
  account: string,
  hash: string,
  signature: readonly string[],
  outsideExecution: OutsideExecutionInput,
): Promise<boolean> {
  const form =
    signature.length === 4 ? sessionIsValidSignatureForm(signature, outsideExecution) : signature;
  try {
    const [result] = await provider.callContract(
      {
        contractAddress: account,
        entrypoint: 'is_valid_signature',
        calldata: isValidSignatureCalldata(hash, form),
      },
      'latest',
    );
    return BigInt(result ?? 0) === VALID;
  } catch {
    // Some accounts panic on a bad signature instead of returning 0.
    return false;
  }
}
