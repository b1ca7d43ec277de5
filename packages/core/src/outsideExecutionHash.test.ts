import { TypedDataRevision, typedData } from 'starknet';
import { describe, expect, it } from 'vitest';
import { StarknetChainId } from './chainId.js';
import type { OutsideExecutionInput } from './outsideExecution.js';
import {
  CALL_TYPE_HASH,
  OUTSIDE_EXECUTION_TYPE_HASH,
  outsideExecutionHash,
  STARKNET_DOMAIN_TYPE_HASH,
} from './outsideExecutionHash.js';
import { outsideExecutionTypedData } from './outsideExecutionTypedData.js';
import { starknetKeccak } from './selector.js';
import { xorshift32 } from './testing/xorshift32.js';

const ACCOUNT = '0x2f1c1a7a08b1e3c9d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4';
const TOKEN = '0x4718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d';

const OE: OutsideExecutionInput = {
  caller: 'ANY_CALLER',
  nonce: '0x1234',
  executeAfter: 1_700_000_000,
  executeBefore: 1_700_003_600,
  calls: [
    { contractAddress: TOKEN, entrypoint: 'transfer', calldata: ['0x5', '1000', '0'] },
    { contractAddress: '0x99', entrypoint: 'ping' },
  ],
};

describe('type hashes', () => {
  it('are starknet_keccak of the SNIP-12 revision-1 encodeType strings', () => {
    expect(
      starknetKeccak(
        '"StarknetDomain"("name":"shortstring","version":"shortstring","chainId":"shortstring","revision":"shortstring")',
      ),
    ).toBe(STARKNET_DOMAIN_TYPE_HASH);
    expect(
      starknetKeccak(
        '"OutsideExecution"("Caller":"ContractAddress","Nonce":"felt","Execute After":"u128","Execute Before":"u128","Calls":"Call*")"Call"("To":"ContractAddress","Selector":"selector","Calldata":"felt*")',
      ),
    ).toBe(OUTSIDE_EXECUTION_TYPE_HASH);
    expect(
      starknetKeccak('"Call"("To":"ContractAddress","Selector":"selector","Calldata":"felt*")'),
    ).toBe(CALL_TYPE_HASH);
  });

  it('match the type hashes starknet.js derives from the typed data', () => {
    const td = outsideExecutionTypedData(OE, 'SN_MAIN');
    expect(
      BigInt(typedData.getTypeHash(td.types, 'OutsideExecution', TypedDataRevision.ACTIVE)),
    ).toBe(OUTSIDE_EXECUTION_TYPE_HASH);
    expect(
      BigInt(typedData.getTypeHash(td.types, 'StarknetDomain', TypedDataRevision.ACTIVE)),
    ).toBe(STARKNET_DOMAIN_TYPE_HASH);
  });
});

describe('outsideExecutionHash', () => {
  it('equals starknet.js typedData.getMessageHash of the typed data', () => {
    for (const chain of ['SN_MAIN', 'SN_SEPOLIA'] as const) {
      const td = outsideExecutionTypedData(OE, chain);
      expect(outsideExecutionHash(OE, ACCOUNT, chain)).toBe(
        BigInt(typedData.getMessageHash(td, ACCOUNT)),
      );
    }
  });

  it('equals starknet.js on seeded random outside executions', () => {
    const next = xorshift32(0xc41f1);
    const felt = () => (BigInt(next()) << 64n) | (BigInt(next()) << 32n) | BigInt(next());
    for (let i = 0; i < 25; i++) {
      const calls = Array.from({ length: next() % 4 }, () => ({
        contractAddress: felt() + 1n,
        entrypoint: `0x${(felt() + 1n).toString(16)}`,
        calldata: Array.from({ length: next() % 5 }, felt),
      }));
      const oe: OutsideExecutionInput = {
        caller: i % 2 === 0 ? 'ANY_CALLER' : felt(),
        nonce: felt(),
        executeAfter: next(),
        executeBefore: BigInt(next()) * 4_000_000_000n,
        calls,
      };
      const account = felt() + 1n;
      const td = outsideExecutionTypedData(oe, StarknetChainId.SN_SEPOLIA);
      expect(outsideExecutionHash(oe, account, StarknetChainId.SN_SEPOLIA)).toBe(
        BigInt(typedData.getMessageHash(td, account)),
      );
    }
  });

  it('binds the account, the chain, the nonce and every call field', () => {
    const base = outsideExecutionHash(OE, ACCOUNT, 'SN_MAIN');
    expect(outsideExecutionHash(OE, '0x1', 'SN_MAIN')).not.toBe(base);
    expect(outsideExecutionHash(OE, ACCOUNT, 'SN_SEPOLIA')).not.toBe(base);
    expect(outsideExecutionHash({ ...OE, nonce: '0x1235' }, ACCOUNT, 'SN_MAIN')).not.toBe(base);
    const calls = [{ ...OE.calls[0]!, calldata: ['0x5', '1001', '0'] }, OE.calls[1]!];
    expect(outsideExecutionHash({ ...OE, calls }, ACCOUNT, 'SN_MAIN')).not.toBe(base);
    expect(
      outsideExecutionHash({ ...OE, calls: [...OE.calls].reverse() }, ACCOUNT, 'SN_MAIN'),
    ).not.toBe(base);
  });

  it('accepts names and hex selectors alike', () => {
    const hexed = {
      ...OE,
      calls: [
        {
          ...OE.calls[0]!,
          entrypoint: '0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e',
        },
        OE.calls[1]!,
      ],
    };
    expect(outsideExecutionHash(hexed, ACCOUNT, 'SN_MAIN')).toBe(
      outsideExecutionHash(OE, ACCOUNT, 'SN_MAIN'),
    );
  });

  it('refuses times beyond u64 and non-numeric calldata', () => {
    expect(() =>
      outsideExecutionHash({ ...OE, executeBefore: 2n ** 64n }, ACCOUNT, 'SN_MAIN'),
    ).toThrow(/u64/);
    const bad = {
      ...OE,
      calls: [{ contractAddress: TOKEN, entrypoint: 'transfer', calldata: ['transfer'] }],
    };
    expect(() => outsideExecutionHash(bad, ACCOUNT, 'SN_MAIN')).toThrow(/calldata/);
  });
});

describe('outsideExecutionTypedData', () => {
  it('has the SNIP-9 v2 domain and hex values', () => {
    const td = outsideExecutionTypedData(OE, 'SN_SEPOLIA');
    expect(td.domain).toEqual({
      name: 'Account.execute_from_outside',
      version: '2',
      chainId: StarknetChainId.SN_SEPOLIA,
      revision: '1',
    });
    expect(td.primaryType).toBe('OutsideExecution');
    expect(td.message.Caller).toBe('0x414e595f43414c4c4552');
    expect(td.message.Calls[0]?.Selector).toBe(
      '0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e',
    );
    expect(td.message.Calls[1]?.Calldata).toEqual([]);
  });
});
