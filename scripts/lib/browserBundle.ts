import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What `bundleForBrowser` measured. */
export interface BrowserBundle {
  /** Minified size in bytes. */
  minified: number;
  /** gzip (level 9) size of the minified bundle in bytes. */
  gzip: number;
  /** Every package that went into the bundle, with its version and bytes in the output. */
  packages: BundledPackage[];
  /** Packages bundled in more than one version. */
  duplicates: { name: string; versions: BundledPackage[] }[];
  /** Node built-ins the bundle reached (must be empty for a browser bundle). */
  nodeBuiltins: string[];
}

export interface BundledPackage {
  name: string;
  version: string;
  bytes: number;
}

/**
 * Bundles `source` (module text, resolved from `resolveDir`) the way a web app's bundler would:
 * esbuild, `platform: 'browser'`, minified, tree-shaken. A Node built-in anywhere in the import
 * graph fails the build (esbuild cannot resolve it for the browser); the result also lists every
 * bundled package so duplicated versions show. `external` packages are left out (peers the app
 * already has).
 */
export async function bundleForBrowser(
  source: string,
  resolveDir: string,
  external: string[] = [],
): Promise<BrowserBundle> {
  const result = await build({
    absWorkingDir: REPOSITORY_ROOT,
    external,
    stdin: { contents: source, resolveDir, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no output');
  return {
    minified: output.contents.length,
    gzip: gzipSync(output.contents, { level: 9 }).length,
    ...packagesOf(result.metafile),
  };
}

function packagesOf(
  metafile: Metafile,
): Pick<BrowserBundle, 'packages' | 'duplicates' | 'nodeBuiltins'> {
  const byPackage = new Map<string, BundledPackage>();
  const nodeBuiltins = new Set<string>();
  const output = Object.values(metafile.outputs)[0];
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    if (isNodeBuiltin(path)) nodeBuiltins.add(path);
    const match = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
    const version = /node_modules\/\.pnpm\/(?:@[^+]+\+)?[^@]+@([^_/]+)/.exec(path)?.[1];
    const name = match?.[1] ?? workspacePackage(path);
    const key = `${name}@${version ?? 'workspace'}`;
    const entry = byPackage.get(key) ?? { name, version: version ?? 'workspace', bytes: 0 };
    entry.bytes += input.bytesInOutput;
    byPackage.set(key, entry);
  }
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) {
      if (isNodeBuiltin(imported.path)) nodeBuiltins.add(imported.path);
    }
  }
  const packages = [...byPackage.values()].sort((a, b) => b.bytes - a.bytes);
  const names = new Map<string, BundledPackage[]>();
  for (const p of packages) names.set(p.name, [...(names.get(p.name) ?? []), p]);
  const duplicates = [...names.entries()]
    .filter(([, versions]) => versions.length > 1)
    .map(([name, versions]) => ({ name, versions }));
  return { packages, duplicates, nodeBuiltins: [...nodeBuiltins].sort() };
}

function isNodeBuiltin(path: string): boolean {
  return path.startsWith('node:') || builtinModules.includes(path.split('/')[0] ?? '');
}

function workspacePackage(path: string): string {
  const match = /^packages\/([^/]+)\//.exec(path);
  return match === null ? '(entry)' : `@chipi-sessions/${match[1]}`;
}

/** `12345` → `"12.3 kB"` (1 kB = 1000 bytes). */
export function kilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
