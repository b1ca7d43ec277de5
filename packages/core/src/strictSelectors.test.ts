import { describe, expect, it } from 'vitest';
import { getSelectorFromName } from './selector.js';
import { isForbiddenInStrict, movesValueUndecoded } from './strictSelectors.js';

describe('strict selectors', () => {
  it('forbids approval for all in both spellings, nothing else', () => {
    expect(isForbiddenInStrict(getSelectorFromName('set_approval_for_all'))).toBe(true);
    expect(isForbiddenInStrict(getSelectorFromName('setApprovalForAll'))).toBe(true);
    expect(isForbiddenInStrict(getSelectorFromName('approve'))).toBe(false);
  });

  it('names the value-moving selectors the account does not decode', () => {
    for (const name of [
      'safe_transfer_from',
      'safeBatchTransferFrom',
      'withdraw',
      'redeem',
      'burn',
    ])
      expect(movesValueUndecoded(getSelectorFromName(name))).toBe(true);
    expect(movesValueUndecoded(getSelectorFromName('transfer'))).toBe(false);
    expect(movesValueUndecoded(getSelectorFromName('balance_of'))).toBe(false);
  });
});
