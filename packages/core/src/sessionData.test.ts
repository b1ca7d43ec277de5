import { describe, expect, it } from 'vitest';
import { decodeAllowedCalls, decodeSessionData } from './sessionData.js';

const TRANSFER = '0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e';

describe('decodeSessionData', () => {
  it('decodes the 10-felt SessionData with the allow-list', () => {
    const data = decodeSessionData({
      sessionData: [
        '0x6553f100',
        '0x64',
        '0x3',
        '0x2',
        '0x1',
        '0x61',
        '0x1',
        '0x2386f26fc10000',
        '0xde0b6b3a7640000',
        '0x2386f26fc10000',
      ],
      allowedCalls: ['0x2', '0x0', TRANSFER, '0x5', '0xabc'],
    });
    expect(data).toEqual({
      isActive: true,
      validUntil: 1_700_000_000,
      remainingCalls: 97,
      allowedEntrypoints: [TRANSFER, '0xabc'],
      allowedCalls: [
        { contract: '0x0', selector: TRANSFER },
        { contract: '0x5', selector: '0xabc' },
      ],
      status: 'active',
      callsUsed: 3,
      maxCalls: 100,
      strict: true,
      maxFeePerTx: 10n ** 16n,
      feeBudget: 10n ** 18n,
      feeUsed: 10n ** 16n,
      feeBudgetLeft: 10n ** 18n - 10n ** 16n,
    });
  });

  it('reports unknown, expired, revoked and exhausted sessions as inactive', () => {
    const statuses = ['unknown', 'active', 'expired', 'revoked', 'exhausted'];
    for (const [code, status] of statuses.entries()) {
      const data = decodeSessionData({
        sessionData: ['0x0', '0x0', '0x0', '0x0', `0x${code}`, '0x0', '0x0', '0x0', '0x0', '0x0'],
        allowedCalls: ['0x0'],
      });
      expect(data.status).toBe(status);
      expect(data.isActive).toBe(status === 'active');
    }
  });

  it('refuses malformed results', () => {
    const ok = ['0x1', '0x1', '0x0', '0x0', '0x1', '0x1', '0x0', '0x0', '0x0', '0x0'];
    expect(() => decodeSessionData({ sessionData: ok.slice(1), allowedCalls: ['0x0'] })).toThrow(
      /10 felts/,
    );
    const badStatus = [...ok];
    badStatus[4] = '0x5';
    expect(() => decodeSessionData({ sessionData: badStatus, allowedCalls: ['0x0'] })).toThrow(
      /status/,
    );
    const badBool = [...ok];
    badBool[6] = '0x2';
    expect(() => decodeSessionData({ sessionData: badBool, allowedCalls: ['0x0'] })).toThrow(
      /bool/,
    );
    const lenMismatch = [...ok];
    lenMismatch[3] = '0x1';
    expect(() => decodeSessionData({ sessionData: lenMismatch, allowedCalls: ['0x0'] })).toThrow(
      /allowed_entrypoints_len/,
    );
  });
});

describe('decodeAllowedCalls', () => {
  it('checks the array length', () => {
    expect(decodeAllowedCalls(['0x0'])).toEqual([]);
    expect(() => decodeAllowedCalls(['0x1', '0x0'])).toThrow(/needs 3 felts/);
    expect(() => decodeAllowedCalls([])).toThrow();
  });
});
