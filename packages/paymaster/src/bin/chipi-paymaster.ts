#!/usr/bin/env node
/**
 * `chipi-paymaster [--config paymaster.json]`: runs the SNIP-29 paymaster until SIGINT/SIGTERM.
 * See `paymasterConfig` for the file's fields and the environment variables.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { PaymasterStore } from '../PaymasterStore.js';
import { paymasterConfig } from '../paymasterConfig.js';
import { startPaymasterServer } from '../startPaymasterServer.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write('usage: chipi-paymaster [--config paymaster.json]\n');
    return;
  }
  const file = values.config === undefined ? {} : JSON.parse(readFileSync(values.config, 'utf8'));
  const config = paymasterConfig(file, process.env);
  let store: PaymasterStore;
  if ('postgres' in config.store) {
    const { PostgresPaymasterStore } = await import('../postgres/PostgresPaymasterStore.js');
    store = await PostgresPaymasterStore.open({ connectionString: config.store.postgres });
  } else {
    const { SqlitePaymasterStore } = await import('../sqlite/SqlitePaymasterStore.js');
    store = new SqlitePaymasterStore(config.store.sqlite);
  }
  const running = await startPaymasterServer({
    rpcUrl: config.rpcUrl,
    host: config.host,
    port: config.port,
    relayers: config.relayers,
    apiKeys: config.apiKeys,
    store,
    ...(config.maxFeePerTransactionFri === undefined
      ? {}
      : { maxFeePerTransactionFri: config.maxFeePerTransactionFri }),
    ...(config.executionWindowSeconds === undefined
      ? {}
      : { executionWindowSeconds: config.executionWindowSeconds }),
    ...(config.accountClassHashes === undefined
      ? {}
      : { accountClassHashes: config.accountClassHashes }),
  });
  process.stdout.write(`chipi-paymaster listening on ${running.url}\n`);
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `chipi-paymaster: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
