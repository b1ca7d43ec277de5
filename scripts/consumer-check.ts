/**
 * The consumer check: what an npm user installs really works. Packs every publishable workspace
 * package (its prepack builds it), checks each tarball against its manifest, runs publint and
 * attw on it, installs the tarballs with npm into a fresh project outside the workspace, and
 * there: one copy of each package and peer, `import` and `require()` of every export subpath, a
 * consumer file type-checked under moduleResolution node16 and bundler, every browser entry
 * bundled by esbuild for platform=browser, and, on starknet-devnet, the `chipi-contracts declare`
 * command, the `chipi-paymaster` command and the design notes' session examples through ESM. Ends with the release dry runs:
 * `changeset status` and `pnpm publish --dry-run` per package.
 *
 *   pnpm consumer:check               everything (devnet from pnpm toolchain)
 *   pnpm consumer:check --no-devnet   everything but the devnet part
 *   pnpm consumer:check --keep        keep the temporary project and print its path
 */
import {
  type ExecFileSyncOptions,
  execFileSync,
  type SpawnSyncOptions,
  spawn,
  spawnSync,
} from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { startDevnet } from '../integration/src/devnet/startDevnet.ts';
import { REPO_ROOT } from './lib/contractsLayout.ts';
import { type ExportSubpath, exportSubpaths } from './lib/exportSubpaths.ts';
import { exactRanges, type PackedManifest, tarballProblems } from './lib/tarballProblems.ts';
import { publishableProjects } from './lib/workspaceProjects.ts';

/**
 * Entries that load Node-only code (node:http, node:fs, native SQLite) and so are not bundled whole
 * for the browser: subpaths named node/server/facilitator/cli/sqlite/postgres, plus the root
 * entries listed here with the browser-safe exports that are bundled from them instead (Node
 * modules left external, and the bundle must not mention them).
 */
const NODE_ONLY_SUBPATH = /(^|\/)(node|server|facilitator|cli|sqlite|postgres)(\/|$)/;
const NODE_ONLY_ROOTS: Record<string, { reason: string; browserExports: string[] }> = {
  '@chipi-sessions/paymaster': {
    reason: 'a Node HTTP server',
    browserExports: ['PaymasterError', 'PAYMASTER_ERROR_CODES', 'isPaymasterError'],
  },
};
const NODE_MODULES_IN_BROWSER = ['node:*', 'better-sqlite3', 'pg'];
/** attw: `require()` of our ESM is supported on the engines we declare (require(esm)). */
const ATTW_ARGS = ['--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm'];

const { values } = parseArgs({
  options: {
    'no-devnet': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);
/** The environment of a user's shell: without the npm_config_* settings pnpm passes down. */
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)),
);
const failures: string[] = [];
let passed = 0;
const started = Date.now();

interface Packed {
  dir: string;
  name: string;
  tarball: string;
  manifest: PackedManifest & {
    version: string;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };
  subpaths: ExportSubpath[];
}

const work = mkdtempSync(join(tmpdir(), 'chipi-consumer-'));
if (!relative(REPO_ROOT, work).startsWith('..')) throw new Error(`${work} is inside the workspace`);
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
mkdirSync(tarballs);
mkdirSync(app);

try {
  const packed = await section('pack every publishable package (prepack builds it)', pack);
  await section('tarball contents, publint, attw', () => inspect(packed));
  await section('npm install of the tarballs outside the workspace', () => install(packed));
  await section('one copy of each package and peer', () => singleCopies(packed));
  await section('import and require() of every export subpath', () => loadAll(packed));
  await section('type-check a consumer under node16 and bundler', () => typeCheck(packed));
  await section('browser bundles (esbuild, platform=browser)', () => bundleBrowser(packed));
  if (values['no-devnet']) console.log('\n(devnet part skipped: --no-devnet)');
  else await section('on starknet-devnet: commands and session examples', onDevnet);
  await section('release dry runs', () => releaseDryRun(packed));
} finally {
  if (values.keep) console.log(`\nkept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
for (const failure of failures) console.error(`  ✗ ${failure}`);
console.log(`\nconsumer check done in ${seconds}s`);
console.log(`consumer: ${passed} passed, ${failures.length} failed`);
if (failures.length > 0) process.exit(1);

async function section<T>(title: string, run: () => T | Promise<T>): Promise<T> {
  const t0 = Date.now();
  console.log(`\n--- ${title}`);
  const result = await run();
  console.log(`    (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  return result;
}

function check(ok: boolean, what: string, detail = ''): void {
  console.log(`  ${ok ? '✓' : '✗'} ${what}${detail ? ` ${detail}` : ''}`);
  if (ok) passed += 1;
  else failures.push(what);
}

function run(command: string, args: string[], options: ExecFileSyncOptions = {}): string {
  return execFileSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  }) as string;
}

