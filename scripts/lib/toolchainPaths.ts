import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './contractsLayout.ts';

export const CACHE_DIR = process.env.CHIPI_CACHE_DIR ?? join(homedir(), '.cache', 'chipi-sessions');

export interface ToolchainPaths {
  devnet: string;
  usc: string;
  sierraFix: string;
  /** The native Cairo compiler and test runner, with the corelib it reads. */
  native?: NativeCairo;
}

export interface NativeCairo {
  binary: string;
  corelib: string;
}

/**
 * Runs scripts/toolchain.sh (idempotent: a warm run only checks versions) and returns the paths
 * it resolved.
 */
export function ensureToolchain(): ToolchainPaths {
  execFileSync('bash', [join(REPO_ROOT, 'scripts', 'toolchain.sh')], { stdio: 'inherit' });
  const entries = recordedToolchain();
  const devnet = entries.STARKNET_DEVNET_PATH;
  const usc = entries.USC_PATH;
  const sierraFix = entries.SIERRA_FIX_PATH;
  if (!devnet || !usc || !sierraFix)
    throw new Error(`${toolchainEnvFile()} is incomplete; re-run scripts/toolchain.sh`);
  const native = nativeFrom(entries);
  return { devnet, usc, sierraFix, ...(native ? { native } : {}) };
}

/**
 * The native Cairo tool recorded by scripts/toolchain.sh, without running it (the Cairo test
 * runner needs neither devnet nor usc). Undefined when it was not built.
 */
export function recordedNativeCairo(): NativeCairo | undefined {
  return nativeFrom(recordedToolchain());
}

function nativeFrom(entries: Record<string, string>): NativeCairo | undefined {
  const binary = entries.CHIPI_CAIRO_PATH;
  const corelib = entries.CAIRO_CORELIB_PATH;
  if (!binary || !corelib || !existsSync(binary) || !existsSync(join(corelib, 'lib.cairo')))
    return undefined;
  return { binary, corelib };
}

function toolchainEnvFile(): string {
  return join(CACHE_DIR, 'toolchain.env');
}

function recordedToolchain(): Record<string, string> {
  const envFile = toolchainEnvFile();
  if (!existsSync(envFile)) return {};
  return Object.fromEntries(
    readFileSync(envFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1).trim()];
      }),
  );
}
