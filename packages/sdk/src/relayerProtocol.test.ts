import {
  ANY_CALLER,
  executeFromOutsideCalldata,
  isChipiSessionError,
  serializeOutsideExecution,
} from '@chipi-sessions/core';
import { describe, expect, it } from 'vitest';
import { parseRelayerRequest, relayerRequestCall, toRelayerRequest } from './relayerProtocol.js';

const ACCOUNT = '0x64b48806902a367c8598f4f95c305e8c1a1acba5f082d294a43793113115691';
const OE = {
  caller: 'ANY_CALLER',
  nonce: '0x1f',
  executeAfter: 100,
  executeBefore: 700,
  calls: [{ contractAddress: '0x55', entrypoint: 'transfer', calldata: ['0x1', '10', '0'] }],
};

describe('chipi-relayer/v1', () => {
  it('round-trips a request through JSON and builds the execute_from_outside_v2 call', () => {
    const request = toRelayerRequest({
      accountAddress: ACCOUNT,
      chainId: 'SN_SEPOLIA',
      outsideExecution: OE,
      signature: ['0x1', '0x2', '0x3', '0x4'],
    });
    expect(request.outsideExecution.caller).toBe(`0x${ANY_CALLER.toString(16)}`);
    expect(request.outsideExecution.executeBefore).toBe('0x2bc');
    const parsed = parseRelayerRequest(JSON.parse(JSON.stringify(request)));
    expect(parsed.chainId).toBe(0x534e5f5345504f4c4941n);
    const call = relayerRequestCall(parsed);
    expect(call.contractAddress).toBe(ACCOUNT.replace('0x', '0x0'));
    expect(call.calldata).toEqual(executeFromOutsideCalldata(OE, ['0x1', '0x2', '0x3', '0x4']));
  });

  it('carries the full session form only with the outside execution it was signed for', () => {
    const full = ['0x1', '0x2', '0x3', '0x4', ...serializeOutsideExecution(OE)];
    const request = toRelayerRequest({
      accountAddress: ACCOUNT,
      chainId: 'SN_SEPOLIA',
      outsideExecution: OE,
      signature: full,
    });
    const parsed = parseRelayerRequest(JSON.parse(JSON.stringify(request)));
    expect(relayerRequestCall(parsed).calldata).toEqual(executeFromOutsideCalldata(OE, full));
    const other = toRelayerRequest({
      accountAddress: ACCOUNT,
      chainId: 'SN_SEPOLIA',
      outsideExecution: { ...OE, nonce: '0x20' },
      signature: full,
    });
    expect(() => parseRelayerRequest(JSON.parse(JSON.stringify(other)))).toThrow(
      /not the one requested/,
    );
  });

  it('refuses malformed bodies with INVALID_INPUT', () => {
    const good = toRelayerRequest({
      accountAddress: ACCOUNT,
      chainId: 'SN_MAIN',
      outsideExecution: OE,
      signature: ['0x1', '0x2'],
    });
    const bad: unknown[] = [
      null,
      [],
      { ...good, protocol: 'v0' },
      { ...good, signature: ['0x1'] },
      { ...good, signature: ['0x1', '0x2', '0x3'] },
      { ...good, signature: ['1', '2'] },
      { ...good, accountAddress: '0x0' },
      { ...good, outsideExecution: { ...good.outsideExecution, calls: 'x' } },
      {
        ...good,
        outsideExecution: { ...good.outsideExecution, executeAfter: `0x${'f'.repeat(20)}` },
      },
    ];
    for (const body of bad) {
      let error: unknown;
      try {
        parseRelayerRequest(body);
      } catch (e) {
        error = e;
      }
      expect(isChipiSessionError(error, 'INVALID_INPUT')).toBe(true);
    }
  });
});