function tryRun(command: string, args: string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  const out = `${result.stdout ?? ''}${result.stderr ?? ''}` || String(result.error ?? '');
  return { ok: result.status === 0, out };
}

function kB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

function pack(): Packed[] {
  const result: Packed[] = [];
  console.log('  package                     packed     unpacked   files');
  // Workspace order packs contracts and core before the packages whose build reads their dist.
  for (const { dir, manifest } of publishableProjects()) {
    const out = run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir });
    const tarball = out
      .trim()
      .split('\n')
      .reverse()
      .find((line) => line.endsWith('.tgz'));
    if (!tarball || !existsSync(tarball))
      throw new Error(`pnpm pack of ${dir} wrote no tarball:\n${out}`);
    const listing = run('tar', ['-tzvf', tarball]).trim().split('\n');
    const unpacked = listing.reduce((sum, line) => sum + Number(line.split(/\s+/)[2] ?? 0), 0);
    const packedManifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json']));
    result.push({
      dir,
      name: manifest.name,
      tarball,
      manifest: packedManifest,
      subpaths: exportSubpaths(manifest.name, packedManifest.exports),
    });
    console.log(
      `  ${manifest.name.padEnd(27)} ${kB(statSync(tarball).size).padStart(9)}  ${kB(unpacked).padStart(9)}  ${String(listing.length).padStart(5)}`,
    );
  }
  return result;
}

async function inspect(packed: Packed[]): Promise<void> {
  const license = readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8');
  for (const p of packed) {
    const paths = run('tar', ['-tzf', p.tarball])
      .trim()
      .split('\n')
      .map((path) => path.replace(/^package\//, ''));
    const problems = tarballProblems(paths, p.manifest);
    if (
      paths.includes('LICENSE') &&
      run('tar', ['-xzOf', p.tarball, 'package/LICENSE']) !== license
    ) {
      problems.push('LICENSE differs from the repository LICENSE');
    }
    check(problems.length === 0, `${p.name}: tarball ships what the manifest promises`);
    for (const problem of problems) console.log(`      ${problem}`);
    for (const pin of exactRanges(p.manifest))
      console.log(`    warning: ${p.name} pins ${pin} exactly`);

    const bytes = readFileSync(p.tarball);
    const lint = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    check(lint.messages.length === 0, `${p.name}: publint`, lint.messages.length ? '' : 'all good');
    for (const message of lint.messages) {
      console.log(`      ${message.type}: ${formatMessage(message, lint.pkg)}`);
    }

    const attw = tryRun(bin('attw'), [p.tarball, ...ATTW_ARGS, '--format', 'ascii']);
    check(attw.ok, `${p.name}: attw ${ATTW_ARGS.join(' ')}`, attw.ok ? 'no problems' : '');
    if (!attw.ok) console.log(attw.out);
  }
}

function install(packed: Packed[]): void {
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: 'chipi-consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  // npm installs required peers by itself; a user of every subpath also adds the optional ones.
  const optionalPeers = packed.flatMap((p) =>
    Object.entries(p.manifest.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional)
      .map(([name]) => `${name}@${p.manifest.peerDependencies?.[name] ?? 'latest'}`),
  );
  const args = [
    'install',
    ...packed.map((p) => p.tarball),
    ...optionalPeers,
    '@types/node@^20.19.0',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--loglevel=error',
    // Install scripts are replayed below: compiling better-sqlite3 again takes minutes.
    '--ignore-scripts',
  ];
  console.log(`  npm ${args.map((a) => (a.startsWith('/') ? basename(a) : a)).join(' ')}`);
  run('npm', args, { cwd: app, env: userEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  for (const dir of installedPackageDirs(join(app, 'node_modules'))) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const scripts = manifest.scripts ?? {};
    if (!scripts.install && !scripts.postinstall && !scripts.preinstall) continue;
    const built = join(
      REPO_ROOT,
      'node_modules',
      '.pnpm',
      `${manifest.name.replace('/', '+')}@${manifest.version}`,
      'node_modules',
      manifest.name,
      'build',
    );
    if (existsSync(built)) {
      copyTree(built, join(dir, 'build'));
      console.log(`  ${manifest.name}@${manifest.version}: native build reused from the workspace`);
    } else {
      run('npm', ['rebuild', manifest.name], { cwd: app, env: userEnv, stdio: 'inherit' });
      console.log(`  ${manifest.name}@${manifest.version}: install script run`);
    }
  }
}

function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) copyTree(join(from, entry.name), join(to, entry.name));
    else if (entry.name.endsWith('.node'))
      copyFileSync(join(from, entry.name), join(to, entry.name));
  }
}

