import { describe, expect, it } from 'vitest';
import { defaultSessionKeyStore } from './defaultSessionKeyStore.js';
import { MemorySessionKeyStore } from './MemorySessionKeyStore.js';

describe('defaultSessionKeyStore', () => {
  it('falls back to memory where there is no Web Storage (Node)', () => {
    expect(globalThis.localStorage).toBeUndefined();
    expect(defaultSessionKeyStore()).toBeInstanceOf(MemorySessionKeyStore);
  });
});
