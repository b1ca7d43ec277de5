import { getSelectorFromName, toFeltHex, U128_BOUND } from '@chipi-sessions/core';

const TRANSFER_EVENT = getSelectorFromName('Transfer');

/** An emitted event, as receipts list them. */
export interface EmittedEvent {
  from_address: string;
  keys: readonly string[];
  data: readonly string[];
}

/** An ERC-20 `Transfer` event. */
export interface TransferEvent {
  token: string;
  from: string;
  to: string;
  amount: bigint;
}

/**
 * The ERC-20 `Transfer` events among `events`, in both layouts in use on Starknet: `from` and
 * `to` as keys (Cairo 1 tokens) or in the data (older tokens).
 */
export function transferEvents(events: readonly EmittedEvent[]): TransferEvent[] {
  const out: TransferEvent[] = [];
  for (const event of events) {
    if (event.keys.length === 0 || BigInt(event.keys[0]!) !== TRANSFER_EVENT) continue;
    const fields =
      event.keys.length === 3 && event.data.length === 2
        ? [event.keys[1]!, event.keys[2]!, event.data[0]!, event.data[1]!]
        : event.keys.length === 1 && event.data.length === 4
          ? [...event.data]
          : undefined;
    if (fields === undefined) continue;
    const [from, to, low, high] = fields.map((f) => BigInt(f!)) as [bigint, bigint, bigint, bigint];
    if (low >= U128_BOUND || high >= U128_BOUND) continue;
    out.push({
      token: toFeltHex(BigInt(event.from_address)),
      from: toFeltHex(from),
      to: toFeltHex(to),
      amount: (high << 128n) | low,
    });
  }
  return out;
}

/**
 * Whether the events move exactly the expected payment out of the payer's account: among the
 * asset's transfers whose sender is the payer there is exactly one, and it pays `amount` to
 * `payTo`. Transfers by others (the submitter's fee payment) are ignored.
 */
export function hasExactTransfer(
  events: readonly EmittedEvent[],
  expected: { asset: string; payer: string; payTo: string; amount: bigint },
): boolean {
  const fromPayer = transferEvents(events).filter(
    (t) => BigInt(t.token) === BigInt(expected.asset) && BigInt(t.from) === BigInt(expected.payer),
  );
  return (
    fromPayer.length === 1 &&
    BigInt(fromPayer[0]!.to) === BigInt(expected.payTo) &&
    fromPayer[0]!.amount === expected.amount
  );
}
