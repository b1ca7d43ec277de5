/**
 * Bundles the `./client` entry (or the subpath given as argument) for the browser (esbuild, `platform: 'browser'`) and fails when the
 * bundle would need a Node built-in (`node:*` or a bare built-in name) or a database driver.
 * Prints the bundle size, minified and gzipped. Run by the package's `test` script.
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

const subpath = process.argv[2] ?? 'client';
const entry = fileURLToPath(new URL(`../src/${subpath}/index.ts`, import.meta.url));
const FORBIDDEN_PACKAGES = ['better-sqlite3', 'pg'];
const builtins = new Set(builtinModules);
const offenders: string[] = [];

const refuseServerModules: Plugin = {
  name: 'refuse-server-modules',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const bare = args.path.replace(/^node:/, '');
      const isBuiltin = args.path.startsWith('node:') || builtins.has(bare.split('/')[0] ?? '');
      const isDriver = FORBIDDEN_PACKAGES.some(
        (p) => args.path === p || args.path.startsWith(`${p}/`),
      );
      if (isBuiltin || isDriver) {
        offenders.push(`${args.path} (imported by ${args.importer})`);
        return { path: args.path, external: true };
      }
      return undefined;
    });
  },
};

const result = await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  minify: true,
  write: false,
  logLevel: 'silent',
  plugins: [refuseServerModules],
});

if (offenders.length > 0) {
  console.error(
    `./${subpath} pulls in modules a browser does not have:\n  ${offenders.join('\n  ')}`,
  );
  process.exit(1);
}
const code = result.outputFiles[0]?.contents ?? new Uint8Array();
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `./${subpath} browser bundle: ${kib(code.length)} minified, ${kib(gzipSync(code).length)} gzipped, no node:* imports`,
);

// The facilitator runs on core and starknet.js alone: it must not load the client SDK.
if (subpath === 'client') {
  const facilitator = await build({
    entryPoints: ['facilitator', 'facilitator/sqlite', 'facilitator/postgres'].map((s) =>
      fileURLToPath(new URL(`../src/${s}/index.ts`, import.meta.url)),
    ),
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    metafile: true,
    write: false,
    outdir: 'unused',
    logLevel: 'silent',
  });
  const imports = Object.values(facilitator.metafile.inputs).flatMap((i) =>
    i.imports.map((x) => x.path),
  );
  const sdk = imports.filter((p) => p.startsWith('@chipi-sessions/sdk'));
  if (sdk.length > 0) {
    console.error('./facilitator imports the client SDK');
    process.exit(1);
  }
  console.log('./facilitator depends on core and starknet.js, not on @chipi-sessions/sdk');
}
