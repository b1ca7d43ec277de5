/**
 * Gas report (a benchmark, not a test): the fee and resources of one mock-USDC transfer made by
 * devnet's predeployed OpenZeppelin account and by the CHIPI account in each signing mode, and
 * how session validation grows with the allow-list. One devnet run; prints a Markdown table.
 *
 *   pnpm bench:gas [--out docs/gas.md]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SessionKeyData } from '@chipi-sessions/sdk';
import type { Account, Call, RpcProvider } from 'starknet';
import { config, hash } from 'starknet';
import { LOCAL_PAYMASTER_API_KEY, startLocalPaymaster } from '../paymaster/startLocalPaymaster.ts';
import {
  mintUsdc,
  PIN,
  type SdkWorld,
  startSdkWorld,
  USDC,
  usdcTransfer,
} from '../sdk/sdkHarness.ts';

interface Measurement {
  label: string;
  fee: bigint;
  l2Gas: bigint;
  l1Gas: bigint;
  l1DataGas: bigint;
  /** L2 gas of the `__validate__` and `__execute__` invocations, from the transaction trace. */
  validateL2Gas: bigint;
  executeL2Gas: bigint;
}

const { values } = parseArgs({ options: { out: { type: 'string' } } });
// A fresh devnet has too few blocks for starknet.js's tip estimate, which warns on every send.
config.set('logLevel', 'ERROR');
const TOKEN = 'gas-report';
const AMOUNT = USDC / 100n;

const world = await startSdkWorld();
const rows: Measurement[] = [];
try {
  const { sdk, wallet, usdc, deployer, devnet } = world;
  const recipient = world.accounts[3]!.address;
  const transfer = (): Call => usdcTransfer(usdc, recipient, AMOUNT);

  // Warm the recipient's balance slot so every case writes the same storage.
  await mintUsdc(devnet, usdc, deployer, deployer.address, 10n * USDC);
  await mintUsdc(devnet, usdc, deployer, recipient, 1n);

  rows.push(
    await measureRepeated('OpenZeppelin account (devnet predeployed)', world.devnet.provider, () =>
      sendWith(deployer, transfer()),
    ),
  );
  rows.push(
    await measureRepeated('CHIPI, owner-signed', devnet.provider, () =>
      sdk.executeTransaction({ params: { encryptKey: PIN, wallet, calls: [transfer()] } }),
    ),
  );

  const plain = await registerSession(world, ['transfer'], false);
  rows.push(
    await measureRepeated('CHIPI, session-signed', devnet.provider, () =>
      sdk.executeTransactionWithSession({
        params: { encryptKey: PIN, wallet, session: plain, calls: [transfer()] },
      }),
    ),
  );

  const limited = await registerSession(
    world,
    [{ contractAddress: usdc.address, entrypoint: 'transfer' }],
    true,
  );
  await sdk.sessions.setSpendingPolicy(
    {
      encryptKey: PIN,
      wallet,
      spendingPolicyConfig: {
        sessionPublicKey: limited.publicKey,
        token: usdc.address,
        maxPerCall: USDC,
        maxPerWindow: 100n * USDC,
        windowSeconds: 86_400,
      },
    },
    TOKEN,
  );
  rows.push(
    await measureRepeated('CHIPI, session-signed, spending policy (strict)', devnet.provider, () =>
      sdk.executeTransactionWithSession({
        params: { encryptKey: PIN, wallet, session: limited, calls: [transfer()] },
      }),
    ),
  );

  const paymaster = await startLocalPaymaster(devnet, { relayerIndex: 2 });
  try {
    const relayed = world.newSdk({
      paymasterUrl: paymaster.url,
      bearerToken: LOCAL_PAYMASTER_API_KEY,
    });
    const viaRelayer = await registerSession(world, ['transfer'], false);
    rows.push(
      await measureRepeated(
        'CHIPI, session-signed outside execution (paymaster pays)',
        devnet.provider,
        () =>
          relayed.executeTransactionWithSession({
            params: { encryptKey: PIN, wallet, session: viaRelayer, calls: [transfer()] },
          }),
      ),
    );
  } finally {
    await paymaster.close();
  }

  for (const size of [0, 1, 10, 50]) {
    const entries = [
      ...Array.from({ length: Math.max(0, size - 1) }, (_, i) =>
        hash.getSelectorFromName(`unused_entrypoint_${i}`),
      ),
      ...(size > 0 ? ['transfer'] : []),
    ];
    const session = await registerSession(world, entries, false);
    rows.push(
      await measureRepeated(`CHIPI, session-signed, allow-list of ${size}`, devnet.provider, () =>
        sdk.executeTransactionWithSession({
          params: { encryptKey: PIN, wallet, session, calls: [transfer()] },
        }),
      ),
    );
  }
} finally {
  await world.stop();
}

