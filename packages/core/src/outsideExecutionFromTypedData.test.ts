import { outsideExecution as snip9, typedData } from 'starknet';
import { describe, expect, it } from 'vitest';
import { isChipiSessionError } from './ChipiSessionError.js';
import { StarknetChainId } from './chainId.js';
import type { OutsideExecutionInput } from './outsideExecution.js';
import { outsideExecutionFromTypedData } from './outsideExecutionFromTypedData.js';
import { outsideExecutionHash } from './outsideExecutionHash.js';
import { outsideExecutionTypedData } from './outsideExecutionTypedData.js';

const ACCOUNT = '0x3c1a7a08b1e3c9d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b';
const TOKEN = '0x4718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d';

const OE: OutsideExecutionInput = {
  caller: 'ANY_CALLER',
  nonce: '0xabc',
  executeAfter: 1_700_000_000,
  executeBefore: 1_700_000_600,
  calls: [{ contractAddress: TOKEN, entrypoint: 'transfer', calldata: ['0x5', '1000', '0'] }],
};

function expectInvalid(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(isChipiSessionError(error, 'INVALID_INPUT')).toBe(true);
    return;
  }
  throw new Error('expected INVALID_INPUT');
}

describe('outsideExecutionFromTypedData', () => {
  it('round-trips outsideExecutionTypedData', () => {
    const td = outsideExecutionTypedData(OE, StarknetChainId.SN_SEPOLIA);
    const parsed = outsideExecutionFromTypedData(td);
    expect(parsed.chainId).toBe(BigInt(StarknetChainId.SN_SEPOLIA));
    expect(outsideExecutionHash(parsed.outsideExecution, ACCOUNT, parsed.chainId)).toBe(
      outsideExecutionHash(OE, ACCOUNT, StarknetChainId.SN_SEPOLIA),
    );
  });

  it('reads the typed data starknet.js builds for SNIP-9 v2, with the same hash', () => {
    const td = snip9.getTypedData(
      StarknetChainId.SN_MAIN,
      { caller: '0x414e595f43414c4c4552', execute_after: 100, execute_before: 200 },
      '0x77',
      [{ contractAddress: TOKEN, entrypoint: 'approve', calldata: ['0x9', '5', '0'] }],
      '2',
    );
    const parsed = outsideExecutionFromTypedData(td);
    expect(outsideExecutionHash(parsed.outsideExecution, ACCOUNT, parsed.chainId)).toBe(
      BigInt(typedData.getMessageHash(td, ACCOUNT)),
    );
  });

  it('reads Selector as SNIP-12 does: hex is a selector, any other string a name', () => {
    const td = outsideExecutionTypedData(OE, StarknetChainId.SN_MAIN);
    const named = structuredClone(td) as unknown as { message: { Calls: { Selector: string }[] } };
    (named.message.Calls[0] as { Selector: string }).Selector = 'transfer';
    const parsedNamed = outsideExecutionFromTypedData(named);
    expect(outsideExecutionHash(parsedNamed.outsideExecution, ACCOUNT, parsedNamed.chainId)).toBe(
      outsideExecutionHash(OE, ACCOUNT, StarknetChainId.SN_MAIN),
    );
    // A decimal string is a name to SNIP-12 (starknet.js hashes it as one), not a number: it is
    // refused rather than read as a selector the typed data does not mean.
    const decimal = structuredClone(named);
    (decimal.message.Calls[0] as { Selector: string }).Selector = BigInt(
      td.message.Calls[0]?.Selector ?? 0,
    ).toString(10);
    expectInvalid(() => outsideExecutionFromTypedData(decimal));
    const numeric = structuredClone(td) as unknown as {
      message: { Calls: { Selector: unknown }[] };
    };
    (numeric.message.Calls[0] as { Selector: unknown }).Selector = 5;
    expectInvalid(() => outsideExecutionFromTypedData(numeric));
  });

  it('refuses SNIP-9 v1 typed data', () => {
    const v1 = snip9.getTypedData(
      StarknetChainId.SN_MAIN,
      { caller: '0x1', execute_after: 100, execute_before: 200 },
      '0x77',
      [{ contractAddress: TOKEN, entrypoint: 'approve', calldata: ['0x9', '5', '0'] }],
      '1',
    );
    expectInvalid(() => outsideExecutionFromTypedData(v1));
  });

  it('refuses other messages and any altered type, domain or field', () => {
    const base = outsideExecutionTypedData(OE, StarknetChainId.SN_MAIN);
    const mutate = (fn: (td: Record<string, unknown> & typeof base) => void) => {
      const copy = structuredClone(base) as Record<string, unknown> & typeof base;
      fn(copy);
      return copy;
    };
    const variants: unknown[] = [
      null,
      'hello',
      {
        types: { StarknetDomain: base.types.StarknetDomain, Mail: [{ name: 'x', type: 'felt' }] },
        primaryType: 'Mail',
        domain: base.domain,
        message: { x: '0x1' },
      },
      mutate((td) => {
        td.domain.name = 'Some dapp';
      }),
      mutate((td) => {
        td.domain.version = '1';
      }),
      mutate((td) => {
        td.domain.revision = '0';
      }),
      mutate((td) => {
        (td.types.OutsideExecution[1] as { type: string }).type = 'u128';
      }),
      mutate((td) => {
        (td.types as Record<string, unknown>).Extra = [{ name: 'a', type: 'felt' }];
      }),
      mutate((td) => {
        (td.message as Record<string, unknown>).Extra = '0x1';
      }),
      mutate((td) => {
        (td.message.Calls[0] as Record<string, unknown>).Value = '0x1';
      }),
      mutate((td) => {
        td.message['Execute Before'] = '-5';
      }),
    ];
    for (const variant of variants) expectInvalid(() => outsideExecutionFromTypedData(variant));
  });
});
