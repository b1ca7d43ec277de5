import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeRevertReason, REVERT_REASON_CODES, sessionErrorFromRevert } from './revertReason.js';
import { encodeShortString } from './shortString.js';

const hexOf = (text: string) => `0x${encodeShortString(text).toString(16)}`;

describe('decodeRevertReason', () => {
  it('finds a hex felt in an RPC error message', () => {
    const message =
      'Account validation failed: Execution failed. Failure reason:\n' +
      '(0x4e4f4e5f454d505459, 0x73657373696f6e2f65787069726564).';
    expect(decodeRevertReason(new Error(message))).toEqual({
      code: 'SESSION_EXPIRED',
      reason: 'session/expired',
      felt: '0x73657373696f6e2f65787069726564',
    });
  });

  it('finds a decoded felt string', () => {
    expect(decodeRevertReason("Error at pc=0:12: 0x0 ('policy/exceeds-window')")?.code).toBe(
      'SESSION_SPENDING_LIMIT_EXCEEDED',
    );
  });

  it('looks into data, baseError, cause and felt arrays', () => {
    const rpc = {
      code: 41,
      message: 'Transaction execution error',
      data: { execution_error: hexOf('outside/duplicate-nonce') },
    };
    expect(decodeRevertReason({ baseError: rpc })?.code).toBe('OUTSIDE_EXECUTION_REJECTED');
    const wrapped = new Error('paymaster failed', {
      cause: new Error(`reverted: ${hexOf('account/only-self')}`),
    });
    expect(decodeRevertReason(wrapped)?.reason).toBe('account/only-self');
    expect(decodeRevertReason([1n, encodeShortString('session/self-call')])?.code).toBe(
      'SESSION_SELF_CALL_FORBIDDEN',
    );
  });

  it('returns the first reason in the text', () => {
    const text = `${hexOf('session/revoked')} then 'session/expired'`;
    expect(decodeRevertReason(text)?.reason).toBe('session/revoked');
    const text2 = `'session/expired' then ${hexOf('session/revoked')}`;
    expect(decodeRevertReason(text2)?.reason).toBe('session/expired');
  });

  it('maps every error felt of the contract table', () => {
    for (const [reason, code] of Object.entries(REVERT_REASON_CODES)) {
      expect(decodeRevertReason(`failure ${hexOf(reason)}`)).toEqual({
        code,
        reason,
        felt: hexOf(reason),
      });
      expect(decodeRevertReason(`failure '${reason}'`)?.code).toBe(code);
    }
    expect(Object.keys(REVERT_REASON_CODES)).toHaveLength(39);
  });

  it('decodes the value-based spending refusals into stable codes', () => {
    expect(decodeRevertReason(`failure ${hexOf('policy/allowance-left')}`)?.code).toBe(
      'SESSION_ALLOWANCE_LEFT',
    );
    expect(decodeRevertReason("('policy/forbidden-selector')")?.code).toBe(
      'SESSION_FORBIDDEN_SELECTOR',
    );
    expect(decodeRevertReason(hexOf('policy/too-many-policies'))?.code).toBe(
      'INVALID_SPENDING_POLICY',
    );
    expect(decodeRevertReason(hexOf('policy/bad-balance'))?.code).toBe('INVALID_SPENDING_POLICY');
  });

  it('returns undefined when no known felt is present', () => {
    expect(
      decodeRevertReason(new Error('ENTRYPOINT_FAILED 0x454e545259504f494e545f4641494c4544')),
    ).toBeUndefined();
    expect(decodeRevertReason("'session/unknown-thing'")).toBeUndefined();
    expect(decodeRevertReason(undefined)).toBeUndefined();
    expect(decodeRevertReason(42)).toBeUndefined();
  });

  it('survives cyclic objects', () => {
    const a: Record<string, unknown> = { message: 'x' };
    a.self = a;
    expect(decodeRevertReason(a)).toBeUndefined();
  });
});

describe('sessionErrorFromRevert', () => {
  it('wraps the original error as cause', () => {
    const original = new Error(`boom ${hexOf('session/max-calls-exceeded')}`);
    const error = sessionErrorFromRevert(original);
    expect(error?.code).toBe('SESSION_MAX_CALLS_EXCEEDED');
    expect(error?.cause).toBe(original);
    expect(error?.details).toMatchObject({ reason: 'session/max-calls-exceeded' });
    expect(sessionErrorFromRevert('nothing here')).toBeUndefined();
  });
});

describe('REVERT_REASON_CODES', () => {
  it('has an entry for every error felt of the account, and no other', () => {
    const errors = readFileSync(
      new URL('../../../contracts/account/src/errors.cairo', import.meta.url),
      'utf8',
    );
    const felts = [...errors.matchAll(/: felt252 = '([^']+)';/g)].map((match) => match[1]);
    expect(felts.length).toBeGreaterThan(30);
    expect([...felts].sort()).toEqual(Object.keys(REVERT_REASON_CODES).sort());
  });
});
