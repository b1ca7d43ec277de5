import { describe, expect, it } from 'vitest';
import { getPublicKey } from './sessionKeyPair.js';
import {
  sessionOutsideExecutionMessageHash,
  sessionTransactionMessageHash,
} from './sessionMessageHash.js';
import {
  parseSessionSignature,
  signSessionOutsideExecution,
  signSessionTransaction,
  verifySessionOutsideExecutionSignature,
  verifySessionTransactionSignature,
} from './sessionSignature.js';
import { verifyHash } from './starkSignature.js';

const KEY = '0x04a1f2d3c5b6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70';
const PUB = getPublicKey(KEY);

describe('signSessionTransaction', () => {
  it('returns [key, r, s, valid_until] over the session tx message', () => {
    const sig = signSessionTransaction({
      transactionHash: '0x123',
      privateKey: KEY,
      validUntil: 1000,
    });
    expect(sig).toHaveLength(4);
    expect(sig[0]).toBe(PUB);
    expect(sig[3]).toBe('0x3e8');
    const message = sessionTransactionMessageHash('0x123', PUB, 1000);
    expect(verifyHash(message, PUB, { r: sig[1], s: sig[2] })).toBe(true);
    expect(verifySessionTransactionSignature('0x123', sig)).toBe(true);
    expect(verifySessionTransactionSignature('0x124', sig)).toBe(false);
  });

  it('is deterministic', () => {
    const p = { transactionHash: '0x123', privateKey: KEY, validUntil: 1000 };
    expect(signSessionTransaction(p)).toEqual(signSessionTransaction(p));
  });

  it('does not verify when valid_until is changed after signing', () => {
    const sig = signSessionTransaction({
      transactionHash: '0x123',
      privateKey: KEY,
      validUntil: 1000,
    });
    expect(verifySessionTransactionSignature('0x123', [sig[0], sig[1], sig[2], '0x3e9'])).toBe(
      false,
    );
  });
});

describe('signSessionOutsideExecution', () => {
  it("signs the 'chipi/session-oe-v1' message, not the tx one", () => {
    const sig = signSessionOutsideExecution({
      outsideExecutionHash: '0x99',
      privateKey: KEY,
      validUntil: 5,
    });
    const message = sessionOutsideExecutionMessageHash('0x99', PUB, 5);
    expect(verifyHash(message, PUB, { r: sig[1], s: sig[2] })).toBe(true);
    expect(verifySessionOutsideExecutionSignature('0x99', sig)).toBe(true);
    expect(verifySessionTransactionSignature('0x99', sig)).toBe(false);
  });
});

describe('parseSessionSignature', () => {
  it('parses the four felts and refuses other lengths', () => {
    expect(parseSessionSignature(['0x1', '0x2', '0x3', '0x4'])).toEqual({
      sessionPublicKey: 1n,
      r: 2n,
      s: 3n,
      validUntil: 4n,
    });
    expect(() => parseSessionSignature(['0x1', '0x2'])).toThrow(/4 elements/);
  });
});
