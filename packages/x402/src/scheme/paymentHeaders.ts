import { decodeBase64Json, encodeBase64Json } from './base64Json.js';
import { parseSettleResponse } from './parseFacilitatorResponses.js';
import { parsePaymentPayload } from './parsePaymentPayload.js';
import { parsePaymentRequired } from './parsePaymentRequired.js';
import type { PaymentPayload, PaymentRequired, SettleResponse } from './x402Types.js';

/** Server → client, with status 402: what to pay. */
export const PAYMENT_REQUIRED_HEADER = 'PAYMENT-REQUIRED';
/** Client → server: the signed payment. */
export const PAYMENT_SIGNATURE_HEADER = 'PAYMENT-SIGNATURE';
/** Server → client: the settlement outcome. */
export const PAYMENT_RESPONSE_HEADER = 'PAYMENT-RESPONSE';

export function encodePaymentRequired(value: PaymentRequired): string {
  return encodeBase64Json(value);
}

/** Decodes a `PAYMENT-REQUIRED` value; malformed input is `invalid_header`. */
export function decodePaymentRequired(header: string): PaymentRequired {
  return parsePaymentRequired(decodeBase64Json(header, PAYMENT_REQUIRED_HEADER));
}

export function encodePaymentSignature(value: PaymentPayload): string {
  return encodeBase64Json(value);
}

/**
 * Decodes a `PAYMENT-SIGNATURE` value: bad base64 or JSON is `invalid_header`, a bad payload
 * `invalid_payload` (`invalid_x402_version` for another version).
 */
export function decodePaymentSignature(header: string): PaymentPayload {
  return parsePaymentPayload(decodeBase64Json(header, PAYMENT_SIGNATURE_HEADER));
}

export function encodePaymentResponse(value: SettleResponse): string {
  return encodeBase64Json(value);
}

/** Decodes a `PAYMENT-RESPONSE` value; malformed input is `invalid_header`. */
export function decodePaymentResponse(header: string): SettleResponse {
  return parseSettleResponse(decodeBase64Json(header, PAYMENT_RESPONSE_HEADER));
}
