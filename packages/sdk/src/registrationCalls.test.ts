import { ACCOUNT_ENTRYPOINTS } from '@chipi-sessions/core';
import { describe, expect, it } from 'vitest';
import { registrationCalls } from './registrationCalls.js';

const ACCOUNT = '0x1234';
const NOW = 1_800_000_000;
/** `strict, max_fee_per_tx, fee_budget`: the last three felts of the full form. */
const lastThree = (call: { calldata?: unknown } | undefined) =>
  ((call?.calldata ?? []) as string[]).slice(-3).map(BigInt);
/** The default budget of `base` (5 calls): 0.05 STRK per call. */
const DEFAULT_BUDGET = 5n * 5n * 10n ** 16n;

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
    // ..., allowed_calls (len 1: contract 0, selector), strict = 0, no fee cap, the default budget
    expect(lastThree(call)).toEqual([0n, 0n, DEFAULT_BUDGET]);
  });

  it('uses the full form for strict sessions and fee caps', () => {
    const [strict] = registrationCalls(ACCOUNT, { ...base, strict: true }, NOW);
    const [capped] = registrationCalls(ACCOUNT, { ...base, maxFeePerTx: 10n ** 15n }, NOW);
    expect(strict?.entrypoint).toBe(ACCOUNT_ENTRYPOINTS.addOrUpdateSession);
    expect(lastThree(strict)).toEqual([1n, 0n, DEFAULT_BUDGET]);
    expect(capped?.entrypoint).toBe(ACCOUNT_ENTRYPOINTS.addOrUpdateSession);
    // With a cap and no budget: the budget is the cap for every call.
    expect(lastThree(capped)).toEqual([0n, 10n ** 15n, 5n * 10n ** 15n]);
  });

  it('refuses more spending policies than the account lets a session hold', () => {
    const policy = (token: number) => ({
      token: `0x${(token + 1).toString(16)}`,
      maxPerCall: 1n,
      maxPerWindow: 1n,
      windowSeconds: 60,
    });
    const eight = Array.from({ length: 8 }, (_, i) => policy(i));
    expect(registrationCalls(ACCOUNT, { ...base, spendingPolicies: eight }, NOW)).toHaveLength(9);
    expect(() =>
      registrationCalls(ACCOUNT, { ...base, spendingPolicies: [...eight, policy(8)] }, NOW),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SPENDING_POLICY' }));
  });

  it('registers the fee budget the app gives, through the full form', () => {
    const [call] = registrationCalls(ACCOUNT, { ...base, feeBudget: 123n }, NOW);
    expect(call?.entrypoint).toBe(ACCOUNT_ENTRYPOINTS.addOrUpdateSession);
    expect(lastThree(call)).toEqual([0n, 0n, 123n]);
    expect(() => registrationCalls(ACCOUNT, { ...base, feeBudget: 'x' }, NOW)).toThrow(
      /feeBudget must be an integer/,
    );
  });
});
