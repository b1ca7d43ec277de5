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

/** A `Transfer`-keyed event that fits neither ERC-20 layout (or carries an invalid u256). */
export interface MalformedTransfer {
  token: string;
  malformed: true;
}

/**
 * The ERC-20 `Transfer` events among `events`, in both layouts in use on Starknet: `from` and
 * `to` as keys (Cairo 1 tokens) or in the data (older tokens). An event keyed `Transfer` that fits
 * neither layout is returned as `MalformedTransfer`, so that callers can fail closed on it.
 */
export function transferEvents(
  events: readonly EmittedEvent[],
): (TransferEvent | MalformedTransfer)[] {
  const out: (TransferEvent | MalformedTransfer)[] = [];
  for (const event of events) {
    if (event.keys.length === 0 || BigInt(event.keys[0]!) !== TRANSFER_EVENT) continue;
    const token = toFeltHex(BigInt(event.from_address));
    const fields =
      event.keys.length === 3 && event.data.length === 2
        ? [event.keys[1]!, event.keys[2]!, event.data[0]!, event.data[1]!]
        : event.keys.length === 1 && event.data.length === 4
          ? [...event.data]
          : undefined;
    if (fields === undefined) {
      out.push({ token, malformed: true });
      continue;
    }
    const [from, to, low, high] = fields.map((f) => BigInt(f!)) as [bigint, bigint, bigint, bigint];
    if (low >= U128_BOUND || high >= U128_BOUND) {
      out.push({ token, malformed: true });
      continue;
    }
    out.push({
      token,
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
 * `payTo`. Transfers by others (the submitter's fee payment) are ignored. Any `Transfer`-keyed
 * event of the asset that fits neither layout makes it false (fail closed).
 */
export function hasExactTransfer(
  events: readonly EmittedEvent[],
  expected: { asset: string; payer: string; payTo: string; amount: bigint },
): boolean {
  const ofAsset = transferEvents(events).filter((t) => BigInt(t.token) === BigInt(expected.asset));
  if (ofAsset.some((t) => 'malformed' in t)) return false;
  const fromPayer = (ofAsset as TransferEvent[]).filter(
    (t) => BigInt(t.from) === BigInt(expected.payer),
  );
  return (
    fromPayer.length === 1 &&
    BigInt(fromPayer[0]!.to) === BigInt(expected.payTo) &&
    fromPayer[0]!.amount === expected.amount
  );
}
