/**
 * Reorders the keys of a Cairo ABI the way the native Cairo compiler serializes it ("type" first,
 * then the fields in their declaration order). wasm-cairo emits the same ABI with keys sorted
 * alphabetically; the class hash covers the ABI text, and devnet re-serializes the ABI in the
 * canonical order, so a class declared with sorted keys would get a hash the client did not sign.
 */
type Json = unknown;
type Entry = Record<string, Json>;

const ITEM_KEYS: Record<string, string[]> = {
  function: ['type', 'name', 'inputs', 'outputs', 'state_mutability'],
  l1_handler: ['type', 'name', 'inputs', 'outputs', 'state_mutability'],
  constructor: ['type', 'name', 'inputs'],
  struct: ['type', 'name', 'members'],
  enum: ['type', 'name', 'variants'],
  interface: ['type', 'name', 'items'],
  impl: ['type', 'name', 'interface_name'],
  event: ['type', 'name', 'kind', 'members', 'variants'],
};

export function canonicalAbi(abi: Json): Json {
  if (!Array.isArray(abi)) throw new Error('ABI must be an array');
  return abi.map(canonicalItem);
}

function canonicalItem(item: Json): Entry {
  const entry = item as Entry;
  const type = String(entry.type);
  const keys = ITEM_KEYS[type];
  if (!keys) throw new Error(`unknown ABI item type ${type}`);
  const out: Entry = {};
  for (const key of keys) {
    if (!(key in entry)) continue;
    const value = entry[key];
    if (key === 'items') out[key] = (value as Json[]).map(canonicalItem);
    else if (key === 'inputs') out[key] = (value as Entry[]).map((v) => pick(v, ['name', 'type']));
    else if (key === 'outputs') out[key] = (value as Entry[]).map((v) => pick(v, ['type']));
    else if (key === 'members' && type === 'event')
      out[key] = (value as Entry[]).map((v) => pick(v, ['name', 'type', 'kind']));
    else if (key === 'members' || key === 'variants')
      out[key] = (value as Entry[]).map((v) => pick(v, ['name', 'type', 'kind']));
    else out[key] = value;
  }
  const unknown = Object.keys(entry).filter((k) => !keys.includes(k));
  if (unknown.length > 0) throw new Error(`unexpected ABI keys on ${type}: ${unknown.join(', ')}`);
  return out;
}

function pick(value: Entry, keys: string[]): Entry {
  const out: Entry = {};
  for (const key of keys) if (key in value) out[key] = value[key];
  const unknown = Object.keys(value).filter((k) => !keys.includes(k));
  if (unknown.length > 0) throw new Error(`unexpected ABI keys: ${unknown.join(', ')}`);
  return out;
}
