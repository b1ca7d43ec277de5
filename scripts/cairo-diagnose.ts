/**
 * Prints compiler diagnostics for a Cairo package, with file and line.
 *
 *   pnpm exec tsx scripts/cairo-diagnose.ts <package> [--tests]
 *
 * The native tool prints them itself (`pnpm contracts:build` and `pnpm cairo:test` show them on
 * failure too). Without it: wasm-cairo's contract compiler reports only "Compilation failed.";
 * its plain-program compiler does print diagnostics but has no Starknet plugin, so this runs it
 * on the bundle and hides the errors that only the missing plugin causes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCairoPackage } from './lib/cairoBundle.ts';
import { selectCairoCompiler } from './lib/cairoCompiler.ts';
import { CAIRO_PACKAGES, packageDir } from './lib/contractsLayout.ts';
import { compileNative, testNative } from './lib/nativeCairo.ts';
import { recordedNativeCairo } from './lib/toolchainPaths.ts';
import { loadWasmCairo } from './lib/wasmCairo.ts';

const [name, flag] = process.argv.slice(2);
const pkg = CAIRO_PACKAGES.find((p) => p.name === name);
if (!pkg) {
  console.error(`usage: cairo-diagnose <${CAIRO_PACKAGES.map((p) => p.name).join('|')}> [--tests]`);
  process.exit(2);
}
const includeTests = flag === '--tests';
const compiler = selectCairoCompiler(recordedNativeCairo());
if (compiler.kind === 'native') {
  if (includeTests) {
    const run = testNative(compiler.native, pkg.name, '::no-test-has-this-name');
    console.log(run.error ?? 'the tests compile');
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'cairo-diagnose-'));
    try {
      compileNative(compiler.native, pkg.name, join(dir, 'sierra.json'));
      console.log('no diagnostics');
    } catch (error) {
      console.log((error as Error).message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.exit(0);
}
const source = bundleCairoPackage({
  packageDir: packageDir(pkg.name),
  includeTests,
  dependencies: includeTests
    ? Object.fromEntries(pkg.testDependencies.map((d) => [d, packageDir(d)]))
    : {},
});

const PLUGIN_NOISE = [
  /Plugin diagnostic/,
  /ContractState/,
  /Storage(Map|Pointer)(Read|Write)Access/,
  /Non-phantom type containing phantom type/,
  /Dispatcher/,
  /TEST_CLASS_HASH/,
  /Inline macro `selector` not found/,
  /unused/i,
];

const captured: string[] = [];
const originalLog = console.log;
console.log = (...parts: unknown[]) => captured.push(parts.join(' '));
const result = loadWasmCairo().compileCairoProgram(source, false);
console.log = originalLog;

const lines = source.split('\n');
const blocks = `${captured.join('\n')}\n${result}`.split(/\n(?=(?:error|warning): )/);
let shown = 0;
for (const block of blocks) {
  if (!/^(error|warning): /.test(block.trim())) continue;
  if (PLUGIN_NOISE.some((pattern) => pattern.test(block))) continue;
  const at = /lib\.cairo:(\d+):/.exec(block);
  const lineNo = at ? Number(at[1]) : 0;
  console.log(block.trim());
  if (lineNo) console.log(`   in: ${locate(lineNo)}\n`);
  shown += 1;
}
console.log(shown === 0 ? 'no diagnostics outside the Starknet plugin' : `${shown} diagnostics`);

/** Names the module that a bundle line came from, to map it back to a file. */
function locate(lineNo: number): string {
  const stack: string[] = [];
  for (let i = 0; i < lineNo && i < lines.length; i += 1) {
    const open = /^\s*(?:pub\s+)?mod\s+([a-z0-9_]+)\s*\{\s*$/.exec(lines[i] ?? '');
    if (open) stack.push(open[1]!);
  }
  return `${stack.join('/') || 'lib'} (bundle line ${lineNo})`;
}
