import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEVNET_VERSION = '0.8.2';

export class DevnetUnavailableError extends Error {
  override readonly name = 'DevnetUnavailableError';
}

/**
 * Finds the starknet-devnet binary at the pinned version: STARKNET_DEVNET_PATH, then the path
 * scripts/toolchain.sh recorded in its cache. Throws (never skips) when there is none, so an
 * integration run cannot pass without a real devnet.
 */
export function resolveDevnetBinary(): string {
  const candidates = [process.env.STARKNET_DEVNET_PATH, recordedPath()].filter(
    (path): path is string => Boolean(path),
  );
  for (const path of candidates) {
    if (existsSync(path) && versionOf(path) === DEVNET_VERSION) return path;
  }
  throw new DevnetUnavailableError(
    `starknet-devnet ${DEVNET_VERSION} not found (looked at: ${candidates.join(', ') || 'nothing'}). Run \`pnpm toolchain\` to build it, or set STARKNET_DEVNET_PATH.`,
  );
}

function recordedPath(): string | undefined {
  const cache = process.env.CHIPI_CACHE_DIR ?? join(homedir(), '.cache', 'chipi-sessions');
  const envFile = join(cache, 'toolchain.env');
  if (!existsSync(envFile)) return undefined;
  const line = readFileSync(envFile, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('STARKNET_DEVNET_PATH='));
  return line?.slice('STARKNET_DEVNET_PATH='.length).trim();
}

function versionOf(path: string): string | undefined {
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8' });
    return /(\d+\.\d+\.\d+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}
