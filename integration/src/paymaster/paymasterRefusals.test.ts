/**
 * What our SNIP-29 paymaster refuses, and with which error, on devnet: the JSON-RPC envelope,
 * gas tokens, addresses that are no SNIP-9 account, time bounds, typed data it did not build,
 * its fee cap and rate limit; and plain account deployments (`deploy`).
 */
import { outsideExecutionTypedData } from '@chipi-sessions/core';
import {
  CallData,
  ec,
  hash,
  OutsideExecutionVersion,
  type PreparedInvokeTransaction,
  stark,
} from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  type PaymasterWorld,
  paymasterRefusal,
  STRK,
  startPaymasterWorld,
  startTestPaymaster,
  strkTransfer,
  type TestPaymaster,
} from './paymasterHarness.ts';

let world: PaymasterWorld;
/** A second paymaster on the same devnet: fee cap 1 fri, 3 requests per key and then 1 per 1000 s. */
let strict: TestPaymaster;
const sponsored = { feeMode: { mode: 'sponsored' as const } };

beforeAll(async () => {
  world = await startPaymasterWorld();
  strict = await startTestPaymaster(world.devnet, {
    relayerIndex: 3,
    maxFeePerTransactionFri: 1n,
    apiKeys: [
      {
        key: API_KEY,
        name: 'test',
        budgetFri: 10n ** 20n,
        rateLimit: { burst: 3, perSecond: 0.001 },
      },
    ],
  });
});
afterAll(async () => {
  await strict?.stop();
  await world?.stop();
});

async function rpc(body: unknown, apiKey = API_KEY): Promise<unknown> {
  const response = await fetch(world.paymaster.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-paymaster-api-key': apiKey },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return response.json();
}

function user() {
  const account = world.paymasterAccount(world.accounts[0]!.address, world.privateKeys[0]!);
  account.getSnip9Version = async () => OutsideExecutionVersion.V2;
  return account;
}

describe('paymaster refusals', () => {
  it('lets browsers call it (CORS preflight with the API key header)', async () => {
    const response = await fetch(world.paymaster.url, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-paymaster-api-key');
  });

  it('answers JSON-RPC envelope errors with JSON-RPC codes', async () => {
    expect(await rpc('{not json')).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error', data: 'the body is not JSON' },
    });
    expect(await rpc({ jsonrpc: '2.0', id: 7, method: 'paymaster_nope' })).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32601, message: 'Method not found', data: 'unknown method paymaster_nope' },
    });
    expect(
      await rpc([
        { jsonrpc: '2.0', id: 1, method: 'paymaster_isAvailable' },
        { jsonrpc: '2.0', id: 2, method: 'paymaster_getSupportedTokens', params: {} },
      ]),
    ).toEqual([
      { jsonrpc: '2.0', id: 1, result: true },
      { jsonrpc: '2.0', id: 2, result: [] },
    ]);
  });

  it('refuses a gas token with TOKEN_NOT_SUPPORTED', async () => {
    const error = await paymasterRefusal(() =>
      user().buildPaymasterTransaction([strkTransfer(world.relayer, 1n)], {
        feeMode: { mode: 'default', gasToken: STRK },
      }),
    );
    expect(error).toEqual({ code: 151, message: 'An error occurred (TOKEN_NOT_SUPPORTED)' });
  });

  it('refuses an empty address and a contract that is not a SNIP-9 account', async () => {
    const build = (userAddress: string) =>
      world
        .client()
        .buildTransaction(
          { type: 'invoke', invoke: { userAddress, calls: [strkTransfer(world.relayer, 1n)] } },
          { version: '0x1', feeMode: { mode: 'sponsored' } },
        );
    expect(await paymasterRefusal(() => build(stark.randomAddress()))).toEqual({
      code: 150,
      message: 'An error occurred (INVALID_ADDRESS)',
    });
    const notAccount = await paymasterRefusal(() => build(STRK));
    expect(notAccount.code).toBe(155);
    expect(notAccount.message).toBe('An error occurred (CLASS_HASH_NOT_SUPPORTED)');
  });

  it('refuses time bounds in the past', async () => {
    const error = await paymasterRefusal(() =>
      user().buildPaymasterTransaction([strkTransfer(world.relayer, 1n)], {
        ...sponsored,
        timeBounds: { executeAfter: 1, executeBefore: Math.floor(Date.now() / 1000) - 60 },
      }),
    );
    expect(error.code).toBe(157);
    expect(error.message).toBe('An error occurred (INVALID_TIME_BOUNDS)');
  });

  it('executes only typed data in the form it builds, called by its relayer', async () => {
    const account = user();
    const prepared = (await account.buildPaymasterTransaction(
      [strkTransfer(world.relayer, 1n)],
      sponsored,
    )) as PreparedInvokeTransaction;
    const { message } = prepared.typed_data as unknown as {
      message: { Nonce: string; 'Execute After': string; 'Execute Before': string };
    };
    const execute = async (typedData: unknown) => {
      const signature = stark.signatureToHexArray(await account.signMessage(typedData as never));
      return world.client().executeTransaction(
        {
          type: 'invoke',
          invoke: { userAddress: account.address, typedData: typedData as never, signature },
        },
        prepared.parameters,
      );
    };
    const anyCaller = outsideExecutionTypedData(
      {
        caller: 'ANY_CALLER',
        nonce: message.Nonce,
        executeAfter: message['Execute After'],
        executeBefore: message['Execute Before'],
        calls: [strkTransfer(world.relayer, 1n)],
      },
      await world.devnet.provider.getChainId(),
    );
    expect(await paymasterRefusal(() => execute(anyCaller))).toEqual({
      code: 163,
      message: 'An error occurred (UNKNOWN_ERROR)',
      data: 'unknown_relayer: the outside execution is not callable by a relayer of this paymaster',
    });
    // The same content, its selector written as a name: valid SNIP-12, not what the paymaster built.
    const byName = structuredClone(prepared.typed_data) as unknown as {
      message: { Calls: { Selector: string }[] };
    };
    byName.message.Calls[0]!.Selector = 'transfer';
    expect(await paymasterRefusal(() => execute(byName))).toEqual({
      code: 163,
      message: 'An error occurred (UNKNOWN_ERROR)',
      data: 'invalid_typed_data: typed_data is not in the form this paymaster builds',
    });
  });

  it('refuses a transaction above its fee cap, then rate-limits the key', async () => {
    const account = strict.paymasterAccount(world.accounts[0]!.address, world.privateKeys[0]!);
    account.getSnip9Version = async () => OutsideExecutionVersion.V2;
    const error = await paymasterRefusal(() =>
      account.executePaymasterTransaction([strkTransfer(world.relayer, 1n)], sponsored),
    );
    expect(error.code).toBe(163);
    expect(error.data).toMatch(
      /^fee_cap_exceeded: the transaction's maximum fee \d+ fri exceeds this paymaster's cap of 1 fri$/,
    );
    // Two requests so far (build, execute); the third fits the burst, the fourth does not.
    const third = await account.buildPaymasterTransaction(
      [strkTransfer(world.relayer, 1n)],
      sponsored,
    );
    expect(third.type).toBe('invoke');
    expect(
      await paymasterRefusal(() =>
        account.buildPaymasterTransaction([strkTransfer(world.relayer, 1n)], sponsored),
      ),
    ).toEqual({
      code: 163,
      message: 'An error occurred (UNKNOWN_ERROR)',
      data: 'rate_limited: too many requests for API key test',
    });
  });
});

