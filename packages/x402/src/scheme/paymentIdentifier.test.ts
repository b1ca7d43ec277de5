import { describe, expect, it } from 'vitest';
import { payload } from '../testing/paymentFixture.js';
import { paymentIdentifierDeclaration, readPaymentIdentifier } from './paymentIdentifier.js';
import { isX402Error } from './X402Error.js';

describe('readPaymentIdentifier', () => {
  it('reads the id, treats an echoed declaration without one as none, and refuses a malformed one', () => {
    const base = payload();
    expect(readPaymentIdentifier(base)).toBeUndefined();
    const echoed = {
      ...base,
      extensions: { 'payment-identifier': paymentIdentifierDeclaration() },
    };
    expect(readPaymentIdentifier(echoed)).toBeUndefined();
    const id = 'pay_0123456789abcdef';
    const carried = {
      ...base,
      extensions: { 'payment-identifier': { info: { required: false, id } } },
    };
    expect(readPaymentIdentifier(carried)).toBe(id);
    const malformed = { ...base, extensions: { 'payment-identifier': { info: { id: 'short' } } } };
    expect(() => readPaymentIdentifier(malformed)).toThrow(
      expect.objectContaining({ code: 'invalid_payload' }),
    );
    expect(isX402Error(new Error())).toBe(false);
  });
});
