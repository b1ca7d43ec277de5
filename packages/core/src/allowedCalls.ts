import { ChipiSessionError, isChipiSessionError } from './ChipiSessionError.js';
import { type FeltLike, parseFelt, parseNonZeroFelt, toFeltHex } from './felt.js';
import { getSelectorFromName, toSelector } from './selector.js';

/** The account refuses more allow-list entries than this (`'session/too-many-entrypoints'`). */
export const MAX_ALLOWED_CALLS = 64;

/** Selector of `__execute__`, which a session may never call on any target. */
export const EXECUTE_SELECTOR: bigint = /* @__PURE__ */ getSelectorFromName('__execute__');

/**
 * One allow-list entry as users write it: an entrypoint name (`'transfer'`), a hex selector
 * (`'0x83af…'`), or an entry scoped to one contract (`{ contractAddress, entrypoint }`).
 * Unscoped entries match the selector on any contract.
 */
export type AllowedEntrypointInput = string | { contractAddress: FeltLike; entrypoint: string };

/** A normalized allow-list entry; `contract` is `0x0` for "any contract". */
export interface AllowedCall {
  contract: string;
  selector: string;
}

/** Options of `normalizeAllowedCalls`. */
export interface NormalizeAllowedCallsOptions {
  /** The session account; entries naming it are refused like the account does. */
  accountAddress?: FeltLike;
}

/**
 * Normalizes an allow-list: names become `starknet_keccak` selectors (never short strings),
 * duplicates are dropped (numeric comparison), and the account's own registration rules are
 * applied up front.
 *
 * Throws `ChipiSessionError`:
 * - `SESSION_INVALID_CONFIG` for an empty, malformed or zero entry, or more than 64 entries;
 * - `SESSION_SELF_CALL_FORBIDDEN` for an entry scoped to the account itself or naming
 *   `__execute__` (which the account refuses on every target).
 *
 * @example
 * ```ts
 * normalizeAllowedCalls(['transfer', { contractAddress: USDC, entrypoint: 'approve' }]);
 * ```
 */
export function normalizeAllowedCalls(
  entries: readonly AllowedEntrypointInput[],
  options: NormalizeAllowedCallsOptions = {},
): AllowedCall[] {
  const account =
    options.accountAddress === undefined
      ? undefined
      : parseNonZeroFelt(options.accountAddress, 'accountAddress');
  const seen = new Set<string>();
  const parsed: { contract: bigint; selector: bigint; index: number }[] = [];
  entries.forEach((entry, index) => {
    const { contract, selector } = parseEntry(entry, index);
    const key = `${contract}:${selector}`;
    if (seen.has(key)) return;
    seen.add(key);
    parsed.push({ contract, selector, index });
  });
  // Same order as the account's registration rules: the entry count, then the self-call ban.
  if (parsed.length > MAX_ALLOWED_CALLS) {
    throw new ChipiSessionError(
      'SESSION_INVALID_CONFIG',
      `at most ${MAX_ALLOWED_CALLS} allow-list entries, got ${parsed.length}`,
      { details: { count: parsed.length } },
    );
  }
  for (const { contract, selector, index } of parsed) {
    if (account !== undefined && contract === account) {
      throw new ChipiSessionError(
        'SESSION_SELF_CALL_FORBIDDEN',
        `allowedEntrypoints[${index}] names the account itself`,
        { details: { index } },
      );
    }
    if (selector === EXECUTE_SELECTOR) {
      throw new ChipiSessionError(
        'SESSION_SELF_CALL_FORBIDDEN',
        `allowedEntrypoints[${index}] names __execute__, which a session may never call`,
        { details: { index } },
      );
    }
  }
  return parsed.map(({ contract, selector }) => ({
    contract: toFeltHex(contract),
    selector: toFeltHex(selector),
  }));
}

/**
 * Whether a call to `(to, selector)` passes an allow-list, as the account decides it: an empty
 * list allows everything (the self-call ban is checked separately); otherwise `(to, selector)` or
 * `(0, selector)` must be on it.
 */
export function isCallAllowed(
  allowedCalls: readonly { contract: FeltLike; selector: FeltLike }[],
  to: FeltLike,
  selector: FeltLike,
): boolean {
  if (allowedCalls.length === 0) return true;
  const target = parseFelt(to, 'to');
  const sel = parseFelt(selector, 'selector');
  return allowedCalls.some((entry) => {
    const contract = parseFelt(entry.contract, 'contract');
    return (
      parseFelt(entry.selector, 'selector') === sel && (contract === 0n || contract === target)
    );
  });
}

function parseEntry(
  entry: AllowedEntrypointInput,
  index: number,
): { contract: bigint; selector: bigint } {
  const where = `allowedEntrypoints[${index}]`;
  try {
    if (typeof entry === 'string') {
      if (entry.trim() === '') throw invalidEntry(index, 'is empty');
      return { contract: 0n, selector: toSelector(entry, where) };
    }
    if (entry === null || typeof entry !== 'object')
      throw invalidEntry(index, 'is not a string or object');
    if (typeof entry.entrypoint !== 'string' || entry.entrypoint.trim() === '') {
      throw invalidEntry(index, 'has an empty entrypoint');
    }
    return {
      contract: parseNonZeroFelt(entry.contractAddress, `${where}.contractAddress`),
      selector: toSelector(entry.entrypoint, `${where}.entrypoint`),
    };
  } catch (error) {
    if (isChipiSessionError(error, 'INVALID_INPUT')) {
      throw new ChipiSessionError('SESSION_INVALID_CONFIG', `${where}: ${error.message}`, {
        details: { index },
        cause: error,
      });
    }
    throw error;
  }
}

function invalidEntry(index: number, what: string): ChipiSessionError {
  return new ChipiSessionError('SESSION_INVALID_CONFIG', `allowedEntrypoints[${index}] ${what}`, {
    details: { index },
  });
}