describe('paymaster deployments', () => {
  it('deploys an account alone, once, at the address its data gives', async () => {
    const classHash = await world.devnet.provider.getClassHashAt(world.accounts[0]!.address);
    const publicKey = ec.starkCurve.getStarkKey(stark.randomAddress());
    const calldata = CallData.compile([publicKey]).map((felt) => `0x${BigInt(felt).toString(16)}`);
    const salt = publicKey;
    const address = hash.calculateContractAddressFromHash(salt, classHash, calldata, 0);
    const deployment = { address, class_hash: classHash, salt, calldata, version: 1 as const };
    const parameters = { version: '0x1' as const, feeMode: { mode: 'sponsored' as const } };
    const client = world.client();

    const wrong = { ...deployment, address: stark.randomAddress() };
    expect(
      await paymasterRefusal(() =>
        client.buildTransaction({ type: 'deploy', deployment: wrong }, parameters),
      ),
    ).toMatchObject({
      code: 158,
      message: 'An error occurred (INVALID_DEPLOYMENT_DATA)',
    });

    const built = await client.buildTransaction({ type: 'deploy', deployment }, parameters);
    expect(built.type).toBe('deploy');
    expect(built.fee.estimated_fee_in_strk).toBeGreaterThan(0n);
    const { transaction_hash } = await client.executeTransaction(
      { type: 'deploy', deployment },
      built.parameters,
    );
    const receipt = await world.devnet.provider.waitForTransaction(transaction_hash, {
      retryInterval: 100,
    });
    expect(receipt.isSuccess()).toBe(true);
    expect(BigInt(await world.devnet.provider.getClassHashAt(address))).toBe(BigInt(classHash));

    expect(
      await paymasterRefusal(() =>
        client.executeTransaction({ type: 'deploy', deployment }, built.parameters),
      ),
    ).toEqual({
      code: 158,
      message: 'An error occurred (INVALID_DEPLOYMENT_DATA)',
      data: 'the account is already deployed',
    });
  });
});
