import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Turns a Scarb package (src/lib.cairo plus one file per module) into the single source text that
 * wasm-cairo compiles. `mod name;` becomes `mod name { ...name.cairo... }`, recursively; a
 * module file `a.cairo` with children keeps them in `a/child.cairo`, as Scarb expects.
 *
 * Dependency crates (for tests) are inlined as top-level modules, and paths that start with their
 * crate name are rewritten to `crate::<name>` so they resolve inside the bundle.
 */
export interface BundleOptions {
  /** Path of the package root (the folder holding Scarb.toml). */
  packageDir: string;
  /** Keep `#[cfg(test)]` modules (for test runs); contract builds drop them. */
  includeTests: boolean;
  /** Other Scarb packages to inline as top-level modules, keyed by crate name. */
  dependencies?: Record<string, string>;
  /**
   * Keep only this test module (`tests::<name>`) among the `test_*` modules of `tests`; helper
   * modules of `tests` stay. Used to run one test file per compiler process.
   */
  onlyTestModule?: string;
}

const MOD_DECL =
  /^(\s*)((?:#\[[^\]]*\]\s*)*)(pub(?:\([a-z]+\))?\s+)?mod\s+([a-z_][a-z0-9_]*)\s*;\s*$/gm;

export function bundleCairoPackage(options: BundleOptions): string {
  const root = join(options.packageDir, 'src', 'lib.cairo');
  const deps = options.dependencies ?? {};
  let text = inlineModules(
    root,
    join(options.packageDir, 'src'),
    options.includeTests,
    [],
    options.onlyTestModule,
  );
  // Paths into a dependency are rewritten in the package's own text only: inside the dependency,
  // `name::` may name one of its own modules.
  for (const crate of Object.keys(deps)) text = rewriteCratePaths(text, crate);
  for (const [crate, dir] of Object.entries(deps)) {
    const body = inlineModules(join(dir, 'src', 'lib.cairo'), join(dir, 'src'), false, []).replace(
      /(?<![A-Za-z0-9_:])crate::/g,
      `crate::${crate}::`,
    );
    text += `\npub mod ${crate} {\n${body}\n}\n`;
  }
  return text;
}

function inlineModules(
  file: string,
  childDir: string,
  includeTests: boolean,
  path: string[],
  onlyTestModule?: string,
): string {
  if (!existsSync(file)) throw new Error(`Cairo module file not found: ${file}`);
  const source = readFileSync(file, 'utf8');
  return source.replace(
    MOD_DECL,
    (_match, indent: string, attrs: string, vis = '', name: string) => {
      const isTestOnly = /#\[cfg\(test\)\]/.test(attrs);
      if (isTestOnly && !includeTests) return '';
      const inTests = path.length === 1 && path[0] === 'tests';
      if (onlyTestModule && inTests && isTestModule(name) && name !== onlyTestModule) return '';
      const moduleFile = join(childDir, `${name}.cairo`);
      const nestedDir = join(childDir, name);
      const body = inlineModules(
        moduleFile,
        nestedDir,
        includeTests,
        [...path, name],
        onlyTestModule,
      );
      return `${indent}${attrs}${vis}mod ${name} {\n${body}\n${indent}}`;
    },
  );
}

/** Test files are `test_*.cairo` (and the generated `vectors.cairo`); the rest are helpers. */
export function isTestModule(name: string): boolean {
  return name.startsWith('test_') || name === 'vectors';
}

function rewriteCratePaths(text: string, crate: string): string {
  const pattern = new RegExp(`(?<![A-Za-z0-9_:])${crate}::`, 'g');
  return text.replace(pattern, `crate::${crate}::`);
}

/** Directory of the package that holds `file`, for error messages. */
export function packageOf(file: string): string {
  return dirname(dirname(file));
}
