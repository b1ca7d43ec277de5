import { describe, expect, it } from 'vitest';
import {
  isValidSignatureCalldata,
  sessionIsValidSignatureForm,
  signSessionIsValidSignature,
} from './isValidSignatureCalldata.js';
import type { OutsideExecutionInput } from './outsideExecution.js';
import { serializeOutsideExecution } from './outsideExecutionCalldata.js';
import { outsideExecutionHash } from './outsideExecutionHash.js';
import { verifySessionOutsideExecutionSignature } from './sessionSignature.js';

const OE: OutsideExecutionInput = {
  caller: 'ANY_CALLER',
  nonce: 1,
  executeAfter: 1,
  executeBefore: 99,
  calls: [{ contractAddress: '0xaa', entrypoint: 'transfer', calldata: ['0x1', '0x2', '0x0'] }],
};

describe('is_valid_signature session form', () => {
  it('is [key, r, s, valid_until, ...serialized OutsideExecution] over H', () => {
    const { hash, signature } = signSessionIsValidSignature({
      outsideExecution: OE,
      accountAddress: '0x123',
      chainId: 'SN_SEPOLIA',
      privateKey: 5n,
      validUntil: 1000,
    });
    expect(BigInt(hash)).toBe(outsideExecutionHash(OE, '0x123', 'SN_SEPOLIA'));
    expect(signature.slice(4)).toEqual(serializeOutsideExecution(OE));
    expect(verifySessionOutsideExecutionSignature(hash, signature.slice(0, 4))).toBe(true);
  });

  it('refuses a session signature that is not 4 felts', () => {
    expect(() => sessionIsValidSignatureForm(['0x1', '0x2'], OE)).toThrow(/4 elements/);
  });

  it('builds the is_valid_signature calldata', () => {
    expect(isValidSignatureCalldata('0xabc', ['0x1', '0x2'])).toEqual([
      '0xabc',
      '0x2',
      '0x1',
      '0x2',
    ]);
  });
});
