import { CallData } from 'starknet';
import { describe, expect, it } from 'vitest';
import type { OutsideExecutionInput } from './outsideExecution.js';
import {
  executeFromOutsideCalldata,
  serializeFeltArray,
  serializeOutsideExecution,
} from './outsideExecutionCalldata.js';
import { getSelectorFromName } from './selector.js';

const OE: OutsideExecutionInput = {
  caller: 'ANY_CALLER',
  nonce: 7,
  executeAfter: 10,
  executeBefore: 20,
  calls: [
    { contractAddress: '0xaa', entrypoint: 'transfer', calldata: ['0x1', '2', '0'] },
    { contractAddress: '0xbb', entrypoint: 'ping', calldata: [] },
  ],
};

describe('serializeOutsideExecution', () => {
  it('lays out caller, nonce, times, then each call with its calldata length', () => {
    expect(serializeOutsideExecution(OE)).toEqual([
      '0x414e595f43414c4c4552',
      '0x7',
      '0xa',
      '0x14',
      '0x2',
      '0xaa',
      `0x${getSelectorFromName('transfer').toString(16)}`,
      '0x3',
      '0x1',
      '0x2',
      '0x0',
      '0xbb',
      `0x${getSelectorFromName('ping').toString(16)}`,
      '0x0',
    ]);
  });

  it('matches starknet.js CallData.compile of the same struct', () => {
    const compiled = CallData.compile({
      caller: '0x414e595f43414c4c4552',
      nonce: 7,
      execute_after: 10,
      execute_before: 20,
      calls: [
        { to: '0xaa', selector: getSelectorFromName('transfer'), calldata: [1, 2, 0] },
        { to: '0xbb', selector: getSelectorFromName('ping'), calldata: [] },
      ],
    });
    expect(serializeOutsideExecution(OE).map(BigInt)).toEqual(compiled.map(BigInt));
  });
});

describe('executeFromOutsideCalldata', () => {
  it('appends the signature array', () => {
    const calldata = executeFromOutsideCalldata(OE, ['0x1', '0x2', '0x3', '0x4']);
    expect(calldata.slice(-5)).toEqual(['0x4', '0x1', '0x2', '0x3', '0x4']);
    expect(calldata).toHaveLength(serializeOutsideExecution(OE).length + 5);
  });

  it('serializes arrays as length then items', () => {
    expect(serializeFeltArray([])).toEqual(['0x0']);
    expect(serializeFeltArray([10n, '0x0B'])).toEqual(['0x2', '0xa', '0xb']);
  });
});
