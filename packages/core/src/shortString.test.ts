import { describe, expect, it } from 'vitest';
import { decodeShortString, encodeShortString } from './shortString.js';

describe('short strings', () => {
  it('encodes the account error felts as the contract does', () => {
    expect(encodeShortString('session/expired')).toBe(0x73657373696f6e2f65787069726564n);
    expect(encodeShortString('SN_MAIN')).toBe(0x534e5f4d41494en);
  });

  it('round-trips printable ASCII', () => {
    const text = 'chipi/session-tx-v1';
    expect(decodeShortString(encodeShortString(text))).toBe(text);
  });

  it('refuses strings longer than 31 characters or not ASCII', () => {
    expect(() => encodeShortString('x'.repeat(32))).toThrow(/longer than 31/);
    expect(() => encodeShortString('é')).toThrow(/not ASCII/);
  });

  it('decodes non-printable felts and zero to undefined', () => {
    expect(decodeShortString(0n)).toBeUndefined();
    expect(decodeShortString(0x01n)).toBeUndefined();
    expect(
      decodeShortString('0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e'),
    ).toBeUndefined();
  });
});
