import { getSelectorFromName, serializeOutsideExecution, toFeltHex } from '@chipi-sessions/core';
import type { RpcProvider } from 'starknet';
import { describe, expect, it } from 'vitest';
import type { CheckedExactPayment } from '../scheme/checkExactStarknetPayment.js';
import { findConsumingTransaction } from './findConsumingTransaction.js';

const TRANSFER = toFeltHex(getSelectorFromName('Transfer'));
const ASSET = '0xa55e7';
const PAYER = '0xba1e5';
const PAY_TO = '0x9a7';
const AMOUNT = 100_000n;
const OUTSIDE_EXECUTION = {
  caller: '0xfee',
  nonce: '0x77',
  executeAfter: 1,
  executeBefore: 2_000_000_000,
  calls: [{ contractAddress: ASSET, entrypoint: 'transfer', calldata: [PAY_TO, AMOUNT, 0n] }],
};
const checked = {
  claimedPayer: PAYER,
  outsideExecution: OUTSIDE_EXECUTION,
  transfer: { asset: ASSET, payTo: PAY_TO, amount: AMOUNT },
} as unknown as CheckedExactPayment;

interface Event {
  keys: string[];
  data: string[];
  transaction_hash: string;
}

/**
 * A node holding one settlement transaction whose `Transfer` is in `layout`, with
 * `starknet_getEvents` matching keys as the JSON-RPC specification says: an event matches when
 * it has a key at every filtered position, and the key is one of those accepted there.
 */
function nodeWith(layout: 'keyed' | 'data'): { provider: RpcProvider; filters: string[][][] } {
  const low = toFeltHex(AMOUNT);
  const transfer: Event =
    layout === 'keyed'
      ? { keys: [TRANSFER, PAYER, PAY_TO], data: [low, '0x0'], transaction_hash: '0x5e771e' }
      : { keys: [TRANSFER], data: [PAYER, PAY_TO, low, '0x0'], transaction_hash: '0x5e771e' };
  const feeTransfer: Event = { ...transfer, transaction_hash: '0xfee' };
  const events = [feeTransfer, transfer];
  const filters: string[][][] = [];
  const provider = {
    getBlockNumber: async () => 10,
    getEvents: async (filter: { keys: string[][] }) => {
      filters.push(filter.keys);
      const matches = events.filter((event) =>
        filter.keys.every(
          (accepted, i) =>
            accepted.length === 0 ||
            (event.keys[i] !== undefined &&
              accepted.some((k) => BigInt(k) === BigInt(event.keys[i]!))),
        ),
      );
      return { events: matches.map((event) => ({ ...event, from_address: ASSET })) };
    },
    getTransactionByHash: async (hash: string) => ({
      calldata:
        hash === '0x5e771e'
          ? [
              '0x1',
              PAYER,
              toFeltHex(getSelectorFromName('execute_from_outside_v2')),
              '0x20',
              ...serializeOutsideExecution(OUTSIDE_EXECUTION),
            ]
          : ['0x0'],
    }),
    getTransactionReceipt: async (hash: string) => ({
      execution_status: 'SUCCEEDED',
      events: [{ ...(hash === '0x5e771e' ? transfer : feeTransfer), from_address: ASSET }],
    }),
  } as unknown as RpcProvider;
  return { provider, filters };
}

describe('findConsumingTransaction', () => {
  it('finds a keyed-layout payment with the payer and recipient filter alone', async () => {
    const node = nodeWith('keyed');
    expect(await findConsumingTransaction(node.provider, checked)).toBe('0x5e771e');
    expect(node.filters).toEqual([
      [[TRANSFER], [toFeltHex(BigInt(PAYER))], [toFeltHex(BigInt(PAY_TO))]],
    ]);
  });

  it('finds a data-layout payment, which the keyed filter cannot select', async () => {
    const node = nodeWith('data');
    expect(await findConsumingTransaction(node.provider, checked)).toBe('0x5e771e');
    expect(node.filters).toHaveLength(2);
    expect(node.filters[1]).toEqual([[TRANSFER]]);
  });

  it('stops at the first keyed event of a token that emits the keyed layout', async () => {
    const node = nodeWith('keyed');
    const other = { ...checked, transfer: { ...checked.transfer, amount: AMOUNT + 1n } };
    expect(await findConsumingTransaction(node.provider, other)).toBeUndefined();
    expect(node.filters).toHaveLength(2);
  });
});
