import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../../../scripts/lib/browserBundle.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('browser bundle', () => {
  it('bundles the whole public surface for platform=browser with no Node built-in', async () => {
    const bundle = await bundleForBrowser("export * from './src/index.ts';", packageDir);
    expect(bundle.nodeBuiltins).toEqual([]);
    expect(bundle.packages.map((p) => p.name)).toContain('starknet');
    expect(bundle.minified).toBeGreaterThan(100_000);
  }, 60_000);
});
