import {
  type DecryptPrivateKeyParameters,
  decryptPrivateKey,
  decryptPrivateKeyAsync,
  defaultRandomBytes,
  type FeltLike,
  feltEquals,
} from '@chipi-sessions/core';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** Options of `KeyCache`. */
export interface KeyCacheOptions {
  /** How long an owner key stays unlocked, in seconds (default 300; 0 disables owner caching). */
  ownerKeyTtlSeconds?: number;
  /** Most keys kept at once; the oldest is dropped first (default 32; 0 keeps nothing). */
  maxEntries?: number;
  /** Wall clock in milliseconds (default `Date.now`). */
  clock?: () => number;
  /** The envelope decryption (default core's `decryptPrivateKey`); injectable to count KDF runs. */
  decrypt?: (params: DecryptPrivateKeyParameters) => string;
  /** The non-blocking decryption `unlockAsync` uses (default core's `decryptPrivateKeyAsync`). */
  decryptAsync?: (params: DecryptPrivateKeyParameters) => Promise<string>;
}

/** What `unlock` needs. */
export interface UnlockKeyParameters {
  envelope: string;
  pin: string;
  /** The wallet the envelope is bound to (its associated data). */
  walletAddress: FeltLike;
  /** Expected public key; checked by the envelope. */
  publicKey?: FeltLike;
  /** Unix seconds after which the entry is dropped; default now + the owner TTL. */
  expiresAt?: number;
}

interface Entry {
  verifier: Uint8Array;
  wallet: bigint;
  privateKey: string;
  expiresAtMs: number;
}

/**
 * Unlocked private keys, kept in memory so that repeated calls do not pay the scrypt KDF
 * (hundreds of milliseconds) each time.
 *
 * Entries are keyed by envelope. A hit still requires the same PIN: each entry stores
 * HMAC-SHA256(PIN) under a random key drawn per cache, and a PIN that does not match goes through
 * the full decryption (which then fails with `SESSION_DECRYPTION_FAILED`). Session keys are kept
 * until their `validUntil`, owner keys for `ownerKeyTtlSeconds`. `wipe()` drops everything and
 * zero-fills the byte buffers the cache owns; JavaScript cannot erase the strings it has handed
 * out, so keep the process short-lived where that matters.
 */
export class KeyCache {
  readonly #entries = new Map<string, Entry>();
  readonly #secret: Uint8Array = defaultRandomBytes(32);
  readonly #ownerTtlMs: number;
  readonly #maxEntries: number;
  readonly #clock: () => number;
  readonly #decrypt: (params: DecryptPrivateKeyParameters) => string;
  readonly #decryptAsync: (params: DecryptPrivateKeyParameters) => Promise<string>;
  #decryptions = 0;
  #hits = 0;

  constructor(options: KeyCacheOptions = {}) {
    this.#ownerTtlMs = Math.max(0, options.ownerKeyTtlSeconds ?? 300) * 1000;
    this.#maxEntries = Math.max(0, Math.floor(options.maxEntries ?? 32));
    this.#clock = options.clock ?? Date.now;
    this.#decrypt = options.decrypt ?? decryptPrivateKey;
    this.#decryptAsync = options.decryptAsync ?? decryptPrivateKeyAsync;
  }

  /** Number of full decryptions (KDF runs) and of cache hits so far. */
  get stats(): { decryptions: number; hits: number; size: number } {
    return { decryptions: this.#decryptions, hits: this.#hits, size: this.#entries.size };
  }

  /**
   * Returns the private key of an envelope, from memory when the same PIN unlocked it before and
   * the entry has not expired, otherwise by decrypting it (and remembering the result).
   */
  unlock(params: UnlockKeyParameters): string {
    const hit = this.#lookup(params);
    if (hit.privateKey !== undefined) return hit.privateKey;
    this.#decryptions += 1;
    const privateKey = this.#decrypt(decryptParams(params));
    this.#store(params, hit.verifier, privateKey, hit.now);
    return privateKey;
  }

  /**
   * `unlock` without blocking the thread: a miss runs the KDF in slices that yield to the event
   * loop (core's `decryptPrivateKeyAsync`). Use it in a browser; the key it caches then serves the
   * synchronous `unlock` too.
   */
  async unlockAsync(params: UnlockKeyParameters): Promise<string> {
    const hit = this.#lookup(params);
    if (hit.privateKey !== undefined) return hit.privateKey;
    this.#decryptions += 1;
    const privateKey = await this.#decryptAsync(decryptParams(params));
    this.#store(params, hit.verifier, privateKey, this.#clock());
    return privateKey;
  }

  #lookup(params: UnlockKeyParameters): { now: number; verifier: Uint8Array; privateKey?: string } {
    const now = this.#clock();
    const entry = this.#entries.get(params.envelope);
    const verifier = this.#verifier(params.pin);
    if (entry !== undefined) {
      if (entry.expiresAtMs <= now) {
        this.#drop(params.envelope);
      } else if (
        sameBytes(entry.verifier, verifier) &&
        feltEquals(entry.wallet, params.walletAddress)
      ) {
        this.#hits += 1;
        return { now, verifier, privateKey: entry.privateKey };
      }
    }
    return { now, verifier };
  }

  /** Records a key the caller just encrypted (so its first use costs no KDF). */
  remember(params: UnlockKeyParameters & { privateKey: string }): void {
    this.#store(params, this.#verifier(params.pin), params.privateKey, this.#clock());
  }

  /** Drops every key. */
  wipe(): void {
    for (const key of [...this.#entries.keys()]) this.#drop(key);
  }

  #store(params: UnlockKeyParameters, verifier: Uint8Array, privateKey: string, now: number) {
    const expiresAtMs =
      params.expiresAt === undefined ? now + this.#ownerTtlMs : params.expiresAt * 1000;
    this.#drop(params.envelope);
    if (expiresAtMs <= now || this.#maxEntries === 0) return;
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#drop(oldest);
    }
    this.#entries.set(params.envelope, {
      verifier,
      wallet: BigInt(params.walletAddress),
      privateKey,
      expiresAtMs,
    });
  }

  #drop(envelope: string): void {
    const entry = this.#entries.get(envelope);
    if (entry === undefined) return;
    entry.verifier.fill(0);
    this.#entries.delete(envelope);
  }

  #verifier(pin: string): Uint8Array {
    const text = typeof pin === 'string' ? pin.normalize('NFKC') : '';
    return hmac(sha256, this.#secret, utf8ToBytes(text));
  }
}

function decryptParams(params: UnlockKeyParameters): DecryptPrivateKeyParameters {
  return {
    envelope: params.envelope,
    pin: params.pin,
    walletAddress: params.walletAddress,
    ...(params.publicKey === undefined ? {} : { sessionPublicKey: params.publicKey }),
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
