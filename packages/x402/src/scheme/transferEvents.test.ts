import { getSelectorFromName, toFeltHex } from '@chipi-sessions/core';
import { describe, expect, it } from 'vitest';
import { type EmittedEvent, hasExactTransfer } from './transferEvents.js';

const TRANSFER = toFeltHex(getSelectorFromName('Transfer'));
const ASSET = '0xa55e7';
const expected = { asset: ASSET, payer: '0x1', payTo: '0x2', amount: 5n };
const keyed = (from: string, to: string, low: string): EmittedEvent => ({
  from_address: ASSET,
  keys: [TRANSFER, from, to],
  data: [low, '0x0'],
});

describe('hasExactTransfer', () => {
  it('accepts exactly one payer→payTo transfer of the amount, in both layouts', () => {
    expect(hasExactTransfer([keyed('0x1', '0x2', '0x5')], expected)).toBe(true);
    const legacy = { from_address: ASSET, keys: [TRANSFER], data: ['0x1', '0x2', '0x5', '0x0'] };
    expect(hasExactTransfer([legacy], expected)).toBe(true);
    // The executor's fee transfer (another sender) is not the payment and does not count.
    expect(
      hasExactTransfer([keyed('0x9', '0x8', '0x7'), keyed('0x1', '0x2', '0x5')], expected),
    ).toBe(true);
  });

  it('refuses none, two, another amount or recipient', () => {
    expect(hasExactTransfer([], expected)).toBe(false);
    const one = keyed('0x1', '0x2', '0x5');
    expect(hasExactTransfer([one, one], expected)).toBe(false);
    expect(hasExactTransfer([keyed('0x1', '0x2', '0x4')], expected)).toBe(false);
    expect(hasExactTransfer([keyed('0x1', '0x3', '0x5')], expected)).toBe(false);
  });

  it('fails closed on a Transfer-keyed event of the asset that fits neither layout', () => {
    const ok = keyed('0x1', '0x2', '0x5');
    const odd = { from_address: ASSET, keys: [TRANSFER, '0x1'], data: ['0x2', '0x5', '0x0'] };
    const hugeLimb = { ...keyed('0x1', '0x2', '0x5'), data: [toFeltHex(2n ** 128n), '0x0'] };
    expect(hasExactTransfer([ok, odd], expected)).toBe(false);
    expect(hasExactTransfer([ok, hugeLimb], expected)).toBe(false);
    // The same odd shape from another contract (an NFT's Transfer) is not the asset's concern.
    expect(hasExactTransfer([ok, { ...odd, from_address: '0xdead' }], expected)).toBe(true);
  });
});
