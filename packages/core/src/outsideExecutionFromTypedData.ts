import { invalidInput } from './ChipiSessionError.js';
import type { CallInput } from './call.js';
import { parseChainId } from './chainId.js';
import { type FeltLike, parseInteger, toFeltHex } from './felt.js';
import type { OutsideExecutionInput } from './outsideExecution.js';
import { normalizeOutsideExecution } from './outsideExecution.js';
import { OUTSIDE_EXECUTION_DOMAIN_NAME } from './outsideExecutionHash.js';

const DOMAIN_TYPE = [
  ['name', 'shortstring'],
  ['version', 'shortstring'],
  ['chainId', 'shortstring'],
  ['revision', 'shortstring'],
] as const;

const OE_TYPE = [
  ['Caller', 'ContractAddress'],
  ['Nonce', 'felt'],
  ['Execute After', 'u128'],
  ['Execute Before', 'u128'],
  ['Calls', 'Call*'],
] as const;

const CALL_TYPE = [
  ['To', 'ContractAddress'],
  ['Selector', 'selector'],
  ['Calldata', 'felt*'],
] as const;

/** What `outsideExecutionFromTypedData` recognised. */
export interface ParsedOutsideExecutionTypedData {
  outsideExecution: OutsideExecutionInput;
  /** The domain's chain id as a felt. */
  chainId: bigint;
}

/**
 * The inverse of `outsideExecutionTypedData`: recognises SNIP-12 revision-1 typed data of a
 * SNIP-9 v2 `OutsideExecution` (as starknet.js and wallets build it) and returns the outside
 * execution and chain id it describes. Anything else — another primary type, another domain
 * name or version, extra or renamed types or fields, SNIP-9 v1 — throws `INVALID_INPUT`, so a
 * caller can refuse to sign typed data that is not exactly an outside execution.
 *
 * Values may be hex or decimal strings, numbers or bigints; `Selector` may be an entrypoint name
 * (SNIP-12 `selector` type) or a selector; `Caller` may be `'ANY_CALLER'`.
 *
 * @example
 * ```ts
 * const { outsideExecution, chainId } = outsideExecutionFromTypedData(typedData);
 * const h = outsideExecutionHash(outsideExecution, account, chainId);
 * ```
 */
export function outsideExecutionFromTypedData(typedData: unknown): ParsedOutsideExecutionTypedData {
  const td = asRecord(typedData, 'typedData');
  if (td.primaryType !== 'OutsideExecution') {
    throw invalidInput('typed data is not an OutsideExecution', { primaryType: td.primaryType });
  }
  const types = asRecord(td.types, 'typedData.types');
  const typeNames = Object.keys(types).sort();
  if (typeNames.join(',') !== 'Call,OutsideExecution,StarknetDomain') {
    throw invalidInput('typed data types are not exactly StarknetDomain, OutsideExecution, Call', {
      types: typeNames,
    });
  }
  checkMembers(types.StarknetDomain, DOMAIN_TYPE, 'StarknetDomain');
  checkMembers(types.OutsideExecution, OE_TYPE, 'OutsideExecution');
  checkMembers(types.Call, CALL_TYPE, 'Call');

  const domain = asRecord(td.domain, 'typedData.domain');
  checkKeys(domain, ['chainId', 'name', 'revision', 'version'], 'domain');
  if (domain.name !== OUTSIDE_EXECUTION_DOMAIN_NAME) {
    throw invalidInput(`domain name is not ${OUTSIDE_EXECUTION_DOMAIN_NAME}`, {
      name: domain.name,
    });
  }
  if (!isSmallInteger(domain.version, 2n))
    throw invalidInput('domain version is not 2 (SNIP-9 v2)');
  if (!isSmallInteger(domain.revision, 1n))
    throw invalidInput('domain revision is not 1 (SNIP-12 revision 1)');
  const chainId = parseChainId(asFeltLike(domain.chainId, 'domain.chainId'));

  const message = asRecord(td.message, 'typedData.message');
  checkKeys(message, ['Caller', 'Calls', 'Execute After', 'Execute Before', 'Nonce'], 'message');
  if (!Array.isArray(message.Calls)) throw invalidInput('message.Calls is not an array');
  const calls: CallInput[] = message.Calls.map((raw: unknown, i: number) => {
    const call = asRecord(raw, `message.Calls[${i}]`);
    checkKeys(call, ['Calldata', 'Selector', 'To'], `message.Calls[${i}]`);
    if (!Array.isArray(call.Calldata))
      throw invalidInput(`message.Calls[${i}].Calldata is not an array`);
    return {
      contractAddress: asFeltLike(call.To, `message.Calls[${i}].To`),
      entrypoint: selectorText(call.Selector, i),
      calldata: call.Calldata.map((item: unknown, j: number) =>
        asFeltLike(item, `message.Calls[${i}].Calldata[${j}]`),
      ),
    };
  });
  const caller =
    message.Caller === 'ANY_CALLER' ? 'ANY_CALLER' : asFeltLike(message.Caller, 'Caller');
  const outsideExecution: OutsideExecutionInput = {
    caller,
    nonce: asFeltLike(message.Nonce, 'Nonce'),
    executeAfter: asFeltLike(message['Execute After'], 'Execute After'),
    executeBefore: asFeltLike(message['Execute Before'], 'Execute Before'),
    calls,
  };
  normalizeOutsideExecution(outsideExecution); // validates every value
  return { outsideExecution, chainId };
}

function asRecord(value: unknown, name: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidInput(`${name} is not an object`);
  }
  return value as Record<string, unknown>;
}

function asFeltLike(value: unknown, name: string): FeltLike {
  if (typeof value === 'string' || typeof value === 'bigint' || typeof value === 'number') {
    return value;
  }
  throw invalidInput(`${name} is not a felt`, { name });
}

function checkKeys(record: Record<string, unknown>, expected: readonly string[], name: string) {
  const keys = Object.keys(record).sort();
  if (keys.join('\u0000') !== [...expected].sort().join('\u0000')) {
    throw invalidInput(`${name} has fields ${keys.join(', ')}; expected ${expected.join(', ')}`);
  }
}

function checkMembers(
  value: unknown,
  expected: readonly (readonly [string, string])[],
  name: string,
): void {
  const ok =
    Array.isArray(value) &&
    value.length === expected.length &&
    value.every((member: unknown, i) => {
      if (member === null || typeof member !== 'object') return false;
      const m = member as Record<string, unknown>;
      const [fieldName, fieldType] = expected[i] as readonly [string, string];
      return Object.keys(m).length === 2 && m.name === fieldName && m.type === fieldType;
    });
  if (!ok) throw invalidInput(`type ${name} is not the SNIP-9 v2 definition`);
}

function isSmallInteger(value: unknown, expected: bigint): boolean {
  try {
    return parseInteger(asFeltLike(value, 'value')) === expected;
  } catch {
    return false;
  }
}

/**
 * SNIP-12's `selector` type, as starknet.js encodes it: a hex string is the selector, any other
 * string is an entrypoint name (a decimal string too). Anything else is refused, so the hash of
 * the parsed outside execution is always the typed data's own SNIP-12 hash.
 */
function selectorText(value: unknown, index: number): string {
  if (typeof value !== 'string') {
    throw invalidInput(`message.Calls[${index}].Selector is not a string`);
  }
  return /^0x[0-9a-f]+$/i.test(value) ? toFeltHex(asFeltLike(value, 'Selector')) : value;
}
