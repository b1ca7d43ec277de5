import { describe, expect, it } from 'vitest';
import { paymasterConfig } from './paymasterConfig.js';

const file = {
  rpcUrl: 'http://127.0.0.1:5050/rpc',
  relayers: [{ address: '0x1', privateKey: '0x2' }],
  apiKeys: [{ key: 'secret-0001', name: 'app', budgetFri: '1000', rateLimit: false }],
};

describe('paymasterConfig', () => {
  it('reads the file with defaults', () => {
    expect(paymasterConfig(file, {})).toEqual({
      rpcUrl: 'http://127.0.0.1:5050/rpc',
      host: '127.0.0.1',
      port: 4337,
      relayers: [{ address: '0x1', privateKey: '0x2' }],
      apiKeys: [{ key: 'secret-0001', name: 'app', budgetFri: 1000n, rateLimit: false }],
      store: { sqlite: 'paymaster.sqlite' },
      maxFeePerTransactionFri: undefined,
      executionWindowSeconds: undefined,
      accountClassHashes: undefined,
    });
  });

  it('takes the environment on top, alone if need be', () => {
    const config = paymasterConfig(undefined, {
      PAYMASTER_RPC_URL: 'http://node/rpc',
      PAYMASTER_PORT: '9000',
      PAYMASTER_RELAYER_ADDRESS: '0xa',
      PAYMASTER_RELAYER_PRIVATE_KEY: '0xb',
      PAYMASTER_API_KEY: 'secret-0002',
      PAYMASTER_API_KEY_BUDGET_FRI: '5',
      PAYMASTER_DATABASE_URL: 'postgres://db/paymaster',
      PAYMASTER_MAX_FEE_FRI: '77',
    });
    expect(config).toMatchObject({
      rpcUrl: 'http://node/rpc',
      port: 9000,
      relayers: [{ address: '0xa', privateKey: '0xb' }],
      apiKeys: [{ key: 'secret-0002', budgetFri: 5n }],
      store: { postgres: 'postgres://db/paymaster' },
      maxFeePerTransactionFri: 77n,
    });
  });

  it('says what is missing', () => {
    expect(() => paymasterConfig({}, {})).toThrow('rpcUrl is missing');
    expect(() => paymasterConfig({ ...file, relayers: [] }, {})).toThrow(
      'no relayer account is configured',
    );
    expect(() => paymasterConfig(file, { PAYMASTER_RELAYER_ADDRESS: '0x1' })).toThrow(
      'set both PAYMASTER_RELAYER_ADDRESS and PAYMASTER_RELAYER_PRIVATE_KEY',
    );
    expect(() => paymasterConfig(file, { PAYMASTER_API_KEY: 'secret-0003' })).toThrow(
      'PAYMASTER_API_KEY needs PAYMASTER_API_KEY_BUDGET_FRI',
    );
    expect(() => paymasterConfig({ ...file, store: { redis: 'x' } }, {})).toThrow('store must be');
  });
});
