import { getStarkKey } from '@scure/starknet';
import { ChipiSessionError } from './ChipiSessionError.js';
import { type FeltLike, toFeltHex } from './felt.js';
import { parsePrivateKey, STARK_CURVE_ORDER, toHex64 } from './starkCurve.js';

/** Source of random bytes; defaults to `globalThis.crypto.getRandomValues`. */
export type RandomBytes = (length: number) => Uint8Array;

/** A Stark key pair as hex felts; `publicKey` is the Stark key (x coordinate of the point). */
export interface SessionKeyPair {
  privateKey: string;
  publicKey: string;
}

/** Random bytes from the platform CSPRNG (browsers and Node 20 both expose `crypto`). */
export function defaultRandomBytes(length: number): Uint8Array {
  const crypto = globalThis.crypto;
  if (!crypto?.getRandomValues) {
    throw new ChipiSessionError(
      'SESSION_CREATION_FAILED',
      'globalThis.crypto.getRandomValues is missing',
    );
  }
  return crypto.getRandomValues(new Uint8Array(length));
}

/**
 * Creates a fresh Stark key pair for a session. The private key is drawn from 48 random bytes
 * reduced into `[1, n)`, so the modulo bias is below 2^-128.
 *
 * @example
 * ```ts
 * const { privateKey, publicKey } = createSessionKeyPair();
 * ```
 */
export function createSessionKeyPair(options: { random?: RandomBytes } = {}): SessionKeyPair {
  const random = options.random ?? defaultRandomBytes;
  let bytes: Uint8Array;
  try {
    bytes = random(48);
  } catch (cause) {
    throw new ChipiSessionError('SESSION_CREATION_FAILED', 'random source failed', { cause });
  }
  if (!(bytes instanceof Uint8Array) || bytes.length !== 48) {
    throw new ChipiSessionError('SESSION_CREATION_FAILED', 'random source returned wrong length');
  }
  let n = 0n;
  for (const byte of bytes) n = (n << 8n) | BigInt(byte);
  const scalar = (n % (STARK_CURVE_ORDER - 1n)) + 1n;
  const privateKey = `0x${toHex64(scalar)}`;
  return { privateKey, publicKey: getPublicKey(privateKey) };
}

/** The Stark public key (x coordinate, canonical hex) of a private key. */
export function getPublicKey(privateKey: FeltLike): string {
  const key = parsePrivateKey(privateKey);
  return toFeltHex(BigInt(getStarkKey(toHex64(key))));
}