function installedPackageDirs(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  const dirs: string[] = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const path = join(nodeModules, entry);
    if (entry.startsWith('@')) {
      for (const scoped of readdirSync(path)) dirs.push(join(path, scoped));
    } else {
      dirs.push(path);
    }
  }
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .flatMap((dir) => [dir, ...installedPackageDirs(join(dir, 'node_modules'))]);
}

function singleCopies(packed: Packed[]): void {
  const names = new Set(packed.map((p) => p.name));
  for (const p of packed)
    for (const peer of Object.keys(p.manifest.peerDependencies ?? {})) names.add(peer);
  const copies = new Map<string, string[]>();
  for (const dir of installedPackageDirs(join(app, 'node_modules'))) {
    const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (names.has(name))
      copies.set(name, [...(copies.get(name) ?? []), `${version} at ${relative(app, dir)}`]);
  }
  for (const name of [...names].sort()) {
    const found = copies.get(name) ?? [];
    check(found.length === 1, `${name}: one installed copy`, found.join(', '));
  }
}

function loadAll(packed: Packed[]): void {
  const modules = packed.flatMap((p) => p.subpaths.filter((s) => !s.wildcard && !s.json));
  const jsonFiles = packed.flatMap((p) =>
    p.subpaths
      .filter((s) => s.wildcard)
      .flatMap((s) => expandWildcard(p, s).filter((specifier) => specifier.endsWith('.json'))),
  );
  const script = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const modules = ${JSON.stringify(modules.map((s) => ({ specifier: s.specifier, requirable: s.requirable })))};
const jsonFiles = ${JSON.stringify(jsonFiles)};
const results = [];
for (const { specifier, requirable } of modules) {
  const esm = await import(specifier);
  const names = Object.keys(esm);
  results.push({ what: 'import ' + specifier, ok: names.length > 0, detail: names.length + ' exports' });
  if (!requirable) {
    results.push({ what: 'require ' + specifier, ok: true, detail: 'not promised (import-only exports entry), skipped' });
    continue;
  }
  try {
    const cjs = require(specifier);
    const same = names.every((name) => cjs[name] === esm[name]);
    results.push({ what: 'require ' + specifier, ok: same, detail: same ? 'same module as import' : 'differs from import' });
  } catch (error) {
    results.push({ what: 'require ' + specifier, ok: false, detail: error.code + ': ' + error.message.split('\\n')[0] });
  }
}
for (const specifier of jsonFiles) {
  const data = require(specifier);
  const viaImport = (await import(specifier, { with: { type: 'json' } })).default;
  const ok = typeof data === 'object' && JSON.stringify(data) === JSON.stringify(viaImport);
  results.push({ what: 'require and import ' + specifier, ok, detail: '' });
}
const sdk = await import('@chipi-sessions/sdk');
const core = require('@chipi-sessions/core');
results.push({ what: 'ChipiSessionError of sdk (import) is core\\'s (require)', ok: sdk.ChipiSessionError === core.ChipiSessionError, detail: '' });
console.log(JSON.stringify(results));
`;
  writeFileSync(join(app, 'load-all.mjs'), script);
  const out = run('node', ['load-all.mjs'], { cwd: app });
  const results = JSON.parse(out.trim().split('\n').pop()!) as {
    what: string;
    ok: boolean;
    detail: string;
  }[];
  for (const r of results) check(r.ok, r.what, r.detail ? `(${r.detail})` : '');
}

function expandWildcard(p: Packed, subpath: ExportSubpath): string[] {
  const target = subpath.targets[0]!.replace(/^\.\//, '');
  const [prefix, suffix] = target.split('*') as [string, string];
  const dir = join(app, 'node_modules', p.name, prefix);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(suffix))
    .map((file) => subpath.specifier.replace('*', file.slice(0, file.length - suffix.length)));
}

function typeCheck(packed: Packed[]): void {
  const modules = packed.flatMap((p) => p.subpaths.filter((s) => !s.wildcard && !s.json));
  const imports = modules.map((s, i) => `import * as m${i} from '${s.specifier}';`).join('\n');
  writeFileSync(
    join(app, 'consumer.ts'),
    `${imports}\n\nexport const modules = [${modules.map((_, i) => `m${i}`).join(', ')}];\n`,
  );
  copyFileSync(join(REPO_ROOT, 'scripts', 'consumer', 'typedUsage.ts'), join(app, 'typedUsage.ts'));
  const base = {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: false,
    types: ['node'],
  };
  const configs = {
    node16: { module: 'node16', moduleResolution: 'node16' },
    bundler: { module: 'esnext', moduleResolution: 'bundler' },
  };
  for (const [label, options] of Object.entries(configs)) {
    const config = join(app, `tsconfig.${label}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: { ...base, ...options },
        files: ['consumer.ts', 'typedUsage.ts'],
      }),
    );
    // skipLibCheck is off so our declarations are checked; errors inside other packages'
    // declarations (starknet.js's own under exactOptionalPropertyTypes) are counted, not ours.
    const result = tryRun(bin('tsc'), ['-p', config], { cwd: app });
    const errorFiles = [...result.out.matchAll(/^(\S+?)\(\d+,\d+\): error/gm)].map((m) => m[1]!);
    const ours = errorFiles.filter(
      (file) =>
        !file.startsWith('node_modules/') || file.startsWith('node_modules/@chipi-sessions/'),
    );
    const foreign = [...new Set(errorFiles.filter((file) => !ours.includes(file)))];
    check(
      result.ok || (errorFiles.length > 0 && ours.length === 0),
      `tsc moduleResolution ${label} (strict, skipLibCheck false): no error in our packages or the consumer`,
      `(${modules.length} entries + typedUsage.ts)`,
    );
    if (foreign.length > 0) {
      console.log(
        `      ${errorFiles.length - ours.length} error(s) inside other packages' declarations: ${foreign.join(', ')}`,
      );
    }
    if (ours.length > 0 || (!result.ok && errorFiles.length === 0)) {
      console.log(result.out.split('\n').slice(0, 40).join('\n'));
    }
  }
}

