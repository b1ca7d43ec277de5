import { describe, expect, it } from 'vitest';
import { isPaymasterError } from './PaymasterError.js';
import { parseBuildRequest, parseExecuteRequest } from './parseRequest.js';

const sponsored = { version: '0x1', fee_mode: { mode: 'sponsored' } };
const invoke = {
  type: 'invoke',
  invoke: { user_address: '0x123', calls: [{ to: '0x5', selector: '0x6', calldata: ['0x7'] }] },
};
const deployment = {
  address: '0xa',
  class_hash: '0xb',
  salt: '0xc',
  calldata: ['0xd'],
  version: 1,
};

function errorOf(action: () => unknown): { error: string; data?: unknown } {
  try {
    action();
  } catch (error) {
    if (isPaymasterError(error)) return { error: error.error, data: error.data };
    throw error;
  }
  throw new Error('accepted');
}

describe('parseBuildRequest', () => {
  it('reads an invoke by name or by position', () => {
    const byName = parseBuildRequest({ transaction: invoke, parameters: sponsored });
    expect(byName).toEqual({
      type: 'invoke',
      userAddress: 0x123n,
      calls: [{ to: 5n, selector: 6n, calldata: [7n] }],
      parameters: { timeBounds: undefined },
    });
    expect(parseBuildRequest([invoke, sponsored])).toEqual(byName);
  });

  it('reads time bounds and deploy_and_invoke of the same account', () => {
    const request = parseBuildRequest({
      transaction: {
        type: 'deploy_and_invoke',
        deployment: { ...deployment, address: '0x123' },
        invoke: invoke.invoke,
      },
      parameters: { ...sponsored, time_bounds: { execute_after: 1, execute_before: 100 } },
    });
    expect(request.type).toBe('deploy_and_invoke');
    expect(request.parameters.timeBounds).toEqual({ executeAfter: 1, executeBefore: 100 });
  });

  it('refuses a gas token with TOKEN_NOT_SUPPORTED', () => {
    const parameters = { version: '0x1', fee_mode: { mode: 'default', gas_token: '0x1' } };
    expect(errorOf(() => parseBuildRequest({ transaction: invoke, parameters })).error).toBe(
      'TOKEN_NOT_SUPPORTED',
    );
  });

  it('refuses a bad address, bad deployment data, a reversed window and bad params', () => {
    const badAddress = { ...invoke, invoke: { ...invoke.invoke, user_address: '0x0' } };
    expect(errorOf(() => parseBuildRequest([badAddress, sponsored])).error).toBe('INVALID_ADDRESS');
    const otherAccount = { type: 'deploy_and_invoke', deployment, invoke: invoke.invoke };
    expect(errorOf(() => parseBuildRequest([otherAccount, sponsored])).error).toBe(
      'INVALID_DEPLOYMENT_DATA',
    );
    const v2 = { type: 'deploy', deployment: { ...deployment, version: 2 } };
    expect(errorOf(() => parseBuildRequest([v2, sponsored]))).toEqual({
      error: 'INVALID_DEPLOYMENT_DATA',
      data: 'version is not 1',
    });
    const reversed = { ...sponsored, time_bounds: { execute_after: 100, execute_before: 100 } };
    expect(errorOf(() => parseBuildRequest([invoke, reversed])).error).toBe('INVALID_TIME_BOUNDS');
    expect(errorOf(() => parseBuildRequest([invoke, { ...sponsored, version: '0x2' }])).error).toBe(
      'INVALID_PARAMS',
    );
    const noCalls = { ...invoke, invoke: { ...invoke.invoke, calls: [] } };
    expect(errorOf(() => parseBuildRequest([noCalls, sponsored])).error).toBe('INVALID_PARAMS');
    expect(errorOf(() => parseBuildRequest([{ type: 'declare' }, sponsored])).error).toBe(
      'INVALID_PARAMS',
    );
  });
});

describe('parseExecuteRequest', () => {
  const executable = {
    type: 'invoke',
    invoke: { user_address: '0x123', typed_data: {}, signature: ['0x1', '0x2'] },
  };

  it('reads the signed invoke', () => {
    expect(parseExecuteRequest([executable, sponsored])).toEqual({
      type: 'invoke',
      invoke: { userAddress: 0x123n, typedData: {}, signature: [1n, 2n] },
      parameters: { timeBounds: undefined },
    });
  });

  it('refuses an empty or malformed signature with INVALID_SIGNATURE', () => {
    for (const signature of [[], ['zz'], 'x']) {
      const request = { ...executable, invoke: { ...executable.invoke, signature } };
      expect(errorOf(() => parseExecuteRequest([request, sponsored])).error).toBe(
        'INVALID_SIGNATURE',
      );
    }
  });
});
