import { JsonShape } from './jsonShape.js';
import {
  parseExtensions,
  parsePaymentRequirements,
  parseResourceInfo,
} from './parsePaymentRequirements.js';
import { type PaymentRequired, X402_VERSION } from './x402Types.js';

const SHAPE = new JsonShape('invalid_header');

/** Reads the body of a `PAYMENT-REQUIRED` header; anything malformed is `invalid_header`. */
export function parsePaymentRequired(value: unknown): PaymentRequired {
  const r = SHAPE.record(value, 'PaymentRequired');
  if (r.x402Version !== X402_VERSION) {
    throw SHAPE.fail(`unsupported x402Version ${String(r.x402Version)}`, {
      x402Version: r.x402Version,
    });
  }
  if (!Array.isArray(r.accepts)) throw SHAPE.fail('PaymentRequired.accepts is not an array');
  const required: PaymentRequired = {
    x402Version: X402_VERSION,
    resource: parseResourceInfo(r.resource, 'PaymentRequired.resource', SHAPE),
    accepts: r.accepts.map((item, i) => parsePaymentRequirements(item, `accepts[${i}]`, SHAPE)),
  };
  const error = SHAPE.optionalString(r.error, 'PaymentRequired.error');
  if (error !== undefined) required.error = error;
  if (r.extensions !== undefined) {
    required.extensions = parseExtensions(r.extensions, 'PaymentRequired.extensions', SHAPE);
  }
  return required;
}
