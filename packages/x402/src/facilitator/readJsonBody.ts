import type { IncomingMessage } from 'node:http';
import { X402Error } from '../scheme/X402Error.js';

/** Reads a JSON request body of at most `maxBytes`; anything else is `invalid_payload`. */
export async function readJsonBody(req: IncomingMessage, maxBytes = 256 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new X402Error('invalid_payload', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (cause) {
    throw new X402Error('invalid_payload', 'request body is not JSON', { cause });
  }
}