async function bundleBrowser(packed: Packed[]): Promise<void> {
  for (const p of packed) {
    for (const s of p.subpaths.filter((entry) => !entry.wildcard && !entry.json)) {
      const root = s.subpath === '.' ? NODE_ONLY_ROOTS[p.name] : undefined;
      if (root !== undefined) {
        console.log(`  - ${s.specifier}: not bundled whole (${root.reason})`);
        const names = root.browserExports.join(', ');
        await bundle(
          `{ ${names} } from ${s.specifier}`,
          `export { ${names} } from '${s.specifier}';`,
          true,
        );
      } else if (NODE_ONLY_SUBPATH.test(s.subpath)) {
        console.log(`  - ${s.specifier}: not bundled (Node-only subpath)`);
      } else {
        await bundle(s.specifier, `export * from '${s.specifier}';`, false);
      }
    }
  }
}

async function bundle(label: string, contents: string, nodeExternal: boolean): Promise<void> {
  try {
    const result = await build({
      stdin: { contents, resolveDir: app, loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      logLevel: 'silent',
      external: nodeExternal ? NODE_MODULES_IN_BROWSER : [],
    });
    const code = result.outputFiles[0]!.contents;
    const text = new TextDecoder().decode(code);
    const leaked = NODE_MODULES_IN_BROWSER.filter((name) =>
      name.endsWith('*') ? text.includes(`"${name.slice(0, -1)}`) : text.includes(`"${name}"`),
    );
    check(
      leaked.length === 0,
      label,
      leaked.length > 0
        ? `pulls in ${leaked.join(', ')}`
        : `${kB(code.length)} min, ${kB(gzipSync(code).length)} gzip`,
    );
  } catch (error) {
    const errors = (error as { errors?: { text: string }[] }).errors ?? [];
    check(false, `${label} bundles for the browser`);
    for (const e of errors.slice(0, 10)) console.log(`      ${e.text}`);
  }
}

async function onDevnet(): Promise<void> {
  const devnet = await startDevnet();
  try {
    const [deployer, payee] = await devnet.cheats.getPredeployedAccounts();
    const rpc = `${devnet.url}/rpc`;
    const { contractsManifest } = (await import(
      join(app, 'node_modules', '@chipi-sessions', 'contracts', 'dist', 'index.js')
    )) as { contractsManifest: { account: { classHash: string } } };
    const declare = [
      '--no-install',
      'chipi-contracts',
      'declare',
      '--rpc',
      rpc,
      '--account',
      deployer!.address,
    ];
    const first = spawnSync('npx', [...declare, '--private-key', deployer!.private_key], {
      cwd: app,
      env: userEnv,
      encoding: 'utf8',
    });
    console.log(`      ${first.stderr.trim()}`);
    check(
      first.status === 0 && first.stdout.trim() === contractsManifest.account.classHash,
      'npx chipi-contracts declare: declares the account class and prints its hash',
      first.stdout.trim(),
    );
    const again = spawnSync('npx', declare, {
      cwd: app,
      encoding: 'utf8',
      env: { ...userEnv, STARKNET_PRIVATE_KEY: deployer!.private_key },
    });
    console.log(`      ${again.stderr.trim()}`);
    check(
      again.status === 0 &&
        again.stdout.trim() === contractsManifest.account.classHash &&
        again.stderr.includes('already declared, nothing sent'),
      'npx chipi-contracts declare again (key from STARKNET_PRIVATE_KEY): nothing sent',
    );
    await paymasterCommand(rpc);
    copyFileSync(
      join(REPO_ROOT, 'scripts', 'consumer', 'seedSessions.mjs'),
      join(app, 'seedSessions.mjs'),
    );
    const seeds = tryRun('node', ['seedSessions.mjs', rpc, payee!.address], {
      cwd: app,
      env: userEnv,
    });
    console.log(seeds.out.replace(/^/gm, '      ').trimEnd());
    check(seeds.ok, 'design-notes session examples (ESM, installed tarballs, devnet)');
  } finally {
    await devnet.stop();
  }
}

/** `chipi-paymaster` from the installed tarball, configured by the environment, answers. */
async function paymasterCommand(rpc: string): Promise<void> {
  const devnetAccounts = await fetch(rpc, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'devnet_getPredeployedAccounts' }),
  }).then((r) => r.json() as Promise<{ result: { address: string; private_key: string }[] }>);
  const relayer = devnetAccounts.result[2]!;
  // The installed bin link itself (not through npx, so that killing it stops the server).
  const child = spawn(join(app, 'node_modules', '.bin', 'chipi-paymaster'), [], {
    cwd: app,
    env: {
      ...userEnv,
      PAYMASTER_RPC_URL: rpc,
      PAYMASTER_PORT: '0',
      PAYMASTER_RELAYER_ADDRESS: relayer.address,
      PAYMASTER_RELAYER_PRIVATE_KEY: relayer.private_key,
      PAYMASTER_API_KEY: 'consumer-check-key',
      PAYMASTER_API_KEY_BUDGET_FRI: '1000000000000000000',
      PAYMASTER_SQLITE: join(app, 'paymaster.sqlite'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer in 30 s')), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1] as string);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'paymaster_isAvailable' }),
    }).then((r) => r.json() as Promise<{ result?: unknown }>);
    check(answer.result === true, 'chipi-paymaster: starts from the environment and answers');
  } catch (error) {
    check(false, 'chipi-paymaster: starts from the environment and answers', `${error} ${output}`);
  } finally {
    child.kill('SIGTERM');
  }
}

function releaseDryRun(packed: Packed[]): void {
  const status = tryRun('pnpm', ['changeset', 'status'], { cwd: REPO_ROOT });
  console.log(status.out.replace(/^/gm, '      ').trimEnd());
  check(status.ok, 'changeset status');
  for (const p of packed) {
    // dist was just built by the pack above; the dry run checks what publish would send.
    const publish = tryRun(
      'pnpm',
      ['publish', '--dry-run', '--no-git-checks', '--ignore-scripts', '--access', 'public'],
      { cwd: p.dir },
    );
    const size = /unpacked size:\s*([\d.]+ \w+)/i.exec(publish.out)?.[1];
    check(
      publish.ok,
      `pnpm publish --dry-run ${p.name}@${p.manifest.version}`,
      size ? `(${size} unpacked)` : '',
    );
    if (!publish.ok) console.log(publish.out);
  }
}
