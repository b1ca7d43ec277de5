#!/usr/bin/env node
import { config } from 'starknet';
import { runCli } from './runCli.js';

// The command's own output is the class hash; starknet.js's fee-estimate warnings are noise here.
config.set('logLevel', 'ERROR');

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
