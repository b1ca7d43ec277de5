import { ChipiSessionError } from './ChipiSessionError.js';
import { type CallInput, type FeltCall, normalizeCall } from './call.js';
import { type FeltLike, parseFelt } from './felt.js';
import { getSelectorFromName } from './selector.js';
import { U128_BOUND } from './u256.js';

/** How a value-moving selector lays out its calldata. */
interface SpendLayout {
  /** Exact calldata length. */
  length: number;
  /** Index of the amount's low limb (the high limb follows). */
  amountAt: number;
  /** Whether the first argument is a sender that must be the account for the spend to count. */
  fromSender: boolean;
}

const TRANSFER: SpendLayout = { length: 3, amountAt: 1, fromSender: false };
const TRANSFER_FROM: SpendLayout = { length: 4, amountAt: 2, fromSender: true };

/** The value-moving entrypoints the account meters, by name. */
export const VALUE_MOVING_ENTRYPOINTS: readonly string[] = [
  'transfer',
  'approve',
  'increase_allowance',
  'increaseAllowance',
  'transfer_from',
  'transferFrom',
];

const LAYOUTS: ReadonlyMap<bigint, SpendLayout> = /* @__PURE__ */ new Map(
  VALUE_MOVING_ENTRYPOINTS.map((name) => [
    getSelectorFromName(name),
    name === 'transfer_from' || name === 'transferFrom' ? TRANSFER_FROM : TRANSFER,
  ]),
);

/** The amount a value-moving call spends from a token. */
export interface Spend {
  /** The token contract (the call target), hex. */
  token: string;
  /** Amount in token base units; 0 for a `transfer_from` whose sender is not the account. */
  amount: bigint;
}

/** Whether a selector is one of the value-moving selectors. */
export function isValueMovingSelector(selector: FeltLike): boolean {
  return LAYOUTS.has(parseFelt(selector, 'selector'));
}

/**
 * What a call spends from its target token, mirroring the account's table:
 * `transfer`/`approve`/`increase_allowance`/`increaseAllowance` take `(who, amount.low,
 * amount.high)`; `transfer_from`/`transferFrom` take `(sender, recipient, amount.low, amount.high)`
 * and count only when `sender` is the account. Returns `undefined` for any other selector.
 *
 * Throws `SESSION_INVALID_CALLDATA` when the calldata length differs from the table
 * (`'policy/bad-calldata'`) or a limb does not fit u128 (`'policy/bad-amount'`).
 */
export function spendOfCall(
  call: CallInput | FeltCall,
  accountAddress: FeltLike,
): Spend | undefined {
  const c = 'to' in call ? call : normalizeCall(call);
  const layout = LAYOUTS.get(c.selector);
  if (layout === undefined) return undefined;
  const token = `0x${c.to.toString(16)}`;
  if (c.calldata.length !== layout.length) {
    throw new ChipiSessionError(
      'SESSION_INVALID_CALLDATA',
      `value-moving call needs ${layout.length} calldata felts, got ${c.calldata.length}`,
      { details: { reason: 'policy/bad-calldata', token, expected: layout.length } },
    );
  }
  const low = c.calldata[layout.amountAt] as bigint;
  const high = c.calldata[layout.amountAt + 1] as bigint;
  if (low >= U128_BOUND || high >= U128_BOUND) {
    throw new ChipiSessionError('SESSION_INVALID_CALLDATA', 'amount limb does not fit u128', {
      details: { reason: 'policy/bad-amount', token },
    });
  }
  const amount = (high << 128n) | low;
  if (layout.fromSender && c.calldata[0] !== parseFelt(accountAddress, 'accountAddress')) {
    return { token, amount: 0n };
  }
  return { token, amount };
}
