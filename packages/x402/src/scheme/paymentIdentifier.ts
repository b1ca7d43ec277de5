import { defaultRandomBytes, type RandomBytes } from '@chipi-sessions/core';
import { X402Error } from './X402Error.js';
import type { ExtensionEntry, PaymentPayload } from './x402Types.js';

/** Name of the x402 `payment-identifier` extension (an idempotency key per logical payment). */
export const PAYMENT_IDENTIFIER = 'payment-identifier';

const ID = /^[A-Za-z0-9_-]{16,128}$/;

/** The declaration a server puts in `PaymentRequired.extensions`. */
export function paymentIdentifierDeclaration(required = false): ExtensionEntry {
  return {
    info: { required },
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        required: { type: 'boolean' },
        id: { type: 'string', minLength: 16, maxLength: 128 },
      },
      required: ['required'],
    },
  };
}

/** A fresh identifier: `pay_` and 24 random bytes in hex. */
export function createPaymentIdentifier(random: RandomBytes = defaultRandomBytes): string {
  return `pay_${Array.from(random(24), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The identifier a payload carries in `extensions['payment-identifier'].info.id`, or `undefined`
 * when it carries none (no entry, or the server's declaration echoed without an id, as clients
 * must echo what they received). A present but malformed id (not 16–128 of `A-Z a-z 0-9 _ -`) is
 * `invalid_payload`.
 */
export function readPaymentIdentifier(payload: PaymentPayload): string | undefined {
  const id = payload.extensions?.[PAYMENT_IDENTIFIER]?.info.id;
  if (id === undefined) return undefined;
  if (typeof id !== 'string' || !ID.test(id)) {
    throw new X402Error('invalid_payload', 'payment-identifier id must be 16-128 of [A-Za-z0-9_-]');
  }
  return id;
}
