import { exportSubpaths } from './exportSubpaths.ts';

export interface PackedManifest {
  name: string;
  files?: string[];
  exports?: Record<string, never> | string;
  bin?: Record<string, string> | string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const ALWAYS_SHIPPED = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']);

/**
 * What is wrong with a packed tarball, given its file list (paths without the `package/` prefix)
 * and its packed package.json: missing README/LICENSE, export or bin targets that are not
 * shipped, files outside `files`, test files, source maps, unresolved `workspace:` ranges.
 */
export function tarballProblems(paths: string[], manifest: PackedManifest): string[] {
  const problems: string[] = [];
  const shipped = new Set(paths);
  for (const required of ['package.json', 'README.md', 'LICENSE']) {
    if (!shipped.has(required)) problems.push(`${required} is not in the tarball`);
  }
  for (const entry of exportSubpaths(manifest.name, manifest.exports)) {
    for (const target of entry.targets) {
      const path = target.replace(/^\.\//, '');
      const found = path.includes('*')
        ? paths.some((p) => new RegExp(`^${path.split('*').map(escapeRegExp).join('.+')}$`).test(p))
        : shipped.has(path);
      if (!found) problems.push(`exports["${entry.subpath}"] → ${target} is not shipped`);
    }
  }
  const bins =
    typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  for (const bin of bins) {
    if (!shipped.has(bin.replace(/^\.\//, ''))) problems.push(`bin ${bin} is not shipped`);
  }
  const listed = (manifest.files ?? []).map((entry) =>
    entry.replace(/^\.\//, '').replace(/\/$/, ''),
  );
  for (const path of paths) {
    if (ALWAYS_SHIPPED.has(path)) continue;
    if (!listed.some((entry) => path === entry || path.startsWith(`${entry}/`))) {
      problems.push(`${path} is shipped but not listed in "files"`);
    }
    if (/\.map$/.test(path)) problems.push(`${path}: source maps point at sources not shipped`);
    if (/\.test\.|(^|\/)testing\//.test(path)) problems.push(`${path}: test code is shipped`);
  }
  const ranges = {
    ...manifest.dependencies,
    ...manifest.peerDependencies,
    ...manifest.optionalDependencies,
  };
  for (const [name, range] of Object.entries(ranges)) {
    if (range.startsWith('workspace:')) problems.push(`${name}: unresolved range ${range}`);
  }
  return problems;
}

/** Dependencies and peers pinned to one exact version: consumers can neither dedupe nor patch. */
export function exactRanges(manifest: PackedManifest): string[] {
  const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
  return Object.entries(ranges)
    .filter(([, range]) => /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(range))
    .map(([name, range]) => `${name}@${range}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
