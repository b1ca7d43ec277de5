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
}

/**
 * Runs scripts/toolchain.sh (idempotent: a warm run only checks versions) and returns the paths
 * it resolved.
 */
export function ensureToolchain(): ToolchainPaths {
  execFileSync('bash', [join(REPO_ROOT, 'scripts', 'toolchain.sh')], { stdio: 'inherit' });
  const envFile = join(CACHE_DIR, 'toolchain.env');
  if (!existsSync(envFile)) throw new Error(`toolchain.sh did not write ${envFile}`);
  const entries = Object.fromEntries(
    readFileSync(envFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => line.split('=', 2) as [string, string]),
  );
  const devnet = entries.STARKNET_DEVNET_PATH;
  const usc = entries.USC_PATH;
  const sierraFix = entries.SIERRA_FIX_PATH;
  if (!devnet || !usc || !sierraFix)
    throw new Error(`${envFile} is incomplete; re-run scripts/toolchain.sh`);
  return { devnet, usc, sierraFix };
}
