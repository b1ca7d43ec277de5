import {
  ANY_CALLER,
  executeFromOutsideCalldata,
  type FeltLike,
  type OutsideExecutionInput,
  outsideExecutionHash,
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
): { call: Call; outsideExecution: OutsideExecutionInput } {
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
  const signature = signSessionOutsideExecution({
    outsideExecutionHash: outsideExecutionHash(outsideExecution, options.wallet, options.chainId),
    privateKey: session.pair.privateKey,
    validUntil: session.validUntil,
  });
  return {
    outsideExecution,
    call: {
      contractAddress: options.wallet,
      entrypoint: 'execute_from_outside_v2',
      calldata: executeFromOutsideCalldata(outsideExecution, signature),
    },
  };
}
