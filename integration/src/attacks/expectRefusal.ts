import { ChipiSessionError, type SessionErrorCode } from '@chipi-sessions/sdk';
import { expect } from 'vitest';
import type { ChainOutcome } from '../chain/sendRaw.ts';

/**
 * Asserts the node itself refused the transaction at validation (nothing was included) with the
 * account error felt `reason`, decoded into `code`.
 */
export function expectRejectedByChain(
  outcome: ChainOutcome,
  code: SessionErrorCode,
  reason?: string,
): ChipiSessionError {
  expect(outcome.kind).toBe('rejected');
  const error = (outcome as { error: unknown }).error;
  expect(error).toBeInstanceOf(ChipiSessionError);
  const refusal = error as ChipiSessionError;
  expect(refusal.code).toBe(code);
  expect((refusal.cause as Error | undefined)?.name).toBe('RpcError');
  if (reason !== undefined) expect(refusal.details.reason).toBe(reason);
  return refusal;
}

/** Asserts the transaction was included and `__execute__` reverted with `reason` (`code`). */
export function expectRevertedOnChain(
  outcome: ChainOutcome,
  code: SessionErrorCode,
  reason?: string,
): ChipiSessionError {
  expect(outcome.kind).toBe('reverted');
  const error = (outcome as { error: unknown }).error;
  expect(error).toBeInstanceOf(ChipiSessionError);
  const refusal = error as ChipiSessionError;
  expect(refusal.code).toBe(code);
  if (reason !== undefined) expect(refusal.details.reason).toBe(reason);
  return refusal;
}

/** Asserts a promise failed with a `ChipiSessionError` of `code`. */
export async function expectCode(
  promise: Promise<unknown>,
  code: SessionErrorCode,
): Promise<ChipiSessionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChipiSessionError);
  expect((error as ChipiSessionError).code).toBe(code);
  return error as ChipiSessionError;
}

/** Asserts the SDK refused before sending: the code, and no node error behind it. */
export async function expectClientRefusal(
  promise: Promise<unknown>,
  code: SessionErrorCode,
): Promise<ChipiSessionError> {
  const error = await expectCode(promise, code);
  expect(error.cause).toBeUndefined();
  return error;
}

/** Asserts the SDK sent it and the node's refusal came back decoded into `code`. */
export async function expectSdkChainRefusal(
  promise: Promise<unknown>,
  code: SessionErrorCode,
  reason?: string,
): Promise<ChipiSessionError> {
  const error = await expectCode(promise, code);
  expect(error.cause).toBeDefined();
  if (reason !== undefined) expect(error.details.reason).toBe(reason);
  return error;
}
