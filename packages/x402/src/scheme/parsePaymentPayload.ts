import { JsonShape } from './jsonShape.js';
import {
  parseExtensions,
  parsePaymentRequirements,
  parseResourceInfo,
} from './parsePaymentRequirements.js';
import { type PaymentPayload, X402_VERSION } from './x402Types.js';

const SHAPE = new JsonShape('invalid_payload');

/**
 * Reads a `PaymentPayload` (the `PAYMENT-SIGNATURE` body); its scheme-specific `payload` is left
 * as is for the scheme to parse. A version other than 2 is `invalid_x402_version`, any other
 * defect `invalid_payload`.
 */
export function parsePaymentPayload(value: unknown): PaymentPayload {
  const r = SHAPE.record(value, 'PaymentPayload');
  if (r.x402Version !== X402_VERSION) {
    throw new JsonShape('invalid_x402_version').fail(
      `unsupported x402Version ${String(r.x402Version)}`,
    );
  }
  SHAPE.onlyKeys(r, ['x402Version', 'resource', 'accepted', 'payload', 'extensions'], 'payload');
  const payload: PaymentPayload = {
    x402Version: X402_VERSION,
    accepted: parsePaymentRequirements(r.accepted, 'PaymentPayload.accepted', SHAPE),
    payload: SHAPE.record(r.payload, 'PaymentPayload.payload'),
  };
  if (r.resource !== undefined) {
    payload.resource = parseResourceInfo(r.resource, 'PaymentPayload.resource', SHAPE);
  }
  if (r.extensions !== undefined) {
    payload.extensions = parseExtensions(r.extensions, 'PaymentPayload.extensions', SHAPE);
  }
  return payload;
}
