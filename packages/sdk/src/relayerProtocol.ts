import {
  ACCOUNT_ENTRYPOINTS,
  ChipiSessionError,
  executeFromOutsideCalldata,
  type FeltLike,
  normalizeOutsideExecution,
  type OutsideExecutionInput,
  parseChainId,
  parseFelt,
  parseNonZeroFelt,
  serializeOutsideExecution,
  toFeltHex,
  toPaddedHex,
} from '@chipi-sessions/core';
import type { Call } from 'starknet';

/**
 * # The relayer HTTP contract (`chipi-relayer/v1`)
 *
 * A relayer submits SNIP-9 v2 outside executions that a CHIPI account's session (or owner)
 * signed, and pays their fees. It is one endpoint, the SDK's `relayerUrl`:
 *
 * `POST <relayerUrl>` with `Content-Type: application/json`, `Authorization: Bearer <token>`
 * (when the app has one) and the JSON body `RelayerRequest`:
 *
 * ```json
 * {
 *   "protocol": "chipi-relayer/v1",
 *   "accountAddress": "0x…",            // the CHIPI account, padded hex
 *   "chainId": "0x534e5f5345504f4c4941",
 *   "outsideExecution": {
 *     "caller": "0x414e595f43414c4c4552", // 'ANY_CALLER' or the relayer's address
 *     "nonce": "0x…", "executeAfter": "0x…", "executeBefore": "0x…",   // unix seconds
 *     "calls": [{ "to": "0x…", "selector": "0x…", "calldata": ["0x…"] }]
 *   },
 *   "signature": ["0x…"]                  // [key, r, s, valid_until] (session) or [r, s] (owner)
 * }
 * ```
 *
 * Every number is a `0x` hex felt. The relayer checks the bearer token, may check the request
 * (`parseRelayerRequest`), and invokes `execute_from_outside_v2(outside_execution, signature)` on
 * `accountAddress` (`relayerRequestCall` builds that call).
 *
 * - Success: `200` with `{ "transactionHash": "0x…" }` as soon as the transaction is accepted by
 *   the node (the SDK waits for it itself).
 * - Failure: a non-2xx status with `{ "error": { "message": "…", "code"?: "…",
 *   "revertReason"?: "…" } }`. `401`/`403` mean the token was refused. When the node refused the
 *   transaction, `revertReason` carries its error text, so that the SDK can map the account's
 *   error felt to its typed code.
 */
export const RELAYER_PROTOCOL = 'chipi-relayer/v1';

/** An outside execution on the wire: every value a hex felt. */
export interface RelayerOutsideExecution {
  caller: string;
  nonce: string;
  executeAfter: string;
  executeBefore: string;
  calls: { to: string; selector: string; calldata: string[] }[];
}

/** The JSON body the SDK POSTs to the relayer. */
export interface RelayerRequest {
  protocol: typeof RELAYER_PROTOCOL;
  accountAddress: string;
  chainId: string;
  outsideExecution: RelayerOutsideExecution;
  signature: string[];
}

/** The JSON body of a successful relayer response. */
export interface RelayerResponse {
  transactionHash: string;
}

/** The JSON body of a failed relayer response. */
export interface RelayerErrorBody {
  error: { message: string; code?: string; revertReason?: string };
}

/** Builds the request body for an outside execution and its signature. */
export function toRelayerRequest(params: {
  accountAddress: FeltLike;
  chainId: FeltLike;
  outsideExecution: OutsideExecutionInput;
  signature: readonly FeltLike[];
}): RelayerRequest {
  const oe = normalizeOutsideExecution(params.outsideExecution);
  return {
    protocol: RELAYER_PROTOCOL,
    accountAddress: toPaddedHex(parseNonZeroFelt(params.accountAddress, 'accountAddress')),
    chainId: toFeltHex(parseChainId(params.chainId)),
    outsideExecution: {
      caller: toFeltHex(oe.caller),
      nonce: toFeltHex(oe.nonce),
      executeAfter: toFeltHex(oe.executeAfter),
      executeBefore: toFeltHex(oe.executeBefore),
      calls: oe.calls.map((c) => ({
        to: toFeltHex(c.to),
        selector: toFeltHex(c.selector),
        calldata: c.calldata.map((f) => toFeltHex(f)),
      })),
    },
    signature: params.signature.map((f, i) => toFeltHex(parseFelt(f, `signature[${i}]`))),
  };
}

