// Prints the browser bundle sizes of @chipi-sessions/react (esbuild, platform=browser, minified,
// gzip -9). `pnpm --filter @chipi-sessions/react bundle:size`
import { fileURLToPath } from 'node:url';
import { bundleForBrowser, kilobytes } from '../../../scripts/lib/browserBundle.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const entry = "export * from './src/index.ts';";
const react = ['react', 'react/jsx-runtime', 'react-dom', 'react-dom/client'];
const variants: [string, string, string[]][] = [
  [
    'the hooks alone (react, starknet and @chipi-sessions/* external)',
    entry,
    [...react, 'starknet', '@chipi-sessions/*'],
  ],
  [
    'the hooks with ChipiSessionsSDK, core and starknet.js (react external)',
    `${entry} export { ChipiSessionsSDK } from '@chipi-sessions/sdk';`,
    react,
  ],
  [
    'the same plus react-dom/client (what a React 19 app ships)',
    `${entry} export { ChipiSessionsSDK } from '@chipi-sessions/sdk'; export { createRoot } from 'react-dom/client';`,
    [],
  ],
];

for (const [label, source, external] of variants) {
  const bundle = await bundleForBrowser(source, packageDir, external);
  console.log(`${label}: ${kilobytes(bundle.minified)} min, ${kilobytes(bundle.gzip)} gzip`);
  if (bundle.nodeBuiltins.length > 0) console.log(`  Node built-ins: ${bundle.nodeBuiltins}`);
}
