import { describe, expect, it } from 'vitest';
import { isChipiSessionError } from './ChipiSessionError.js';
import { createOutsideExecution } from './createOutsideExecution.js';
import { toFeltHex } from './felt.js';
import { ANY_CALLER } from './outsideExecution.js';
import { getSelectorFromName } from './selector.js';

const TOKEN = '0x53c91253bc9682c04929ca02ed00b3e423f6710d2ee7e0d5ebb06f3ecf368a8';
const calls = [{ contractAddress: TOKEN, entrypoint: 'transfer', calldata: ['0x9', 5, 0] }];
const fixed = (n: number) => new Uint8Array(n).fill(0xab);

describe('createOutsideExecution', () => {
  it('fills a random nonce, ANY_CALLER and the window (now - 300, now + ttl) as hex felts', () => {
    const oe = createOutsideExecution({ calls, now: 1_000_000, ttlSeconds: 600, random: fixed });
    expect(oe).toEqual({
      caller: toFeltHex(ANY_CALLER),
      nonce: `0x${'ab'.repeat(16)}`,
      executeAfter: toFeltHex(1_000_000 - 300),
      executeBefore: toFeltHex(1_000_600),
      calls: [
        {
          contractAddress: TOKEN,
          entrypoint: toFeltHex(getSelectorFromName('transfer')),
          calldata: ['0x9', '0x5', '0x0'],
        },
      ],
    });
  });

  it('never extends past notAfter + 1 and takes an explicit caller and start', () => {
    const oe = createOutsideExecution({
      calls,
      now: 1000,
      ttlSeconds: 600,
      notAfter: 1200,
      caller: '0x123',
      executeAfter: 1,
    });
    expect([oe.caller, oe.executeAfter, oe.executeBefore]).toEqual(['0x123', '0x1', '0x4b1']);
  });

  it('refuses an empty window with INVALID_INPUT', () => {
    let error: unknown;
    try {
      createOutsideExecution({
        calls,
        now: 1000,
        ttlSeconds: 600,
        notAfter: 100,
        executeAfter: 700,
      });
    } catch (e) {
      error = e;
    }
    expect(isChipiSessionError(error, 'INVALID_INPUT')).toBe(true);
  });
});
