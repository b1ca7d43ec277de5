import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCairoPackage, isTestModule } from './cairoBundle.ts';
import { listCairoTests } from './cairoTestNames.ts';
import { CAIRO_PACKAGES, packageDir } from './contractsLayout.ts';
import { keepOnlyCairoTests } from './keepOnlyCairoTests.ts';
import { loadWasmCairo } from './wasmCairo.ts';

/**
 * The Cairo tests through wasm-cairo, the fallback when the native tool is not built. One test
 * file per child process (two at a time): a wasm instance never frees its memory, so one process
 * per file keeps every run inside wasm32's 4 GiB. wasm-cairo reports only counts; when a file has
 * failures, each of its tests is re-run alone to find the failing names. When the runner cannot
 * load a file's whole program (wasm-cairo fails with "Memory loading failed" on some large test
 * programs), the file is split in halves, each compiled with only its own tests, until every
 * part runs.
 */
export interface WasmTestOptions {
  packages: string[];
  module: string | undefined;
  filter: string;
}

interface Counts {
  passed: number;
  failed: number;
  ignored: number;
}

export interface Unit {
  pkg: string;
  module: string | undefined;
  /** Short names of the tests compiled in this run; all of the file's when absent. */
  tests?: string[];
}

export interface FileResult extends Counts {
  unit: string;
  failures: string[];
  seconds: number;
  error?: string;
}

const WORKERS = 2;
/**
 * A file that runs longer than this is stopped and reported: the wasm runner can spin without end
 * (seen on a test calling an address where nothing is deployed), which would otherwise hang the
 * whole suite. The slowest file takes under three minutes on two busy cores.
 */
const UNIT_TIMEOUT_SECONDS = Number(process.env.CAIRO_TEST_FILE_TIMEOUT ?? 1200);

export async function runWasmCairoTests(options: WasmTestOptions): Promise<boolean> {
  const { filter } = options;
  const units: Unit[] = options.packages.flatMap((pkg) =>
    testModulesOf(pkg)
      .filter((m) => !options.module || m === options.module)
      .map((module) => ({ pkg, module })),
  );
  const results: FileResult[] = [];
  const queue = [...units];
  let active = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (;;) {
        const unit = queue.shift();
        if (!unit) {
          // A running unit may still be split into parts that need a worker.
          if (active === 0) return;
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        active += 1;
        const result = await runWorker(unit, filter);
        active -= 1;
        const parts = result.error && isProgramLoadFailure(result.error) ? halves(unit) : [];
        if (parts.length > 0) {
          console.log(`${result.unit}: program too large for one run, split in ${parts.length}`);
          queue.push(...parts);
          continue;
        }
        results.push(result);
        const status = result.error
          ? `ERROR ${result.error}`
          : `${result.passed} passed, ${result.failed} failed`;
        console.log(`${result.unit}: ${status} (${result.seconds.toFixed(1)}s)`);
        for (const name of result.failures) console.log(`  FAILED ${name}`);
      }
    }),
  );
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const broken = results.filter((r) => r.error);
  console.log(`cairo: ${passed} passed, ${failed} failed`);
  return !(failed > 0 || broken.length > 0 || (passed === 0 && !filter));
}

/** The test files of a package: `tests::test_*` modules, or the whole package if it has none. */
function testModulesOf(pkg: string): (string | undefined)[] {
  const testsFile = join(packageDir(pkg), 'src', 'tests.cairo');
  let text = '';
  try {
    text = readFileSync(testsFile, 'utf8');
  } catch {
    return [undefined];
  }
  const modules = [...text.matchAll(/^\s*(?:pub\s+)?mod\s+([a-z0-9_]+)\s*;/gm)]
    .map((m) => m[1]!)
    .filter(isTestModule);
  return modules.length > 0 ? modules : [undefined];
}

function isProgramLoadFailure(error: string): boolean {
  return /Memory loading failed|Vector capacity exceeded/.test(error);
}

/** The unit's tests in two parts, or none when it cannot be split further. */
function halves(unit: Unit): Unit[] {
  const tests = unit.tests ?? testNamesOf(unit.pkg, unit.module);
  if (tests.length < 2) return [];
  const middle = Math.ceil(tests.length / 2);
  return [tests.slice(0, middle), tests.slice(middle)].map((part) => ({ ...unit, tests: part }));
}

