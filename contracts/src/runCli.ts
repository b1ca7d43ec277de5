import { parseArgs } from 'node:util';
import { ContractsError } from './ContractsError.js';
import { declareContractClass } from './declareContractClass.js';
import { contractsManifest } from './manifest.js';
import { contractNames, isContractName } from './readContractArtifact.js';

export const USAGE = `Usage:
  chipi-contracts declare --rpc URL --account ADDRESS [--private-key KEY] [--contract NAME]
      Declares a contract class (default: account, the CHIPI session account) unless the network
      already has it, and prints its class hash on stdout. The key can also come from the
      STARKNET_PRIVATE_KEY environment variable (keeps it out of the shell history).
  chipi-contracts hashes
      Prints the class hash and compiled class hash of every shipped contract.

Contracts: ${contractNames.join(', ')}`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

/** Runs the `chipi-contracts` command; resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof ContractsError) {
      io.err(`error (${error.code}): ${error.message}`);
      return error.code === 'INVALID_ARGUMENT' ? 2 : 1;
    }
    throw error;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'hashes') {
    for (const name of contractNames) {
      const entry = contractsManifest[name];
      io.out(`${name} class ${entry.classHash} compiled ${entry.compiledClassHash}`);
    }
    return 0;
  }
  if (command !== 'declare') throw invalid(`unknown command "${command}"\n\n${USAGE}`);

  const { values } = parseCommand(rest);
  const rpcUrl = required(values.rpc, '--rpc');
  const accountAddress = required(values.account, '--account');
  const privateKey = values['private-key'] ?? io.env.STARKNET_PRIVATE_KEY;
  if (!privateKey) throw invalid('missing --private-key (or STARKNET_PRIVATE_KEY)');
  if (!/^https?:\/\//.test(rpcUrl)) throw invalid(`--rpc must be an http(s) URL, got "${rpcUrl}"`);
  const contract = values.contract ?? 'account';
  if (!isContractName(contract)) {
    throw invalid(`unknown contract "${contract}" (known: ${contractNames.join(', ')})`);
  }

  const result = await declareContractClass({ rpcUrl, accountAddress, privateKey, contract });
  io.err(
    result.transactionHash === undefined
      ? `${contract}: already declared, nothing sent`
      : `${contract}: declared in transaction ${result.transactionHash}`,
  );
  io.out(result.classHash);
  return 0;
}

function parseCommand(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        rpc: { type: 'string' },
        account: { type: 'string' },
        'private-key': { type: 'string' },
        contract: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw invalid(`missing ${flag}`);
  return value;
}

function invalid(message: string): ContractsError {
  return new ContractsError('INVALID_ARGUMENT', message);
}