const table = render(rows);
console.log(table);
// pnpm runs the script from integration/; the path is meant from where the command was typed.
if (values.out) writeFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), values.out), table);

async function registerSession(
  w: SdkWorld,
  allowed: (string | { contractAddress: string; entrypoint: string })[],
  strict: boolean,
): Promise<SessionKeyData> {
  const session = w.sdk.sessions.createSessionKey({ encryptKey: PIN, durationSeconds: 86_400 });
  await w.sdk.sessions.addSessionKeyToContract(
    {
      encryptKey: PIN,
      wallet: w.wallet,
      sessionConfig: {
        sessionPublicKey: session.publicKey,
        validUntil: session.validUntil,
        maxCalls: 100,
        allowedEntrypoints: allowed,
        strict,
      },
    },
    TOKEN,
  );
  return session;
}

async function sendWith(account: Account, call: Call): Promise<string> {
  const { transaction_hash } = await account.execute(call);
  return transaction_hash;
}

/** Runs the case three times (the first warms storage) and keeps the last receipt. */
async function measureRepeated(
  label: string,
  provider: RpcProvider,
  send: () => Promise<string>,
): Promise<Measurement> {
  let last: Measurement | undefined;
  for (let i = 0; i < 3; i += 1) {
    const txHash = await send();
    const receipt = (await provider.waitForTransaction(txHash)).value as unknown as {
      actual_fee: { amount: string };
      execution_resources: { l1_gas: number; l1_data_gas: number; l2_gas: number };
    };
    const phases = await phaseGas(provider, txHash);
    last = {
      label,
      ...phases,
      fee: BigInt(receipt.actual_fee.amount),
      l2Gas: BigInt(receipt.execution_resources.l2_gas),
      l1Gas: BigInt(receipt.execution_resources.l1_gas),
      l1DataGas: BigInt(receipt.execution_resources.l1_data_gas),
    };
  }
  console.error(`measured: ${label}`);
  return last!;
}

interface InvocationGas {
  execution_resources?: { l2_gas?: number };
}

async function phaseGas(
  provider: RpcProvider,
  txHash: string,
): Promise<{ validateL2Gas: bigint; executeL2Gas: bigint }> {
  const trace = (await provider.getTransactionTrace(txHash)) as unknown as {
    validate_invocation?: InvocationGas;
    execute_invocation?: InvocationGas;
  };
  const l2 = (invocation: InvocationGas | undefined) =>
    BigInt(invocation?.execution_resources?.l2_gas ?? 0);
  return {
    validateL2Gas: l2(trace.validate_invocation),
    executeL2Gas: l2(trace.execute_invocation),
  };
}

function render(measurements: Measurement[]): string {
  const base = measurements[0]!;
  const ratio = (a: bigint, b: bigint) =>
    b === 0n ? '–' : `${(Number(a) / Number(b)).toFixed(2)}×`;
  const lines = [
    '| Transfer of 0.01 mock USDC | Fee (fri) | vs OZ | L2 gas | vs OZ | L1 gas | L1 data gas | L2 gas in `__validate__` | L2 gas in `__execute__` |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...measurements.map(
      (m) =>
        `| ${m.label} | ${m.fee} | ${ratio(m.fee, base.fee)} | ${m.l2Gas} | ${ratio(m.l2Gas, base.l2Gas)} | ${m.l1Gas} | ${m.l1DataGas} | ${m.validateL2Gas} | ${m.executeL2Gas} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
