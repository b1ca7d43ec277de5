import { type constants, ETransactionVersion3, hash } from 'starknet';
import { describe, expect, it } from 'vitest';
import { isChipiSessionError } from './ChipiSessionError.js';
import { StarknetChainId } from './chainId.js';
import { FIELD_PRIME, toFeltHex } from './felt.js';
import {
  type InvokeV3Transaction,
  invokeV3SignerDetailsHash,
  invokeV3TransactionHash,
} from './invokeV3TransactionHash.js';
import { encodeShortString } from './shortString.js';
import { xorshift32 } from './testing/xorshift32.js';

const P = FIELD_PRIME;
const U64_MAX = 2n ** 64n - 1n;
const U128_MAX = 2n ** 128n - 1n;
const CHAIN_IDS = [
  StarknetChainId.SN_MAIN,
  StarknetChainId.SN_SEPOLIA,
  toFeltHex(encodeShortString('SN_DEVNET')),
];

function randomTransactions(count: number, seed: number) {
  const next = xorshift32(seed);
  const pick = <T>(items: readonly T[]) => items[next() % items.length] as T;
  const bits = (n: number) => {
    let v = 0n;
    for (let i = 0; i < Math.ceil(n / 32); i++) v = (v << 32n) | BigInt(next());
    return v & ((1n << BigInt(n)) - 1n);
  };
  const felt = () => pick([0n, 1n, P - 1n, bits(252) % P, bits(64), bits(252) % P]);
  const felts = (max: number) => Array.from({ length: next() % (max + 1) }, felt);
  const amount = () => pick([0n, U64_MAX, bits(64), bits(24)]);
  const price = () => pick([0n, U128_MAX, bits(128), bits(48)]);
  const bound = () => ({ max_amount: amount(), max_price_per_unit: price() });
  const mode = () => pick(['L1', 'L2'] as const);
  return Array.from({ length: count }, () => ({
    senderAddress: felt(),
    version: pick([ETransactionVersion3.V3, ETransactionVersion3.F3]),
    compiledCalldata: felts(20),
    chainId: pick(CHAIN_IDS),
    nonce: pick([0n, 1n, bits(32), bits(64), felt()]),
    tip: pick([0n, 1n, U64_MAX, bits(64), bits(16)]),
    resourceBounds: { l1_gas: bound(), l2_gas: bound(), l1_data_gas: bound() },
    paymasterData: next() % 3 === 0 ? felts(4) : [],
    accountDeploymentData: next() % 3 === 0 ? felts(4) : [],
    nonceDataAvailabilityMode: mode(),
    feeDataAvailabilityMode: mode(),
  }));
}

function reference(tx: ReturnType<typeof randomTransactions>[number], proofFacts?: bigint[]) {
  return BigInt(
    hash.calculateInvokeTransactionHash({
      ...tx,
      compiledCalldata: tx.compiledCalldata.map((v) => toFeltHex(v)),
      // starknet.js types the chain id as the public networks only; any felt hashes the same.
      chainId: tx.chainId as constants.StarknetChainId,
      nonceDataAvailabilityMode: tx.nonceDataAvailabilityMode === 'L1' ? 0 : 1,
      feeDataAvailabilityMode: tx.feeDataAvailabilityMode === 'L1' ? 0 : 1,
      ...(proofFacts === undefined ? {} : { proofFacts }),
    }),
  );
}

const BASE: InvokeV3Transaction = {
  senderAddress: '0x64b48806902a367c8598f4f95c305e8c1a1acba5f082d294a43793113115691',
  compiledCalldata: ['0x1', '0x4718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d'],
  chainId: StarknetChainId.SN_SEPOLIA,
  nonce: 7,
  resourceBounds: {
    l1_gas: { max_amount: 0, max_price_per_unit: 0x5af3107a4000n },
    l2_gas: { max_amount: 0x2000000n, max_price_per_unit: 0x2cb417800n },
    l1_data_gas: { max_amount: 0x200n, max_price_per_unit: 0x5af3107a4000n },
  },
};

function invalid(tx: InvokeV3Transaction): boolean {
  try {
    invokeV3TransactionHash(tx);
  } catch (error) {
    return isChipiSessionError(error, 'INVALID_INPUT');
  }
  return false;
}

describe('invokeV3TransactionHash', () => {
  it('equals starknet.js on 250 seeded random V3 invoke transactions', () => {
    for (const tx of randomTransactions(250, 0x7a5)) {
      expect(toFeltHex(invokeV3TransactionHash(tx))).toBe(toFeltHex(reference(tx)));
    }
  });

  it('covers proof facts only when there are some, as starknet.js does', () => {
    for (const tx of randomTransactions(20, 0xfac7)) {
      const facts = [...tx.compiledCalldata, 5n];
      expect(invokeV3TransactionHash({ ...tx, proofFacts: facts })).toBe(reference(tx, facts));
      expect(invokeV3TransactionHash({ ...tx, proofFacts: [] })).toBe(reference(tx));
    }
  });

  it('defaults to version 3, no tip, empty data and L1 modes', () => {
    expect(invokeV3TransactionHash(BASE)).toBe(
      invokeV3TransactionHash({
        ...BASE,
        version: 3,
        tip: 0,
        paymasterData: [],
        accountDeploymentData: [],
        nonceDataAvailabilityMode: 0,
        feeDataAvailabilityMode: 'L1',
      }),
    );
    expect(invokeV3TransactionHash({ ...BASE, chainId: 'SN_SEPOLIA' })).toBe(
      invokeV3TransactionHash(BASE),
    );
  });

  it('refuses what the protocol cannot encode', () => {
    const { l1_data_gas: _, ...twoBounds } = BASE.resourceBounds;
    expect(invalid({ ...BASE, version: 1 })).toBe(true);
    expect(invalid({ ...BASE, version: 2n ** 128n + 1n })).toBe(true);
    expect(invalid({ ...BASE, resourceBounds: twoBounds })).toBe(true);
    expect(invalid({ ...BASE, tip: 2n ** 64n })).toBe(true);
    expect(
      invalid({
        ...BASE,
        resourceBounds: {
          ...BASE.resourceBounds,
          l2_gas: { max_amount: 2n ** 64n, max_price_per_unit: 1 },
        },
      }),
    ).toBe(true);
    expect(
      invalid({
        ...BASE,
        resourceBounds: {
          ...BASE.resourceBounds,
          l1_gas: { max_amount: 1, max_price_per_unit: 2n ** 128n },
        },
      }),
    ).toBe(true);
    expect(invalid({ ...BASE, compiledCalldata: [P] })).toBe(true);
    expect(invalid({ ...BASE, feeDataAvailabilityMode: 2 as 0 })).toBe(true);
  });
});

describe('invokeV3SignerDetailsHash', () => {
  it('hashes what a signer receives (walletAddress, calldata apart) as starknet.js does', () => {
    for (const tx of randomTransactions(20, 0x5163)) {
      const { senderAddress, compiledCalldata, ...rest } = tx;
      const details = {
        ...rest,
        walletAddress: senderAddress,
        cairoVersion: '1',
        skipValidate: false,
      };
      expect(invokeV3SignerDetailsHash(compiledCalldata, details)).toBe(reference(tx));
    }
  });
});
