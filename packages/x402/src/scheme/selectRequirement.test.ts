import { describe, expect, it } from 'vitest';
import { ASSET, PAY_TO, requirements } from '../testing/paymentFixture.js';
import { selectRequirement } from './selectRequirement.js';
import { isX402Error } from './X402Error.js';

const networks = ['starknet:SN_SEPOLIA'];
const asset = (maxPaymentAmount: bigint, network?: string) => ({
  address: ASSET,
  maxPaymentAmount,
  ...(network === undefined ? {} : { network }),
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isX402Error(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('selectRequirement (client spending controls)', () => {
  it('picks the first requirement that passes every control', () => {
    const dear = requirements({ amount: '5000000' });
    const fair = requirements();
    expect(selectRequirement([dear, fair], { networks, allowedAssets: [asset(100000n)] })).toBe(
      fair,
    );
  });

  it('refuses with the control that failed: unknown assets are never paid', () => {
    const r = [requirements()];
    expect(codeOf(() => selectRequirement(r, { networks, allowedAssets: [asset(99999n)] }))).toBe(
      'amount_exceeds_maximum',
    );
    expect(
      codeOf(() =>
        selectRequirement(r, { allowedAssets: [asset(100000n)], allowedRecipients: ['0x1'] }),
      ),
    ).toBe('recipient_not_allowed');
    expect(codeOf(() => selectRequirement(r, { networks, allowedAssets: [] }))).toBe(
      'asset_not_allowed',
    );
    expect(
      codeOf(() => selectRequirement(r, { allowedAssets: [asset(100000n, 'starknet:SN_MAIN')] })),
    ).toBe('asset_not_allowed');
    expect(
      codeOf(() =>
        selectRequirement(r, { networks: ['starknet:SN_MAIN'], allowedAssets: [asset(1n)] }),
      ),
    ).toBe('network_not_allowed');
    expect(
      selectRequirement(r, {
        networks,
        allowedRecipients: [PAY_TO],
        allowedAssets: [asset(100000n)],
      }),
    ).toBe(r[0]);
  });
});
