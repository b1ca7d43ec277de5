/**
 * Runs the Cairo tests of every Scarb package under contracts/ and names each failing test with
 * its panic data.
 *
 *   pnpm cairo:test [--package account] [--filter substring] [--module test_file] [--resources]
 *
 * With scarb on PATH it runs `scarb test`. Otherwise it uses the native Cairo 2.8.2 tool that
 * scripts/toolchain.sh builds (one compile and one parallel run per package), or, when that is
 * missing or `CHIPI_CAIRO_COMPILER=wasm`, wasm-cairo (scripts/lib/wasmCairoTests.ts).
 * `--module` narrows a run to one `tests::<module>` file. `--resources` (native tool only) prints
 * each test's Cairo steps, builtins and syscalls: what a change costs, before a devnet run.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { selectCairoCompiler } from './lib/cairoCompiler.ts';
import { CAIRO_PACKAGES, commandExists, packageDir } from './lib/contractsLayout.ts';
import { testNative } from './lib/nativeCairo.ts';
import { recordedNativeCairo } from './lib/toolchainPaths.ts';
import { runWasmCairoTests, runWasmUnit, type Unit } from './lib/wasmCairoTests.ts';

const { values } = parseArgs({
  options: {
    package: { type: 'string' },
    module: { type: 'string' },
    filter: { type: 'string', default: '' },
    resources: { type: 'boolean', default: false },
    worker: { type: 'boolean', default: false },
    tests: { type: 'string' },
  },
});
const filter = values.filter ?? '';

if (values.worker) {
  const tests = values.tests?.split(',').filter(Boolean);
  const unit: Unit = { pkg: values.package!, module: values.module, ...(tests ? { tests } : {}) };
  process.stdout.write(`${JSON.stringify(runWasmUnit(unit, filter))}\n`);
} else {
  process.exit((await main()) ? 0 : 1);
}

async function main(): Promise<boolean> {
  const selected = CAIRO_PACKAGES.filter((p) => !values.package || p.name === values.package);
  if (selected.length === 0) {
    console.error(`no Cairo package named ${values.package}`);
    return false;
  }
  if (commandExists('scarb')) {
    for (const pkg of selected) {
      execFileSync('scarb', ['test', ...(filter ? ['--filter', filter] : [])], {
        cwd: packageDir(pkg.name),
        stdio: 'inherit',
      });
    }
    return true;
  }
  const compiler = selectCairoCompiler(recordedNativeCairo());
  if (compiler.kind === 'wasm') {
    console.log('cairo: native tool not built, running the tests through wasm-cairo');
    return runWasmCairoTests({
      packages: selected.map((p) => p.name),
      module: values.module,
      filter,
    });
  }
  const pathFilter = values.module ? `::tests::${values.module}::${filter}` : filter;
  let passed = 0;
  let failed = 0;
  let broken = 0;
  for (const pkg of selected) {
    const started = Date.now();
    const run = testNative(compiler.native, pkg.name, pathFilter, values.resources);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (run.error !== undefined) {
      broken += 1;
      console.log(`${pkg.name}: the tests did not compile (${seconds}s)\n${run.error}`);
      continue;
    }
    passed += run.passed;
    failed += run.failed;
    if (values.resources) console.log(run.output);
    console.log(`${pkg.name}: ${run.passed} passed, ${run.failed} failed (${seconds}s)`);
    for (const failure of run.failures) console.log(`  FAILED ${failure}`);
  }
  console.log(`cairo: ${passed} passed, ${failed} failed`);
  return (
    failed === 0 && broken === 0 && (passed > 0 || filter !== '' || values.module !== undefined)
  );
}
