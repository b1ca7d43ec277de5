import { type ChildProcess, spawn } from 'node:child_process';
import { RpcProvider } from 'starknet';
import { DevnetProvider } from 'starknet-devnet';
import { resolveDevnetBinary } from './devnetBinary.ts';
import { freePort } from './freePort.ts';

export interface DevnetOptions {
  /** Fixed seed for the predeployed accounts (default 42). */
  seed?: number;
  /** Number of predeployed accounts (default 4). */
  accounts?: number;
  /** Block time at start, unix seconds. */
  startTime?: number;
  /** How long to wait for `/is_alive` before failing (default 60 s). */
  startupTimeoutMs?: number;
  /** Extra command-line flags. */
  args?: string[];
  /** Forward devnet's stdout/stderr (default: kept, shown only if it dies). */
  verbose?: boolean;
}

export interface Devnet {
  url: string;
  provider: RpcProvider;
  /** devnet_* methods: mint, setTime, increaseTime, createBlock, getPredeployedAccounts. */
  cheats: DevnetProvider;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts the pinned starknet-devnet on a free loopback port and waits until it answers. The
 * process is killed by `stop()`, and also when this process exits or is interrupted, so a crashed
 * test run leaves nothing behind.
 */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const binary = resolveDevnetBinary();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--seed',
    String(options.seed ?? 42),
    '--accounts',
    String(options.accounts ?? 4),
    '--initial-balance',
    '1000000000000000000000000',
    ...(options.startTime !== undefined ? ['--start-time', String(options.startTime)] : []),
    ...(options.args ?? []),
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  installExitHook();
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
    if (options.verbose) process.stderr.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', () => running.delete(child));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitUntilAlive(url, child, options.startupTimeoutMs ?? 60_000, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    provider: new RpcProvider({ nodeUrl: `${url}/rpc` }),
    cheats: new DevnetProvider({ url, timeout: 60_000 }),
    stop,
  };
}

async function waitUntilAlive(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `starknet-devnet exited during startup (${child.exitCode ?? child.signalCode}):\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${url}/is_alive`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `starknet-devnet did not answer ${url}/is_alive within ${timeoutMs} ms:\n${output()}`,
  );
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const child of running) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}
