import { ChipiSessionError, parseNonZeroFelt, toFeltHex } from '@chipi-sessions/core';
import { parseStoredSessionKey } from './parseStoredSessionKey.js';
import type { SessionKeyStore } from './SessionKeyStore.js';
import type { SessionKeyData } from './types.js';

/** The part of the Web Storage API the store uses (`localStorage`, `sessionStorage`). */
export type WebStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Options of `WebStorageSessionKeyStore`. */
export interface WebStorageSessionKeyStoreOptions {
  /** The storage (default `globalThis.localStorage`). */
  storage?: WebStorage;
  /** Prefix of the storage keys (default `'chipi-sessions/session/'`). */
  prefix?: string;
}

/**
 * A `SessionKeyStore` in Web Storage (by default `localStorage`), one JSON entry per wallet.
 * Only the envelope is written; an entry that is not a well-formed session is refused on load
 * with `INVALID_INPUT`, so a tampered store surfaces instead of being signed with.
 */
export class WebStorageSessionKeyStore implements SessionKeyStore {
  readonly #storage: WebStorage;
  readonly #prefix: string;

  constructor(options: WebStorageSessionKeyStoreOptions = {}) {
    const storage = options.storage ?? globalThis.localStorage;
    if (storage === undefined) {
      throw new ChipiSessionError('INVALID_INPUT', 'no Web Storage here: pass options.storage');
    }
    this.#storage = storage;
    this.#prefix = options.prefix ?? 'chipi-sessions/session/';
  }

  async load(walletAddress: string): Promise<SessionKeyData | undefined> {
    const text = this.#storage.getItem(this.#key(walletAddress));
    if (text === null) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new ChipiSessionError('INVALID_INPUT', 'the stored session is not JSON', { cause });
    }
    return parseStoredSessionKey(value);
  }

  async save(walletAddress: string, session: SessionKeyData): Promise<void> {
    const stored = parseStoredSessionKey(session);
    this.#storage.setItem(this.#key(walletAddress), JSON.stringify(stored));
  }

  async remove(walletAddress: string): Promise<void> {
    this.#storage.removeItem(this.#key(walletAddress));
  }

  #key(walletAddress: string): string {
    return this.#prefix + toFeltHex(parseNonZeroFelt(walletAddress, 'walletAddress'));
  }
}
