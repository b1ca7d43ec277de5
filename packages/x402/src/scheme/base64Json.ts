import { X402Error } from './X402Error.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Header values beyond this are refused before decoding (a payload is a few kilobytes). */
export const MAX_HEADER_LENGTH = 64 * 1024;

/** JSON as standard, padded base64 of its UTF-8 bytes: the encoding of every x402 v2 header. */
export function encodeBase64Json(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The inverse of `encodeBase64Json`. Anything that is not canonical base64 of UTF-8 JSON is
 * `X402Error('invalid_header')` naming the header.
 */
export function decodeBase64Json(text: string, header: string): unknown {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (trimmed === '') throw invalid(header, 'is empty');
  if (trimmed.length > MAX_HEADER_LENGTH) throw invalid(header, 'is too long');
  if (!BASE64.test(trimmed)) throw invalid(header, 'is not base64');
  const binary = atob(trimmed);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw invalid(header, 'is not UTF-8', cause);
  }
  try {
    return JSON.parse(json);
  } catch (cause) {
    throw invalid(header, 'is not JSON', cause);
  }
}

function invalid(header: string, what: string, cause?: unknown): X402Error {
  return new X402Error('invalid_header', `${header} header ${what}`, {
    details: { header },
    ...(cause === undefined ? {} : { cause }),
  });
}
