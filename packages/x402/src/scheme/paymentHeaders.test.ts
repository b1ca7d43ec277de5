import { describe, expect, it } from 'vitest';
import { payload, requirements } from '../testing/paymentFixture.js';
import { encodeBase64Json } from './base64Json.js';
import {
  decodePaymentRequired,
  decodePaymentResponse,
  decodePaymentSignature,
  encodePaymentRequired,
  encodePaymentResponse,
  encodePaymentSignature,
} from './paymentHeaders.js';
import { isX402Error } from './X402Error.js';
import type { PaymentRequired } from './x402Types.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isX402Error(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('x402 v2 headers', () => {
  it('round-trip as base64 JSON', () => {
    const required: PaymentRequired = {
      x402Version: 2,
      error: 'payment required: é',
      resource: { url: 'http://x/y', description: 'd' },
      accepts: [requirements()],
      extensions: { 'payment-identifier': { info: { required: false } } },
    };
    const header = encodePaymentRequired(required);
    expect(header).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(decodePaymentRequired(header)).toEqual(required);
    const p = payload();
    expect(decodePaymentSignature(encodePaymentSignature(p))).toEqual(p);
    const settled = {
      success: true,
      transaction: '0x1',
      network: 'starknet:SN_MAIN',
      payer: '0x2',
    };
    expect(decodePaymentResponse(encodePaymentResponse(settled))).toEqual(settled);
  });

  it('read an empty resource description or mimeType as absent, as the reference server sends them', () => {
    const required = {
      x402Version: 2,
      resource: { url: 'http://x/y', description: '', mimeType: '' },
      accepts: [requirements()],
    };
    expect(decodePaymentRequired(encodeBase64Json(required)).resource).toEqual({
      url: 'http://x/y',
    });
    const p = { ...payload(), resource: { url: 'http://x/y', mimeType: '' } };
    expect(decodePaymentSignature(encodeBase64Json(p)).resource).toEqual({ url: 'http://x/y' });
    expect(
      codeOf(() => decodePaymentRequired(encodeBase64Json({ ...required, resource: { url: '' } }))),
    ).toBe('invalid_header');
  });

  it('refuse bad input with typed codes', () => {
    expect(codeOf(() => decodePaymentRequired(''))).toBe('invalid_header');
    expect(codeOf(() => decodePaymentRequired('not base64!'))).toBe('invalid_header');
    expect(codeOf(() => decodePaymentRequired(btoa('{"x402Version":2')))).toBe('invalid_header');
    expect(
      codeOf(() => decodePaymentRequired(encodeBase64Json({ x402Version: 1, accepts: [] }))),
    ).toBe('invalid_header');
    expect(
      codeOf(() => decodePaymentSignature(encodeBase64Json({ ...payload(), x402Version: 1 }))),
    ).toBe('invalid_x402_version');
    expect(
      codeOf(() => decodePaymentSignature(encodeBase64Json({ ...payload(), accepted: {} }))),
    ).toBe('invalid_payload');
    const badAmount = { ...payload(), accepted: requirements({ amount: '1.5' }) };
    expect(codeOf(() => decodePaymentSignature(encodeBase64Json(badAmount)))).toBe(
      'invalid_payload',
    );
    expect(codeOf(() => decodePaymentResponse(encodeBase64Json({ success: 'yes' })))).toBe(
      'invalid_header',
    );
  });
});
