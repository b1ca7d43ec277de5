import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createServer, preview } from 'vite';

const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

/** A running example app. */
export interface WebApp {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the example app on a loopback port, proxying `/rpc` to devnet and `/api` to the paid
 * API so the page talks to one origin. `dev` is Vite's dev server (the demo); `built` bundles the
 * app for production first and serves that (the end-to-end test: what a user would load).
 */
export async function startWebApp(params: {
  rpcUrl: string;
  apiUrl: string;
  mode?: 'dev' | 'built';
  port?: number;
}): Promise<WebApp> {
  const server = {
    host: '127.0.0.1',
    port: params.port ?? 5173,
    strictPort: false,
    proxy: {
      '/rpc': { target: params.rpcUrl, rewrite: () => '/rpc' },
      '/api': { target: params.apiUrl },
    },
  };
  if (params.mode === 'built') {
    const outDir = mkdtempSync(join(tmpdir(), 'chipi-example-web-build-'));
    await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const running = await preview({
      configFile,
      logLevel: 'warn',
      build: { outDir },
      preview: server,
    });
    return {
      url: running.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.port}/`,
      close: () => running.close(),
    };
  }
  const dev = await createServer({ configFile, logLevel: 'warn', server });
  await dev.listen();
  return {
    url: dev.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.port}/`,
    close: () => dev.close(),
  };
}
