import { describe, expect, it } from 'vitest';
import { classHashSource, manifestClassHash } from '../scripts/embed-class-hash.js';
import { DEFAULT_ACCOUNT_CLASS_HASH } from './defaultAccountClassHash.js';

describe('DEFAULT_ACCOUNT_CLASS_HASH', () => {
  it('is the class hash of the compiled account in @chipi-sessions/contracts', async () => {
    const fromManifest = await manifestClassHash();
    if (fromManifest === undefined) {
      // contracts not compiled yet: nothing may be embedded either.
      expect(DEFAULT_ACCOUNT_CLASS_HASH).toBeUndefined();
    } else {
      expect(DEFAULT_ACCOUNT_CLASS_HASH).toBeDefined();
      expect(BigInt(DEFAULT_ACCOUNT_CLASS_HASH as string)).toBe(BigInt(fromManifest));
    }
  });

  it('the generator writes a plain constant', () => {
    expect(classHashSource('0x00ab')).toMatch(/=\s+'0xab';/);
    expect(classHashSource(undefined)).toContain('= undefined;');
  });
});
