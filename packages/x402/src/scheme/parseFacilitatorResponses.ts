import type { SessionErrorCode } from '@chipi-sessions/core';
import { JsonShape } from './jsonShape.js';
import type { RevertInfo, SettleResponse, VerifyResponse } from './x402Types.js';

const SHAPE = new JsonShape('invalid_header');

/** Reads a `SettleResponse` (a `/settle` answer or a `PAYMENT-RESPONSE` body). */
export function parseSettleResponse(value: unknown): SettleResponse {
  const r = SHAPE.record(value, 'SettleResponse');
  if (typeof r.success !== 'boolean') throw SHAPE.fail('SettleResponse.success is not a boolean');
  if (typeof r.transaction !== 'string') {
    throw SHAPE.fail('SettleResponse.transaction is not a string');
  }
  const response: SettleResponse = {
    success: r.success,
    transaction: r.transaction,
    network: SHAPE.string(r.network, 'SettleResponse.network'),
  };
  copyStrings(r, response, ['errorReason', 'errorMessage', 'payer']);
  const revert = parseRevert(r.revert);
  if (revert !== undefined) response.revert = revert;
  return response;
}

/** Reads a `/verify` answer. */
export function parseVerifyResponse(value: unknown): VerifyResponse {
  const r = SHAPE.record(value, 'VerifyResponse');
  if (typeof r.isValid !== 'boolean') throw SHAPE.fail('VerifyResponse.isValid is not a boolean');
  const response: VerifyResponse = { isValid: r.isValid };
  copyStrings(r, response, ['invalidReason', 'invalidMessage', 'payer', 'transaction']);
  const revert = parseRevert(r.revert);
  if (revert !== undefined) response.revert = revert;
  return response;
}

function copyStrings<T extends object>(
  from: Record<string, unknown>,
  to: T,
  keys: readonly string[],
): void {
  for (const key of keys) {
    const value = from[key];
    if (value !== undefined) (to as Record<string, unknown>)[key] = SHAPE.string(value, key);
  }
}

function parseRevert(value: unknown): RevertInfo | undefined {
  if (value === undefined) return undefined;
  const r = SHAPE.record(value, 'revert');
  return {
    code: SHAPE.string(r.code, 'revert.code') as SessionErrorCode,
    reason: SHAPE.string(r.reason, 'revert.reason'),
  };
}
