import { parseNonZeroFelt, toFeltHex } from '@chipi-sessions/core';
import { parseStoredSessionKey } from './parseStoredSessionKey.js';
import type { SessionKeyStore } from './SessionKeyStore.js';
import type { SessionKeyData } from './types.js';

/** A `SessionKeyStore` in memory: for servers, tests, and pages that must not persist anything. */
export class MemorySessionKeyStore implements SessionKeyStore {
  readonly #sessions = new Map<string, SessionKeyData>();

  async load(walletAddress: string): Promise<SessionKeyData | undefined> {
    const session = this.#sessions.get(walletKey(walletAddress));
    return session === undefined ? undefined : { ...session };
  }

  async save(walletAddress: string, session: SessionKeyData): Promise<void> {
    this.#sessions.set(walletKey(walletAddress), parseStoredSessionKey(session));
  }

  async remove(walletAddress: string): Promise<void> {
    this.#sessions.delete(walletKey(walletAddress));
  }
}

function walletKey(walletAddress: string): string {
  return toFeltHex(parseNonZeroFelt(walletAddress, 'walletAddress'));
}