function testNamesOf(pkg: string, module: string | undefined): string[] {
  const prefix = module ? `tests::${module}::` : '';
  return listCairoTests(join(packageDir(pkg), 'src'))
    .filter((name) => name.startsWith(prefix))
    .map((name) => name.split('::').pop()!);
}

function unitName(unit: Unit): string {
  const base = unit.module ? `${unit.pkg}::tests::${unit.module}` : unit.pkg;
  return unit.tests ? `${base} [${unit.tests[0]} +${unit.tests.length - 1}]` : base;
}

function runWorker(target: Unit, filter: string): Promise<FileResult> {
  const { pkg, module } = target;
  const unit = unitName(target);
  const args = [
    'tsx',
    join(import.meta.dirname, '..', 'cairo-test.ts'),
    '--worker',
    '--package',
    pkg,
  ];
  if (module) args.push('--module', module);
  if (target.tests) args.push('--tests', target.tests.join(','));
  if (filter) args.push('--filter', filter);
  return new Promise((resolve) => {
    const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The worker runs under npx and tsx: stop its whole process group.
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, UNIT_TIMEOUT_SECONDS * 1000);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        resolve({
          ...emptyResult(unit),
          seconds: UNIT_TIMEOUT_SECONDS,
          error: `no result after ${UNIT_TIMEOUT_SECONDS}s (CAIRO_TEST_FILE_TIMEOUT), stopped`,
        });
        return;
      }
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as FileResult);
      } catch {
        const reason = `${line} ${err}`
          .replace(/npm warn[^\n]*\n?/g, '')
          .trim()
          .slice(0, 400);
        resolve({ ...emptyResult(unit), error: `exit ${code}: ${reason}` });
      }
    });
  });
}

function emptyResult(unit: string): FileResult {
  return { unit, passed: 0, failed: 0, ignored: 0, failures: [], seconds: 0 };
}

/** Runs one unit in this process (the `--worker` side). */
export function runWasmUnit(target: Unit, filter: string): FileResult {
  const { pkg, module } = target;
  const started = Date.now();
  const unit = unitName(target);
  const info = CAIRO_PACKAGES.find((p) => p.name === pkg)!;
  const bundle = bundleCairoPackage({
    packageDir: packageDir(pkg),
    includeTests: true,
    dependencies: Object.fromEntries(info.testDependencies.map((d) => [d, packageDir(d)])),
    ...(module ? { onlyTestModule: module } : {}),
  });
  const source = target.tests ? keepOnlyCairoTests(bundle, new Set(target.tests)) : bundle;
  const silence = console.log;
  console.log = () => {};
  try {
    const counts = run(source, filter);
    if ('error' in counts) return { ...emptyResult(unit), error: counts.error };
    const failures: string[] = [];
    if (counts.failed > 0) {
      const prefix = module ? `tests::${module}::` : '';
      const compiled = target.tests ? new Set(target.tests) : undefined;
      for (const name of listCairoTests(join(packageDir(pkg), 'src')).filter(
        (n) =>
          n.startsWith(prefix) &&
          n.includes(filter) &&
          (!compiled || compiled.has(n.split('::').pop()!)),
      )) {
        const single = run(source, `::${name}`);
        if (!('error' in single) && single.failed > 0) failures.push(`${pkg}::${name}`);
      }
    }
    return { unit, ...counts, failures, seconds: (Date.now() - started) / 1000 };
  } finally {
    console.log = silence;
  }
}

function run(source: string, testFilter: string): Counts | { error: string } {
  const out = loadWasmCairo().runTests(
    source,
    true,
    testFilter,
    false,
    false,
    true,
    '',
    false,
    false,
  );
  const match = /test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored/.exec(out);
  if (!match) {
    return {
      error: `compilation failed (no diagnostics from wasm-cairo; try \`pnpm exec tsx scripts/cairo-diagnose.ts <package> --tests\`): ${out.slice(0, 200)}`,
    };
  }
  return { passed: Number(match[1]), failed: Number(match[2]), ignored: Number(match[3]) };
}
