import { invalidInput } from './ChipiSessionError.js';
import { type FeltLike, parseFelt } from './felt.js';

/** Longest ASCII string that fits a felt. */
export const SHORT_STRING_MAX_LENGTH = 31;

/**
 * Encodes a Cairo short string (ASCII, at most 31 characters) as a felt, e.g.
 * `'session/expired'` → `0x73657373696f6e2f65787069726564`.
 */
export function encodeShortString(text: string): bigint {
  if (text.length > SHORT_STRING_MAX_LENGTH) {
    throw invalidInput(`short string longer than ${SHORT_STRING_MAX_LENGTH}: ${text}`, { text });
  }
  let value = 0n;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) throw invalidInput(`short string is not ASCII: ${text}`, { text });
    value = (value << 8n) | BigInt(code);
  }
  return value;
}

/**
 * Decodes a felt as a short string when every byte is printable ASCII, else `undefined`.
 * Zero decodes to `undefined` (the empty short string is never a meaningful message).
 */
export function decodeShortString(value: FeltLike): string | undefined {
  let n = parseFelt(value);
  if (n === 0n) return undefined;
  let text = '';
  while (n > 0n) {
    const code = Number(n & 0xffn);
    if (code < 0x20 || code > 0x7e) return undefined;
    text = String.fromCharCode(code) + text;
    n >>= 8n;
  }
  return text;
}
