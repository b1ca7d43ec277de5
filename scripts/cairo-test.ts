/**
 * Runs the Cairo tests of every Scarb package under contracts/ and names each failing test.
 *
 *   pnpm cairo:test [--package account] [--filter substring]
 *
 * With scarb on PATH it runs `scarb test`; otherwise it bundles each package into one source and
 * runs it through wasm-cairo (Cairo 2.8.2, starknet test runner). wasm-cairo reports only counts,
 * so on failure each test is re-run alone to find the failing names.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { bundleCairoPackage } from './lib/cairoBundle.ts';
import { listCairoTests } from './lib/cairoTestNames.ts';
import { CAIRO_PACKAGES, commandExists, packageDir } from './lib/contractsLayout.ts';
import { loadWasmCairo } from './lib/wasmCairo.ts';

interface Counts {
  passed: number;
  failed: number;
  ignored: number;
}

const { values } = parseArgs({
  options: {
    package: { type: 'string' },
    filter: { type: 'string', default: '' },
  },
});

const selected = CAIRO_PACKAGES.filter((p) => !values.package || p.name === values.package);
if (selected.length === 0) fail(`no Cairo package named ${values.package}`);

let totalPassed = 0;
let totalFailed = 0;
const failures: string[] = [];
const useScarb = commandExists('scarb');

for (const pkg of selected) {
  const started = Date.now();
  if (useScarb) {
    execFileSync('scarb', ['test', ...(values.filter ? ['--filter', values.filter] : [])], {
      cwd: packageDir(pkg.name),
      stdio: 'inherit',
    });
    continue;
  }
  const source = bundleCairoPackage({
    packageDir: packageDir(pkg.name),
    includeTests: true,
    dependencies: Object.fromEntries(pkg.testDependencies.map((d) => [d, packageDir(d)])),
  });
  const counts = run(source, values.filter ?? '');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `${pkg.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.ignored} ignored (${seconds}s)`,
  );
  totalPassed += counts.passed;
  totalFailed += counts.failed;
  if (counts.failed > 0) {
    const names = listCairoTests(`${packageDir(pkg.name)}/src`).filter((n) =>
      n.includes(values.filter ?? ''),
    );
    for (const name of names) {
      const single = run(source, `::${name}`);
      if (single.failed > 0) {
        failures.push(`${pkg.name}::${name}`);
        console.log(`  FAILED ${pkg.name}::${name}`);
      }
    }
  }
}

if (!useScarb) {
  console.log(`cairo: ${totalPassed} passed, ${totalFailed} failed`);
  if (totalFailed > 0 || (totalPassed === 0 && !values.filter)) {
    if (failures.length === 0 && totalFailed > 0) console.log('  (could not isolate the names)');
    process.exit(1);
  }
}

function run(source: string, filter: string): Counts {
  const out = loadWasmCairo().runTests(source, true, filter, false, false, true, '', false, false);
  const match = /test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored/.exec(out);
  if (!match) {
    fail(
      `Cairo compilation failed (wasm-cairo gives no diagnostics; run scarb build where available or bisect the last change):\n${out.slice(0, 2000)}`,
    );
  }
  return { passed: Number(match[1]), failed: Number(match[2]), ignored: Number(match[3]) };
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
