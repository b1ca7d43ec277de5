import {
  getPublicKey,
  type OutsideExecutionInput,
  outsideExecutionHash,
  outsideExecutionTypedData,
  signOwnerHash,
} from '@chipi-sessions/core';
import type { PaymentPayload, PaymentRequirements } from '../scheme/x402Types.js';

export const PAYER = '0x5a11e7';
export const ASSET = '0xa55e7';
export const PAY_TO = '0xbee';
export const SUBMITTER = '0x5b';
export const NOW = 1_800_000_000;
export const OWNER_KEY = '0x1234567890abcdef';

export function requirements(extra: Partial<PaymentRequirements> = {}): PaymentRequirements {
  return {
    scheme: 'exact',
    network: 'starknet:SN_SEPOLIA',
    amount: '100000',
    asset: ASSET,
    payTo: PAY_TO,
    maxTimeoutSeconds: 300,
    extra: { areFeesSponsored: true, feePayer: SUBMITTER },
    ...extra,
  };
}

export function outsideExecution(
  extra: Partial<OutsideExecutionInput> = {},
): OutsideExecutionInput {
  return {
    caller: SUBMITTER,
    nonce: '0x77',
    executeAfter: 1,
    executeBefore: NOW + 300,
    calls: [{ contractAddress: ASSET, entrypoint: 'transfer', calldata: [PAY_TO, '100000', '0'] }],
    ...extra,
  };
}

/** A payload signed by the owner key over the given outside execution. */
export function payload(
  oe: OutsideExecutionInput = outsideExecution(),
  accepted: PaymentRequirements = requirements(),
): PaymentPayload {
  const h = outsideExecutionHash(oe, PAYER, 'SN_SEPOLIA');
  const signature = signOwnerHash(h, OWNER_KEY);
  return {
    x402Version: 2,
    resource: { url: 'http://127.0.0.1/data' },
    accepted,
    payload: {
      from: PAYER,
      outsideExecution: {
        typedData: outsideExecutionTypedData(oe, 'SN_SEPOLIA'),
        signature,
      },
    },
  };
}

export const OWNER_PUBLIC_KEY = getPublicKey(OWNER_KEY);
