// Prints the browser bundle sizes of the SDK (esbuild, platform=browser, minified, gzip -9) and
// the packages bundled in more than one version. `pnpm --filter @chipi-sessions/sdk bundle:size`
import { fileURLToPath } from 'node:url';
import { bundleForBrowser, kilobytes } from '../../../scripts/lib/browserBundle.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const entries: Record<string, string> = {
  'everything (`export *`)': "export * from './src/index.ts';",
  'ChipiSessionsSDK + WebStorageSessionKeyStore':
    "export { ChipiSessionsSDK, WebStorageSessionKeyStore } from './src/index.ts';",
  'starknet.js alone (RpcProvider, Account), for comparison':
    "export { RpcProvider, Account } from 'starknet';",
};

for (const [label, source] of Object.entries(entries)) {
  const bundle = await bundleForBrowser(source, packageDir);
  console.log(`${label}: ${kilobytes(bundle.minified)} min, ${kilobytes(bundle.gzip)} gzip`);
  if (bundle.nodeBuiltins.length > 0) console.log(`  Node built-ins: ${bundle.nodeBuiltins}`);
  for (const { name, versions } of bundle.duplicates) {
    const list = versions.map((v) => `${v.version} (${kilobytes(v.bytes)})`).join(', ');
    console.log(`  duplicated: ${name} ${list}`);
  }
}
