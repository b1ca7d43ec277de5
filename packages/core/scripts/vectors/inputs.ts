/** Fixed inputs of the golden vectors. Changing any of them changes the committed files. */
import type { OutsideExecutionInput } from '../../src/index.js';

export const SESSION_PRIVATE_KEY =
  '0x04a1f2d3c5b6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70';
export const SESSION_PRIVATE_KEY_2 =
  '0x0000000000000000000000000000000000000000000000000000000000c0ffee';
export const OWNER_PRIVATE_KEY =
  '0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
export const NEW_OWNER_PRIVATE_KEY =
  '0x07e57ab1e000000000000000000000000000000000000000000000000000beef';
export const ACCOUNT = '0x02f1c1a7a08b1e3c9d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4';
export const TOKEN = '0x04718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d';
export const RECIPIENT = '0x0555d0e5e1b1e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819';
export const RELAYER = '0x0123abc';
export const SN_SEPOLIA = 'SN_SEPOLIA';
export const SN_MAIN = 'SN_MAIN';

export const OUTSIDE_EXECUTIONS: {
  name: string;
  account: string;
  chainId: string;
  oe: OutsideExecutionInput;
}[] = [
  {
    name: 'transfer_any_caller',
    account: ACCOUNT,
    chainId: SN_SEPOLIA,
    oe: {
      caller: 'ANY_CALLER',
      nonce: '0x1',
      executeAfter: 1_700_000_000,
      executeBefore: 1_700_003_600,
      calls: [
        { contractAddress: TOKEN, entrypoint: 'transfer', calldata: [RECIPIENT, '1000000', '0'] },
      ],
    },
  },
  {
    name: 'multicall_relayer',
    account: ACCOUNT,
    chainId: SN_MAIN,
    oe: {
      caller: RELAYER,
      nonce: '0x5a4b3c2d1e0f',
      executeAfter: 0,
      executeBefore: '0xffffffffffffffff',
      calls: [
        { contractAddress: TOKEN, entrypoint: 'approve', calldata: [RECIPIENT, '0x5', '0x0'] },
        { contractAddress: RECIPIENT, entrypoint: 'swap', calldata: [] },
        {
          contractAddress: TOKEN,
          entrypoint: 'transfer_from',
          calldata: [ACCOUNT, RECIPIENT, '0xffffffffffffffffffffffffffffffff', '0x1'],
        },
      ],
    },
  },
  {
    name: 'no_calls',
    account: '0x1',
    chainId: SN_SEPOLIA,
    oe: { caller: '0x0', nonce: '0x0', executeAfter: 1, executeBefore: 2, calls: [] },
  },
];

export const SESSION_TX_CASES = [
  {
    name: 'basic',
    transactionHash: '0x2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081',
    privateKey: SESSION_PRIVATE_KEY,
    validUntil: 1_735_689_600,
  },
  {
    name: 'small_values',
    transactionHash: '0x1',
    privateKey: SESSION_PRIVATE_KEY_2,
    validUntil: 1,
  },
  {
    name: 'max_valid_until',
    transactionHash: '0x7ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    privateKey: SESSION_PRIVATE_KEY,
    validUntil: '0xffffffffffffffff',
  },
];

export const SPEND_CASES: { name: string; entrypoint: string; calldata: string[] }[] = [
  { name: 'transfer', entrypoint: 'transfer', calldata: [RECIPIENT, '0x3e8', '0x0'] },
  { name: 'transfer_high_limb', entrypoint: 'transfer', calldata: [RECIPIENT, '0x1', '0x2'] },
  { name: 'approve', entrypoint: 'approve', calldata: [RECIPIENT, '0x64', '0x0'] },
  {
    name: 'increase_allowance',
    entrypoint: 'increase_allowance',
    calldata: [RECIPIENT, '0x7', '0x0'],
  },
  {
    name: 'increaseAllowance',
    entrypoint: 'increaseAllowance',
    calldata: [RECIPIENT, '0x8', '0x0'],
  },
  {
    name: 'transfer_from_account',
    entrypoint: 'transfer_from',
    calldata: [ACCOUNT, RECIPIENT, '0x9', '0x0'],
  },
  {
    name: 'transferFrom_account',
    entrypoint: 'transferFrom',
    calldata: [ACCOUNT, RECIPIENT, '0xa', '0x0'],
  },
  {
    name: 'transfer_from_other',
    entrypoint: 'transfer_from',
    calldata: [RECIPIENT, ACCOUNT, '0xb', '0x0'],
  },
  {
    name: 'max_u256',
    entrypoint: 'transfer',
    calldata: [
      RECIPIENT,
      '0xffffffffffffffffffffffffffffffff',
      '0xffffffffffffffffffffffffffffffff',
    ],
  },
  { name: 'not_value_moving', entrypoint: 'balance_of', calldata: [ACCOUNT] },
  { name: 'short_calldata', entrypoint: 'transfer', calldata: [RECIPIENT, '0x1'] },
  { name: 'long_calldata', entrypoint: 'transfer', calldata: [RECIPIENT, '0x1', '0x0', '0x0'] },
  {
    name: 'transfer_from_short',
    entrypoint: 'transfer_from',
    calldata: [ACCOUNT, RECIPIENT, '0x1'],
  },
  {
    name: 'low_limb_too_big',
    entrypoint: 'transfer',
    calldata: [RECIPIENT, '0x100000000000000000000000000000000', '0x0'],
  },
  {
    name: 'high_limb_too_big',
    entrypoint: 'approve',
    calldata: [RECIPIENT, '0x0', '0x100000000000000000000000000000000'],
  },
];

export const WINDOW_SCENARIOS: {
  name: string;
  windowSeconds: number;
  maxPerCall: bigint;
  maxPerWindow: bigint;
  spends: [number, bigint][];
}[] = [
  {
    name: 'hour_window',
    windowSeconds: 3600, // B = 515
    maxPerCall: 400n,
    maxPerWindow: 1000n,
    spends: [
      [1_000_000, 400n],
      [1_000_010, 400n],
      [1_000_020, 300n],
      [1_000_030, 200n],
      [1_000_500, 500n],
      [1_003_599, 1n],
      [1_003_620, 100n],
      [1_004_120, 400n],
      [1_004_625, 400n],
      [1_004_626, 400n],
      [1_004_700, 401n],
      [1_010_000, 1000n],
      [1_010_000, 0n],
    ],
  },
  {
    name: 'ten_seconds',
    windowSeconds: 10, // B = 2
    maxPerCall: 10n,
    maxPerWindow: 10n,
    spends: [
      [0, 4n],
      [1, 4n],
      [2, 3n],
      [9, 2n],
      [13, 5n],
      [16, 10n],
      [17, 1n],
      [31, 10n],
      [32, 1n],
      [47, 0n],
    ],
  },
  {
    name: 'zero_budget',
    windowSeconds: 7, // B = 1
    maxPerCall: 5n,
    maxPerWindow: 0n,
    spends: [
      [100, 1n],
      [101, 0n],
    ],
  },
];
