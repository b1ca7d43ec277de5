import { describe, expect, it } from 'vitest';
import { normalizeAllowedCalls } from './allowedCalls.js';
import { assertSessionCalls, checkSessionCalls, type SessionState } from './checkSessionCalls.js';

const ACCOUNT = '0xacc';
const USDC = '0x5dc';
const OTHER = '0x07e';
const NOW = 1_000_000;

const session: SessionState = {
  status: 'active',
  validUntil: NOW + 3600,
  maxCalls: 10,
  callsUsed: 3,
  allowedCalls: normalizeAllowedCalls(['transfer', { contractAddress: OTHER, entrypoint: 'swap' }]),
  strict: false,
  maxFeePerTx: 1000n,
};

const transfer = (amount: bigint, token = USDC) => ({
  contractAddress: token,
  entrypoint: 'transfer',
  calldata: ['0x1', `0x${amount.toString(16)}`, '0x0'],
});

const check = (overrides: Partial<Parameters<typeof checkSessionCalls>[0]> = {}) =>
  checkSessionCalls({ session, calls: [transfer(5n)], account: ACCOUNT, now: NOW, ...overrides })
    ?.code;

describe('checkSessionCalls', () => {
  it('passes a compliant transaction', () => {
    expect(check()).toBeUndefined();
    expect(check({ now: session.validUntil })).toBeUndefined(); // now <= valid_until
    expect(check({ maxFee: 1000n, signatureValidUntil: session.validUntil })).toBeUndefined();
  });

  it('refuses unknown and revoked sessions', () => {
    expect(check({ session: { ...session, status: 'unknown' } })).toBe('SESSION_NOT_REGISTERED');
    expect(check({ session: { ...session, status: 'revoked' } })).toBe('SESSION_REVOKED');
  });

  it('refuses a signature valid_until that differs from the registered one', () => {
    expect(check({ signatureValidUntil: session.validUntil + 1 })).toBe(
      'SESSION_VALID_UNTIL_MISMATCH',
    );
  });

  it('refuses an expired session (now > valid_until)', () => {
    expect(check({ now: session.validUntil + 1 })).toBe('SESSION_EXPIRED');
  });

  it('refuses a session without remaining calls', () => {
    expect(check({ session: { ...session, callsUsed: 10 } })).toBe('SESSION_MAX_CALLS_EXCEEDED');
  });

  it('refuses a fee bound above the cap, and ignores the fee without a cap', () => {
    expect(check({ maxFee: 1001n })).toBe('SESSION_FEE_TOO_HIGH');
    expect(check({ maxFee: 10n ** 30n, session: { ...session, maxFeePerTx: 0n } })).toBeUndefined();
  });

  it('refuses a fee bound beyond what is left of the fee budget', () => {
    const budgeted = { ...session, maxFeePerTx: 0n, feeBudget: 1000n, feeUsed: 600n };
    expect(check({ maxFee: 400n, session: budgeted })).toBeUndefined();
    expect(check({ maxFee: 401n, session: budgeted })).toBe('SESSION_FEE_BUDGET_EXCEEDED');
  });

  it('refuses any call to the account itself and __execute__ anywhere, whatever the allow-list', () => {
    const open = { ...session, allowedCalls: [] };
    expect(
      check({ session: open, calls: [{ contractAddress: '0x0ACC', entrypoint: 'revoke_all' }] }),
    ).toBe('SESSION_SELF_CALL_FORBIDDEN');
    expect(
      check({ session: open, calls: [{ contractAddress: OTHER, entrypoint: '__execute__' }] }),
    ).toBe('SESSION_SELF_CALL_FORBIDDEN');
    expect(
      check({
        calls: [
          transfer(1n),
          { contractAddress: ACCOUNT, entrypoint: 'transfer', calldata: ['0x1', '0x1', '0x0'] },
        ],
      }),
    ).toBe('SESSION_SELF_CALL_FORBIDDEN');
  });

  it('enforces the allow-list, scoped and unscoped', () => {
    expect(check({ calls: [{ contractAddress: OTHER, entrypoint: 'swap' }] })).toBeUndefined();
    expect(check({ calls: [{ contractAddress: USDC, entrypoint: 'swap' }] })).toBe(
      'SESSION_ENTRYPOINT_NOT_ALLOWED',
    );
    expect(
      check({
        calls: [
          transfer(1n),
          { contractAddress: USDC, entrypoint: 'approve', calldata: ['0x1', '0x1', '0x0'] },
        ],
      }),
    ).toBe('SESSION_ENTRYPOINT_NOT_ALLOWED');
  });

  it('checks the allow-list before the spending policies', () => {
    const violation = checkSessionCalls({
      session,
      calls: [transfer(500n), { contractAddress: USDC, entrypoint: 'swap' }],
      account: ACCOUNT,
      now: NOW,
      policies: [{ token: USDC, maxPerCall: 10n, remainingInWindow: 10n }],
    });
    expect(violation?.code).toBe('SESSION_ENTRYPOINT_NOT_ALLOWED');
  });

  it('applies per-call and window limits, adding the calls of one transaction', () => {
    const policies = [{ token: USDC, maxPerCall: 100n, remainingInWindow: 150n }];
    expect(check({ policies, calls: [transfer(100n)] })).toBeUndefined();
    expect(check({ policies, calls: [transfer(101n)] })).toBe('SESSION_SPENDING_LIMIT_EXCEEDED');
    expect(check({ policies, calls: [transfer(100n), transfer(50n)] })).toBeUndefined();
    const over = checkSessionCalls({
      session,
      calls: [transfer(100n), transfer(51n)],
      account: ACCOUNT,
      now: NOW,
      policies,
    });
    expect(over?.code).toBe('SESSION_SPENDING_LIMIT_EXCEEDED');
    expect(over?.details).toMatchObject({ reason: 'policy/exceeds-window', index: 1 });
    expect(
      check({ policies: [{ ...policies[0]!, exists: false }], calls: [transfer(10n ** 9n)] }),
    ).toBeUndefined();
  });

  it('refuses value-moving calls without a policy only in strict sessions', () => {
    const strict = { ...session, strict: true };
    expect(check({ session: strict })).toBe('SESSION_NO_SPENDING_POLICY');
    expect(
      check({ session: strict, calls: [{ contractAddress: OTHER, entrypoint: 'swap' }] }),
    ).toBeUndefined();
    expect(
      check({
        session: strict,
        policies: [{ token: USDC, maxPerCall: 10n, remainingInWindow: 10n }],
      }),
    ).toBeUndefined();
  });

  it('refuses approval for all and undecoded value moves without a policy in strict sessions', () => {
    const open = { ...session, allowedCalls: [] };
    const strict = { ...open, strict: true };
    const policies = [{ token: USDC, maxPerCall: 10n, remainingInWindow: 10n }];
    const forAll = {
      contractAddress: USDC,
      entrypoint: 'set_approval_for_all',
      calldata: ['0x1', '0x1'],
    };
    expect(check({ session: strict, policies, calls: [forAll] })).toBe(
      'SESSION_FORBIDDEN_SELECTOR',
    );
    expect(check({ session: open, policies, calls: [forAll] })).toBeUndefined();
    const nft = { contractAddress: OTHER, entrypoint: 'safe_transfer_from', calldata: [] };
    expect(check({ session: strict, policies, calls: [nft] })).toBe('SESSION_NO_SPENDING_POLICY');
    expect(check({ session: open, policies, calls: [nft] })).toBeUndefined();
  });

  it('reports malformed value-moving calldata under a policy', () => {
    const policies = [{ token: USDC, maxPerCall: 100n, remainingInWindow: 150n }];
    const bad = { contractAddress: USDC, entrypoint: 'transfer', calldata: ['0x1', '0x1'] };
    expect(check({ policies, calls: [bad] })).toBe('SESSION_INVALID_CALLDATA');
  });

  it('throws from assertSessionCalls', () => {
    expect(() =>
      assertSessionCalls({
        session: { ...session, callsUsed: 10 },
        calls: [],
        account: ACCOUNT,
        now: NOW,
      }),
    ).toThrow(expect.objectContaining({ code: 'SESSION_MAX_CALLS_EXCEEDED' }));
  });
});
