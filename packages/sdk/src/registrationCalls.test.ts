import { ACCOUNT_ENTRYPOINTS } from '@chipi-sessions/core';
import { describe, expect, it } from 'vitest';
import { registrationCalls } from './registrationCalls.js';

const ACCOUNT = '0x1234';
const NOW = 1_800_000_000;
const lastTwo = (call: { calldata?: unknown } | undefined) =>
  ((call?.calldata ?? []) as string[]).slice(-2).map(BigInt);

const base = {
  sessionPublicKey: '0x5678',
  validUntil: NOW + 3600,
  maxCalls: 5,
  allowedEntrypoints: ['transfer'],
};

describe('registrationCalls', () => {
  it('uses the v33 form when only bare entrypoints are given', () => {
    const [call] = registrationCalls(ACCOUNT, base, NOW);
    expect(call?.entrypoint).toBe(ACCOUNT_ENTRYPOINTS.addOrUpdateSessionKey);
  });

  it('uses the full form for an explicit strict: false, which the v33 form would not apply', () => {
    const [call] = registrationCalls(ACCOUNT, { ...base, strict: false }, NOW);
    expect(call?.entrypoint).toBe(ACCOUNT_ENTRYPOINTS.addOrUpdateSession);
    // ..., allowed_calls (len 1: contract 0, selector), strict = 0, max_fee_per_tx = 0
    expect(lastTwo(call)).toEqual([0n, 0n]);
  });

  it('uses the full form for strict sessions and fee caps', () => {
    const [strict] = registrationCalls(ACCOUNT, { ...base, strict: true }, NOW);
    const [capped] = registrationCalls(ACCOUNT, { ...base, maxFeePerTx: 10n ** 15n }, NOW);
    expect(strict?.entrypoint).toBe(ACCOUNT_ENTRYPOINTS.addOrUpdateSession);
    expect(lastTwo(strict)).toEqual([1n, 0n]);
    expect(capped?.entrypoint).toBe(ACCOUNT_ENTRYPOINTS.addOrUpdateSession);
  });
});
