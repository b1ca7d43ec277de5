import { JsonShape } from './jsonShape.js';
import type { ExtensionEntry, PaymentRequirements, ResourceInfo } from './x402Types.js';

const REQUIREMENTS = new JsonShape('invalid_payment_requirements');

/**
 * Reads x402 v2 `PaymentRequirements` from untrusted JSON. Fields other than the standard ones are
 * dropped; bad types are `X402Error('invalid_payment_requirements')` (or `shape.code`).
 */
export function parsePaymentRequirements(
  value: unknown,
  name = 'paymentRequirements',
  shape: JsonShape = REQUIREMENTS,
): PaymentRequirements {
  const r = shape.record(value, name);
  const requirements: PaymentRequirements = {
    scheme: shape.string(r.scheme, `${name}.scheme`),
    network: shape.string(r.network, `${name}.network`),
    amount: shape.atomicAmount(r.amount, `${name}.amount`),
    asset: shape.string(r.asset, `${name}.asset`),
    payTo: shape.string(r.payTo, `${name}.payTo`),
    maxTimeoutSeconds: shape.positiveInteger(r.maxTimeoutSeconds, `${name}.maxTimeoutSeconds`),
  };
  if (r.extra !== undefined) requirements.extra = { ...shape.record(r.extra, `${name}.extra`) };
  return requirements;
}

/**
 * Reads a `ResourceInfo` (`{ url, description?, mimeType? }`). An empty `description` or
 * `mimeType` is read as absent: the reference server sends `""` for fields a route leaves unset.
 */
export function parseResourceInfo(value: unknown, name: string, shape: JsonShape): ResourceInfo {
  const r = shape.record(value, name);
  const info: ResourceInfo = { url: shape.string(r.url, `${name}.url`) };
  const description = shape.optionalString(emptyAsAbsent(r.description), `${name}.description`);
  const mimeType = shape.optionalString(emptyAsAbsent(r.mimeType), `${name}.mimeType`);
  if (description !== undefined) info.description = description;
  if (mimeType !== undefined) info.mimeType = mimeType;
  return info;
}

function emptyAsAbsent(value: unknown): unknown {
  return value === '' ? undefined : value;
}

/** Reads an `extensions` map (`{ [name]: { info, schema? } }`). */
export function parseExtensions(
  value: unknown,
  name: string,
  shape: JsonShape,
): Record<string, ExtensionEntry> {
  const map = shape.record(value, name);
  const out: Record<string, ExtensionEntry> = {};
  for (const [key, raw] of Object.entries(map)) {
    const entry = shape.record(raw, `${name}.${key}`);
    out[key] = {
      info: { ...shape.record(entry.info, `${name}.${key}.info`) },
      ...(entry.schema === undefined ? {} : { schema: entry.schema }),
    };
  }
  return out;
}
