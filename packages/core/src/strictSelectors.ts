import { type FeltLike, parseFelt } from './felt.js';
import { getSelectorFromName } from './selector.js';

/** Grants over every asset of a contract: a strict session never calls them, on any contract. */
export const FORBIDDEN_IN_STRICT_ENTRYPOINTS: readonly string[] = [
  'set_approval_for_all',
  'setApprovalForAll',
];

/**
 * Entrypoints that move value by a rule the account does not decode (NFT and multi-token
 * transfers, vault withdrawals, burns, permits): a strict session calls them only on a contract it
 * has a spending policy on, where the account measures the balance.
 */
export const UNDECODED_VALUE_ENTRYPOINTS: readonly string[] = [
  'safe_transfer_from',
  'safeTransferFrom',
  'safe_batch_transfer_from',
  'safeBatchTransferFrom',
  'withdraw',
  'redeem',
  'burn',
  'burn_from',
  'burnFrom',
  'permit',
];

const FORBIDDEN: ReadonlySet<bigint> = /* @__PURE__ */ new Set(
  FORBIDDEN_IN_STRICT_ENTRYPOINTS.map(getSelectorFromName),
);
const UNDECODED: ReadonlySet<bigint> = /* @__PURE__ */ new Set(
  UNDECODED_VALUE_ENTRYPOINTS.map(getSelectorFromName),
);

/** Whether a strict session is refused this selector outright (`'policy/forbidden-selector'`). */
export function isForbiddenInStrict(selector: FeltLike): boolean {
  return FORBIDDEN.has(parseFelt(selector, 'selector'));
}

/** Whether a selector moves value in a way only a balance reading can tell. */
export function movesValueUndecoded(selector: FeltLike): boolean {
  return UNDECODED.has(parseFelt(selector, 'selector'));
}
