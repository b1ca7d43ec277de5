import { describe, expect, it } from 'vitest';
import { isCallAllowed, MAX_ALLOWED_CALLS, normalizeAllowedCalls } from './allowedCalls.js';
import { isChipiSessionError } from './ChipiSessionError.js';

const TRANSFER = '0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e';
const ACCOUNT = '0xacc';
const USDC = '0x33068f6';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isChipiSessionError(e) ? e.code : 'other';
  }
  return undefined;
}

describe('normalizeAllowedCalls', () => {
  it('turns names into selectors and keeps hex selectors', () => {
    expect(normalizeAllowedCalls(['transfer'])).toEqual([{ contract: '0x0', selector: TRANSFER }]);
    expect(normalizeAllowedCalls([TRANSFER.toUpperCase().replace('0X', '0x')])).toEqual([
      { contract: '0x0', selector: TRANSFER },
    ]);
  });

  it('scopes entries to a contract', () => {
    expect(
      normalizeAllowedCalls([{ contractAddress: `0x000${USDC.slice(2)}`, entrypoint: 'transfer' }]),
    ).toEqual([{ contract: USDC, selector: TRANSFER }]);
  });

  it('drops numeric duplicates', () => {
    expect(normalizeAllowedCalls(['transfer', TRANSFER, `0x00${TRANSFER.slice(2)}`])).toHaveLength(
      1,
    );
  });

  it('refuses empty, malformed and zero entries with SESSION_INVALID_CONFIG', () => {
    for (const bad of [
      '',
      '  ',
      'not a name',
      '0x0',
      '0xzz',
      { contractAddress: '0x0', entrypoint: 'transfer' },
      { contractAddress: USDC, entrypoint: '' },
    ]) {
      expect(codeOf(() => normalizeAllowedCalls([bad]))).toBe('SESSION_INVALID_CONFIG');
    }
  });

  it('refuses entries naming the account itself or __execute__', () => {
    expect(
      codeOf(() =>
        normalizeAllowedCalls(
          [{ contractAddress: '0x0ACC', entrypoint: 'add_or_update_session' }],
          {
            accountAddress: ACCOUNT,
          },
        ),
      ),
    ).toBe('SESSION_SELF_CALL_FORBIDDEN');
    expect(codeOf(() => normalizeAllowedCalls(['__execute__']))).toBe(
      'SESSION_SELF_CALL_FORBIDDEN',
    );
  });

  it('refuses more than 64 entries', () => {
    const many = Array.from(
      { length: MAX_ALLOWED_CALLS + 1 },
      (_, i) => `0x${(i + 1).toString(16)}`,
    );
    expect(codeOf(() => normalizeAllowedCalls(many))).toBe('SESSION_INVALID_CONFIG');
    expect(normalizeAllowedCalls(many.slice(0, MAX_ALLOWED_CALLS))).toHaveLength(MAX_ALLOWED_CALLS);
  });

  it('checks the entry count before the self-call ban, like the account', () => {
    const many = Array.from({ length: MAX_ALLOWED_CALLS }, (_, i) => `0x${(i + 1).toString(16)}`);
    const withSelf = [...many, { contractAddress: ACCOUNT, entrypoint: 'upgrade' }];
    expect(codeOf(() => normalizeAllowedCalls(withSelf, { accountAddress: ACCOUNT }))).toBe(
      'SESSION_INVALID_CONFIG',
    );
  });
});

describe('isCallAllowed', () => {
  const list = normalizeAllowedCalls([
    'approve',
    { contractAddress: USDC, entrypoint: 'transfer' },
  ]);

  it('allows everything with an empty list', () => {
    expect(isCallAllowed([], '0x1', TRANSFER)).toBe(true);
  });

  it('matches (to, selector) or (0, selector)', () => {
    expect(isCallAllowed(list, USDC, TRANSFER)).toBe(true);
    expect(isCallAllowed(list, '0x999', TRANSFER)).toBe(false);
    expect(isCallAllowed(list, '0x999', normalizeAllowedCalls(['approve'])[0]!.selector)).toBe(
      true,
    );
  });
});
