// @vitest-environment node
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../../../scripts/lib/browserBundle.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('browser bundle', () => {
  it('bundles the hooks with the SDK for platform=browser with no Node built-in', async () => {
    const app =
      "export * from './src/index.ts'; export { ChipiSessionsSDK } from '@chipi-sessions/sdk';";
    const bundle = await bundleForBrowser(app, packageDir, ['react', 'react/jsx-runtime']);
    expect(bundle.nodeBuiltins).toEqual([]);
    expect(bundle.packages.map((p) => p.name)).toEqual(
      expect.arrayContaining(['@chipi-sessions/sdk', '@chipi-sessions/core', 'starknet']),
    );
  }, 60_000);
});
