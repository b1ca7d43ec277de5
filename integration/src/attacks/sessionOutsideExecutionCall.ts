import {
  ANY_CALLER,
  executeFromOutsideCalldata,
  type FeltLike,
  type OutsideExecutionInput,
  outsideExecutionHash,
  sessionIsValidSignatureForm,
  signSessionOutsideExecution,
  toFeltHex,
} from '@chipi-sessions/core';
import type { Call } from 'starknet';
import type { TestSession } from './attackWorld.ts';

export interface SessionOutsideExecutionOptions {
  wallet: string;
  chainId: string;
  /** Latest block time. */
  now: number;
  caller?: string;
  nonce?: bigint;
  executeAfter?: number;
  executeBefore?: number;
  /**
   * `'full'` (default, what the SDK produces): `[key, r, s, valid_until, ...outside execution]`,
   * the form `is_valid_signature` accepts too; `'bare'`: `[key, r, s, valid_until]`.
   */
  form?: 'full' | 'bare';
}

let nextNonce = 1n;

/**
 * The `execute_from_outside_v2` call a relayer submits for a session-signed SNIP-9 v2 outside
 * execution of `calls`, with the outside execution itself for inspection. The signature carries
 * `session.validUntil`.
 */
export function sessionOutsideExecutionCall(
  session: Pick<TestSession, 'pair' | 'validUntil'>,
  calls: Call[],
  options: SessionOutsideExecutionOptions,
): { call: Call; outsideExecution: OutsideExecutionInput; signature: string[] } {
  const outsideExecution: OutsideExecutionInput = {
    caller: options.caller ?? toFeltHex(ANY_CALLER),
    nonce: options.nonce ?? (BigInt(options.now) << 32n) + nextNonce++,
    executeAfter: options.executeAfter ?? options.now - 300,
    executeBefore: options.executeBefore ?? options.now + 600,
    calls: calls.map((c) => ({
      contractAddress: c.contractAddress,
      entrypoint: c.entrypoint,
      calldata: (c.calldata ?? []) as FeltLike[],
    })),
  };
  const bare = signSessionOutsideExecution({
    outsideExecutionHash: outsideExecutionHash(outsideExecution, options.wallet, options.chainId),
    privateKey: session.pair.privateKey,
    validUntil: session.validUntil,
  });
  const signature =
    options.form === 'bare' ? bare : sessionIsValidSignatureForm(bare, outsideExecution);
  return {
    outsideExecution,
    signature,
    call: {
      contractAddress: options.wallet,
      entrypoint: 'execute_from_outside_v2',
      calldata: executeFromOutsideCalldata(outsideExecution, signature),
    },
  };
}
