/**
 * Prints compiler diagnostics for a Cairo package. wasm-cairo's contract compiler reports only
 * "Compilation failed."; its plain-program compiler does print diagnostics but has no Starknet
 * plugin, so this runs it on the bundle and hides the errors that only the missing plugin causes.
 *
 *   pnpm exec tsx scripts/cairo-diagnose.ts <package> [--tests]
 */
import { bundleCairoPackage } from './lib/cairoBundle.ts';
import { CAIRO_PACKAGES, packageDir } from './lib/contractsLayout.ts';
import { loadWasmCairo } from './lib/wasmCairo.ts';

const [name, flag] = process.argv.slice(2);
const pkg = CAIRO_PACKAGES.find((p) => p.name === name);
if (!pkg) {
  console.error(`usage: cairo-diagnose <${CAIRO_PACKAGES.map((p) => p.name).join('|')}> [--tests]`);
  process.exit(2);
}
const includeTests = flag === '--tests';
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
