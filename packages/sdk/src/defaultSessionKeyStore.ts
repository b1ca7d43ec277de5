import { MemorySessionKeyStore } from './MemorySessionKeyStore.js';
import type { SessionKeyStore } from './SessionKeyStore.js';
import { WebStorageSessionKeyStore } from './WebStorageSessionKeyStore.js';

/**
 * The store an app gets when it chooses none: `localStorage` where it exists and accepts writes
 * (a browser), otherwise memory (Node, a sandboxed frame, storage disabled).
 */
export function defaultSessionKeyStore(): SessionKeyStore {
  try {
    const storage = globalThis.localStorage;
    if (storage !== undefined) {
      const probe = 'chipi-sessions/probe';
      storage.setItem(probe, '1');
      storage.removeItem(probe);
      return new WebStorageSessionKeyStore({ storage });
    }
  } catch {
    // Storage access can throw (disabled cookies, opaque origins): fall back to memory.
  }
  return new MemorySessionKeyStore();
}