/** A relayer request after validation. */
export interface ParsedRelayerRequest {
  accountAddress: string;
  chainId: bigint;
  outsideExecution: OutsideExecutionInput;
  signature: string[];
}

/**
 * Validates a request body on the relayer side (the SDK's own requests always pass). Throws
 * `ChipiSessionError('INVALID_INPUT')` for anything that is not a well-formed
 * `chipi-relayer/v1` request.
 */
export function parseRelayerRequest(body: unknown): ParsedRelayerRequest {
  const b = record(body, 'body');
  if (b.protocol !== RELAYER_PROTOCOL) invalid(`protocol must be ${RELAYER_PROTOCOL}`);
  const oe = record(b.outsideExecution, 'outsideExecution');
  if (!Array.isArray(oe.calls) || !Array.isArray(b.signature))
    invalid('calls and signature must be arrays');
  const outsideExecution: OutsideExecutionInput = {
    caller: felt(oe.caller, 'caller'),
    nonce: felt(oe.nonce, 'nonce'),
    executeAfter: felt(oe.executeAfter, 'executeAfter'),
    executeBefore: felt(oe.executeBefore, 'executeBefore'),
    calls: (oe.calls as unknown[]).map((raw, i) => {
      const c = record(raw, `calls[${i}]`);
      if (!Array.isArray(c.calldata)) invalid(`calls[${i}].calldata must be an array`);
      return {
        contractAddress: felt(c.to, `calls[${i}].to`),
        entrypoint: felt(c.selector, `calls[${i}].selector`),
        calldata: (c.calldata as unknown[]).map((x, j) => felt(x, `calls[${i}].calldata[${j}]`)),
      };
    }),
  };
  normalizeOutsideExecution(outsideExecution);
  const signature = (b.signature as unknown[]).map((x, i) => felt(x, `signature[${i}]`));
  if (signature.length === 3 || signature.length < 2) {
    invalid(
      'signature must have 2 (owner), 4 (session) or more (session with its outside execution) elements',
    );
  }
  if (signature.length > 4) {
    const appended = serializeOutsideExecution(outsideExecution);
    if (
      appended.length !== signature.length - 4 ||
      appended.some((item, i) => BigInt(item) !== BigInt(signature[i + 4] as string))
    ) {
      invalid('the outside execution appended to the signature is not the one requested');
    }
  }
  return {
    accountAddress: toPaddedHex(parseNonZeroFelt(felt(b.accountAddress, 'accountAddress'))),
    chainId: parseChainId(felt(b.chainId, 'chainId')),
    outsideExecution,
    signature,
  };
}

/** The `execute_from_outside_v2` call a relayer sends for a (parsed) request. */
export function relayerRequestCall(request: ParsedRelayerRequest): Call {
  return {
    contractAddress: request.accountAddress,
    entrypoint: ACCOUNT_ENTRYPOINTS.executeFromOutsideV2,
    calldata: executeFromOutsideCalldata(request.outsideExecution, request.signature),
  };
}

function record(value: unknown, name: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    invalid(`${name} must be an object`);
  return value as Record<string, unknown>;
}

function felt(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) {
    invalid(`${name} must be a 0x hex felt`);
  }
  return toFeltHex(parseFelt(value as string, name));
}

function invalid(message: string): never {
  throw new ChipiSessionError('INVALID_INPUT', `relayer request: ${message}`);
}
