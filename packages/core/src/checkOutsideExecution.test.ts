import { describe, expect, it } from 'vitest';
import { checkOutsideExecution } from './checkOutsideExecution.js';

const oe = { caller: 'ANY_CALLER', nonce: 1, executeAfter: 100, executeBefore: 200, calls: [] };
const reason = (p: Partial<Parameters<typeof checkOutsideExecution>[0]>) => {
  const error = checkOutsideExecution({ outsideExecution: oe, now: 150, ...p });
  return error === undefined ? undefined : [error.code, error.details.reason];
};

describe('checkOutsideExecution', () => {
  it('accepts a window strictly containing now', () => {
    expect(reason({})).toBeUndefined();
  });

  it('refuses too early and expired (strict bounds)', () => {
    expect(reason({ now: 100 })).toEqual(['OUTSIDE_EXECUTION_REJECTED', 'outside/too-early']);
    expect(reason({ now: 200 })).toEqual(['OUTSIDE_EXECUTION_REJECTED', 'outside/expired']);
  });

  it('checks a named caller against the submitter', () => {
    const named = { ...oe, caller: '0xabc' };
    expect(reason({ outsideExecution: named, submitter: '0xabd' })?.[1]).toBe(
      'outside/invalid-caller',
    );
    expect(reason({ outsideExecution: named, submitter: '0x0ABC' })).toBeUndefined();
    expect(reason({ submitter: '0x123' })).toBeUndefined(); // ANY_CALLER
  });

  it('refuses a used nonce', () => {
    expect(reason({ nonceUsed: true })?.[1]).toBe('outside/duplicate-nonce');
  });
});
