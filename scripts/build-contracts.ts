/**
 * Compiles every Cairo package in contracts/ to Sierra (Cairo 2.8.2: chipi-cairo, the native tool
 * that scripts/toolchain.sh builds on the published cairo-lang 2.8.2 crates; or wasm-cairo when
 * that is missing or `CHIPI_CAIRO_COMPILER=wasm`) and CASM (universal-sierra-compiler 2.8.0, the
 * compiler devnet 0.8.2 uses), and writes contracts/artifacts/<package>.{sierra,casm,abi}.json
 * plus contracts/src/manifest.ts (class hash, compiled class hash, source hash). Results are
 * cached by source hash outside the repository.
 *
 *   pnpm contracts:build            rebuild what changed
 *   pnpm contracts:check            fail when committed artifacts differ from what sources produce
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hash } from 'starknet';
import { bundleCairoPackage } from './lib/cairoBundle.ts';
import { selectCairoCompiler } from './lib/cairoCompiler.ts';
import { canonicalAbi } from './lib/canonicalAbi.ts';
import { ARTIFACTS_DIR, CAIRO_PACKAGES, CONTRACTS_DIR, packageDir } from './lib/contractsLayout.ts';
import { compileNative } from './lib/nativeCairo.ts';
import { CACHE_DIR, ensureToolchain } from './lib/toolchainPaths.ts';
import { loadWasmCairo, WASM_CAIRO_VERSION } from './lib/wasmCairo.ts';

const USC_VERSION = '2.8.0';

interface Built {
  name: string;
  contract: string;
  sourceHash: string;
  sierra: string;
  casm: string;
  abi: string;
  classHash: string;
  compiledClassHash: string;
}

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const toolchain = ensureToolchain();
const compiler = selectCairoCompiler(toolchain.native);
/**
 * The committed classes come from chipi-cairo. wasm-cairo is built from a fork of the compiler's
 * main branch taken just after the 2.8.2 release (56 commits ahead of it), so its programs differ
 * and its classes have other hashes: a check can only pass with the compiler that wrote them.
 */
const SIERRA_COMPILER =
  compiler.kind === 'native'
    ? 'cairo-lang 2.8.2 (chipi-cairo)'
    : `wasm-cairo ${WASM_CAIRO_VERSION}`;
if (compiler.kind === 'wasm')
  console.warn(
    'contracts: compiling with wasm-cairo; its classes differ from the committed ones (built by chipi-cairo, see docs/toolchain.md)',
  );
const built = CAIRO_PACKAGES.map((pkg) => build(pkg.name, pkg.contract));
const files = new Map<string, string>();
for (const b of built) {
  files.set(join(ARTIFACTS_DIR, `${b.name}.sierra.json`), b.sierra);
  files.set(join(ARTIFACTS_DIR, `${b.name}.casm.json`), b.casm);
  files.set(join(ARTIFACTS_DIR, `${b.name}.abi.json`), b.abi);
}
files.set(join(CONTRACTS_DIR, 'src', 'manifest.ts'), manifestSource(built));

if (values.check) {
  const stale = [...files].filter(
    ([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text,
  );
  if (stale.length > 0) {
    console.error(`contracts: committed artifacts are stale (run pnpm contracts:build):`);
    for (const [path] of stale) console.error(`  ${path}`);
    process.exit(1);
  }
  console.log(`contracts: artifacts match the sources (${built.length} contracts)`);
} else {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const [path, text] of files) writeFileSync(path, text);
  for (const b of built) console.log(`contracts: ${b.name} class ${b.classHash}`);
}

function build(name: string, contract: string): Built {
  const source = bundleCairoPackage({ packageDir: packageDir(name), includeTests: false });
  const sourceHash = sha256(`${SIERRA_COMPILER}\n${USC_VERSION}\n${contract}\n${source}`);
  const cacheDir = join(
    CACHE_DIR,
    'contracts',
    compiler.kind,
    `${name}-${sourceHash.slice(0, 16)}`,
  );
  const sierraPath = join(cacheDir, 'sierra.json');
  const casmPath = join(cacheDir, 'casm.json');
  if (!existsSync(casmPath)) {
    // Build in a private folder, then rename: concurrent builds never see half-written files.
    const workDir = `${cacheDir}.tmp-${process.pid}`;
    mkdirSync(workDir, { recursive: true });
    const started = Date.now();
    console.log(`contracts: compiling ${name} (${SIERRA_COMPILER})...`);
    const fixedPath = join(workDir, 'sierra.json');
    if (compiler.kind === 'native') {
      compileNative(compiler.native, name, fixedPath);
    } else {
      const rawPath = join(workDir, 'sierra.wasm32.json');
      writeFileSync(rawPath, compileSierraWasm(name, source));
      // wasm-cairo's compressed program encodes fallthrough branches with a 32-bit usize::MAX.
      execFileSync(toolchain.sierraFix, [rawPath, fixedPath], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
    execFileSync(
      toolchain.usc,
      ['compile-contract', '--sierra-path', fixedPath, '--output-path', join(workDir, 'casm.json')],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    rmSync(cacheDir, { recursive: true, force: true });
    renameSync(workDir, cacheDir);
    console.log(`contracts: ${name} compiled in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
  const sierraJson = JSON.parse(readFileSync(sierraPath, 'utf8'));
  sierraJson.abi = canonicalAbi(sierraJson.abi);
  const casmJson = JSON.parse(readFileSync(casmPath, 'utf8'));
  return {
    name,
    contract,
    sourceHash,
    sierra: `${JSON.stringify(sierraJson)}\n`,
    casm: `${JSON.stringify(casmJson)}\n`,
    abi: `${JSON.stringify(sierraJson.abi, null, 2)}\n`,
    classHash: hash.computeContractClassHash(sierraJson),
    compiledClassHash: hash.computeCompiledClassHashBlake(casmJson),
  };
}

function compileSierraWasm(name: string, source: string): string {
  const out = loadWasmCairo().compileStarknetContract(source, true, false);
  if (!out.trimStart().startsWith('{')) {
    throw new Error(
      `Cairo compilation of ${name} failed: ${out.slice(0, 500)}\n(run \`pnpm exec tsx scripts/cairo-diagnose.ts ${name}\` for diagnostics)`,
    );
  }
  return out;
}

function manifestSource(items: Built[]): string {
  const entries = items
    .map(
      (b) => `  ${b.name}: {
    contract: '${b.contract}',
    classHash: '${b.classHash}',
    compiledClassHash: '${b.compiledClassHash}',
    sourceHash: '${b.sourceHash}',
  },`,
    )
    .join('\n');
  return `// Generated by scripts/build-contracts.ts. Do not edit.
// Compiled with ${SIERRA_COMPILER} (Sierra) and universal-sierra-compiler ${USC_VERSION} (CASM).
export const contractsManifest = {
${entries}
} as const;

export type ContractName = keyof typeof contractsManifest;
`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
