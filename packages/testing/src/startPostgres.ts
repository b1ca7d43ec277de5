import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A throwaway PostgreSQL cluster in a temp directory, on a free loopback port, trust auth. */
export interface RunningPostgres {
  connectionString: string;
  stop(): void;
}

/**
 * Starts a PostgreSQL cluster of its own (Debian's binaries; as the `postgres` user when running
 * as root, since `initdb` refuses root) and returns how to reach it. `stop()` shuts it down and
 * removes its directory.
 */
export async function startPostgres(): Promise<RunningPostgres> {
  ensurePostgresInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'x402-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (bin: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args], {
          stdio: 'pipe',
        })
      : execFileSync(join(PG_BIN, bin), args, { stdio: 'pipe' });
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  let stopped = false;
  return {
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Installs Debian's PostgreSQL 15 with apt when its binaries are missing (as root only). */
function ensurePostgresInstalled(): void {
  if (existsSync(join(PG_BIN, 'initdb'))) return;
  if (process.getuid?.() !== 0)
    throw new Error(
      `PostgreSQL binaries not found in ${PG_BIN}: install postgresql-15 or set PG_BIN`,
    );
  const apt = {
    stdio: 'pipe' as const,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  };
  execFileSync('apt-get', ['update', '-qq'], apt);
  execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql-15'], apt);
  if (!existsSync(join(PG_BIN, 'initdb')))
    throw new Error(`apt installed postgresql-15 but ${PG_BIN}/initdb is still missing`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(),
      );
    });
  });
}
