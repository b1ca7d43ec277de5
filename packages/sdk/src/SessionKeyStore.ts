import type { SessionKeyData } from './types.js';

/**
 * Where an app keeps its session keys between visits, one per wallet. A store only ever holds
 * `SessionKeyData`: the public key, the `cs1.` envelope and the expiry. The private key stays
 * inside the envelope at rest; it is decrypted in memory, with the PIN, when a payment is signed.
 *
 * `WebStorageSessionKeyStore` (localStorage) is the browser default, `MemorySessionKeyStore`
 * keeps nothing across reloads; anything else (IndexedDB, a native keychain) implements these
 * three methods.
 */
export interface SessionKeyStore {
  /** The session stored for a wallet, or `undefined`. */
  load(walletAddress: string): Promise<SessionKeyData | undefined>;
  /** Stores (or replaces) a wallet's session. */
  save(walletAddress: string, session: SessionKeyData): Promise<void>;
  /** Forgets a wallet's session. */
  remove(walletAddress: string): Promise<void>;
}
