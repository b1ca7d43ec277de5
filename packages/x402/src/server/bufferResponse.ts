import type { ServerResponse } from 'node:http';

/** What a handler wrote, held back until the payment is settled. */
export interface BufferedResponse {
  /** Resolves when the handler ends its response. */
  ended: Promise<void>;
  statusCode(): number;
  body(): Buffer;
  /** Restores the response and sends what the handler wrote (plus any headers set since). */
  release(): void;
  /** Restores the response without sending anything, so another answer can be written. */
  discard(): void;
}

type Chunk = string | Uint8Array;

/**
 * Intercepts `writeHead`, `write` and `end` of `res` so that nothing reaches the client until
 * `release()`: the resource server settles a payment only after its handler succeeded, and may
 * still replace the handler's answer with a 402.
 */
export function bufferResponse(res: ServerResponse): BufferedResponse {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  const chunks: Buffer[] = [];
  const toBuffer = (chunk: Chunk, encoding?: BufferEncoding) =>
    typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk);
  let finish: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    finish = resolve;
  });

  res.writeHead = ((status: number, ...rest: unknown[]) => {
    res.statusCode = status;
    const headers = rest.find((r) => typeof r === 'object' && r !== null) as
      | Record<string, string | number | string[]>
      | undefined;
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    return res;
  }) as ServerResponse['writeHead'];
  res.write = ((chunk: Chunk, encoding?: unknown, callback?: unknown) => {
    chunks.push(
      toBuffer(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined),
    );
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') queueMicrotask(() => cb());
    return true;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) {
      chunks.push(
        toBuffer(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined),
      );
    }
    const cb = [chunk, encoding, callback].find((a) => typeof a === 'function');
    if (typeof cb === 'function') res.once('finish', cb as () => void);
    finish();
    return res;
  }) as ServerResponse['end'];

  const restore = () => Object.assign(res, original);
  return {
    ended,
    statusCode: () => res.statusCode,
    body: () => Buffer.concat(chunks),
    release() {
      restore();
      res.end(Buffer.concat(chunks));
    },
    discard() {
      restore();
    },
  };
}
