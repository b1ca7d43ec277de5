import { transaction } from 'starknet';
import { describe, expect, it } from 'vitest';
import { normalizeCalls } from './call.js';
import { serializeCalls } from './serializeCalls.js';

describe('serializeCalls', () => {
  it("serializes calls as starknet.js's Cairo 1 __execute__ calldata", () => {
    const calls = [
      { contractAddress: '0x123', entrypoint: 'transfer', calldata: ['0x9', '5', '0'] },
      { contractAddress: '0x456', entrypoint: 'approve', calldata: [] },
    ];
    const expected = transaction.getExecuteCalldata(calls, '1') as string[];
    expect(serializeCalls(normalizeCalls(calls)).map(BigInt)).toEqual(expected.map(BigInt));
  });

  it('serializes no calls as a zero length', () => {
    expect(serializeCalls([])).toEqual(['0x0']);
  });
});
