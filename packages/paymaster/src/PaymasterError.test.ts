import { describe, expect, it } from 'vitest';
import { PAYMASTER_ERROR_CODES, PaymasterError } from './PaymasterError.js';

describe('PaymasterError', () => {
  it("uses SNIP-29's codes and messages", () => {
    expect(PAYMASTER_ERROR_CODES).toMatchObject({
      INVALID_ADDRESS: 150,
      TOKEN_NOT_SUPPORTED: 151,
      INVALID_SIGNATURE: 153,
      MAX_AMOUNT_TOO_LOW: 154,
      CLASS_HASH_NOT_SUPPORTED: 155,
      TRANSACTION_EXECUTION_ERROR: 156,
      INVALID_TIME_BOUNDS: 157,
      INVALID_DEPLOYMENT_DATA: 158,
      INVALID_CLASS_HASH: 159,
      INVALID_ID: 160,
      UNKNOWN_ERROR: 163,
    });
    const error = new PaymasterError('TRANSACTION_EXECUTION_ERROR', 'reverted', {
      data: { execution_error: 'session/expired' },
    });
    expect(error.toJsonRpc()).toEqual({
      code: 156,
      message: 'An error occurred (TRANSACTION_EXECUTION_ERROR)',
      data: { execution_error: 'session/expired' },
    });
    expect(new PaymasterError('INVALID_ADDRESS', 'no contract').toJsonRpc()).toEqual({
      code: 150,
      message: 'An error occurred (INVALID_ADDRESS)',
    });
  });

  it('answers its own refusals as UNKNOWN_ERROR with a reason prefix', () => {
    expect(PaymasterError.refusal('rate_limited', 'slow down').toJsonRpc()).toEqual({
      code: 163,
      message: 'An error occurred (UNKNOWN_ERROR)',
      data: 'rate_limited: slow down',
    });
  });

  it('answers JSON-RPC protocol errors with their standard messages', () => {
    expect(new PaymasterError('METHOD_NOT_FOUND', 'unknown method x').toJsonRpc()).toEqual({
      code: -32601,
      message: 'Method not found',
      data: 'unknown method x',
    });
  });
});
