import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CAIRO_PACKAGES, packageDir } from './contractsLayout.ts';
import type { NativeCairo } from './toolchainPaths.ts';

/**
 * wasm-cairo compiles each package as one single-file crate named `astro`. Type paths in the
 * ABI start with the crate name, so the native build names the main crate the same way and both
 * compilers write the same ABI (their programs differ: see docs/toolchain.md).
 */
const MAIN_CRATE_NAME = 'astro';

/** Compiles a package's contract to a Sierra class at `outPath`; throws with the diagnostics. */
export function compileNative(native: NativeCairo, pkg: string, outPath: string): void {
  const run = spawnSync(
    native.binary,
    ['compile', '--corelib', native.corelib, ...crateArgs(pkg, false), '--out', outPath],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) {
    throw new Error(`Cairo compilation of ${pkg} failed:\n${run.stderr}${run.stdout}`.trimEnd());
  }
}

export interface NativeTestRun {
  passed: number;
  failed: number;
  ignored: number;
  /** `name - Panicked with ...` for each failing test. */
  failures: string[];
  /** Set when the tests did not compile: the compiler's diagnostics. */
  error?: string;
  /** What the runner printed. */
  output: string;
}

/**
 * Compiles a package's tests once and runs them all (or those whose path contains `filter`);
 * with `resources`, the output lists each test's steps, builtins and syscalls.
 */
export function testNative(
  native: NativeCairo,
  pkg: string,
  filter: string,
  resources = false,
): NativeTestRun {
  const run = spawnSync(
    native.binary,
    [
      'test',
      '--corelib',
      native.corelib,
      ...crateArgs(pkg, true),
      '--filter',
      filter,
      ...(resources ? ['--resources', 'true'] : []),
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
  );
  return parseTestRun(`${run.stdout}`, `${run.stderr}`, run.status);
}

export function parseTestRun(stdout: string, stderr: string, status: number | null): NativeTestRun {
  const summary = /test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored/.exec(stdout);
  if (!summary) {
    return {
      passed: 0,
      failed: 0,
      ignored: 0,
      failures: [],
      error: `${stderr}${stdout}`.trim() || `exit ${status}`,
      output: stdout,
    };
  }
  const failures = stdout
    .split('\n')
    .filter((line) => /^ {3}\S.* - (Panicked with|expected panic)/.test(line))
    .map((line) => line.trim());
  return {
    passed: Number(summary[1]),
    failed: Number(summary[2]),
    ignored: Number(summary[3]),
    failures,
    output: stdout,
  };
}

function crateArgs(pkg: string, withTestDependencies: boolean): string[] {
  const info = CAIRO_PACKAGES.find((p) => p.name === pkg);
  if (!info) throw new Error(`no Cairo package named ${pkg}`);
  const crates = [`${MAIN_CRATE_NAME}=${join(packageDir(pkg), 'src')}`];
  if (withTestDependencies)
    for (const dep of info.testDependencies) crates.push(`${dep}=${join(packageDir(dep), 'src')}`);
  return crates.flatMap((spec) => ['--crate', spec]);
}
