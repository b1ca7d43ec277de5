import {
  type OutsideExecutionInput,
  outsideExecutionFromTypedData,
  parseFelt,
  parseNonZeroFelt,
  toFeltHex,
} from '@chipi-sessions/core';
import { JsonShape } from './jsonShape.js';
import { X402Error } from './X402Error.js';

/** Signatures longer than this are refused (a session signature has 4 felts, an owner one 2). */
export const MAX_SIGNATURE_LENGTH = 32;

const SHAPE = new JsonShape('invalid_payload');

/** An `exact` Starknet payload after strict parsing. */
export interface ParsedExactStarknetPayload {
  /** The payer account, canonical hex. */
  from: string;
  outsideExecution: OutsideExecutionInput;
  /** The chain id of the typed data's domain. */
  chainId: bigint;
  /** The signature, canonical hex felts, verbatim otherwise. */
  signature: string[];
}

/**
 * Parses `{ from, outsideExecution: { typedData, signature } }` with no unknown keys anywhere:
 * the typed data must be exactly a SNIP-9 v2 `OutsideExecution` (core's
 * `outsideExecutionFromTypedData`), so what is checked afterwards is rebuilt from parsed fields
 * and never taken from a client-supplied hash. Defects are `invalid_payload`; a signature that is
 * empty or longer than `MAX_SIGNATURE_LENGTH` is `invalid_exact_starknet_payload_signature`.
 */
export function parseExactStarknetPayload(value: unknown): ParsedExactStarknetPayload {
  const payload = SHAPE.record(value, 'payload');
  SHAPE.onlyKeys(payload, ['from', 'outsideExecution'], 'payload');
  const oe = SHAPE.record(payload.outsideExecution, 'payload.outsideExecution');
  SHAPE.onlyKeys(oe, ['typedData', 'signature'], 'payload.outsideExecution');
  let from: string;
  let parsed: ReturnType<typeof outsideExecutionFromTypedData>;
  try {
    from = toFeltHex(parseNonZeroFelt(SHAPE.string(payload.from, 'payload.from'), 'from'));
    parsed = outsideExecutionFromTypedData(oe.typedData);
  } catch (cause) {
    if (cause instanceof X402Error) throw cause;
    throw new X402Error('invalid_payload', (cause as Error).message, { cause });
  }
  const raw = oe.signature;
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_SIGNATURE_LENGTH) {
    throw new X402Error(
      'invalid_exact_starknet_payload_signature',
      `signature must be an array of 1 to ${MAX_SIGNATURE_LENGTH} felts`,
    );
  }
  const signature = raw.map((item: unknown, i: number) => {
    if (typeof item !== 'string') {
      throw new X402Error(
        'invalid_exact_starknet_payload_signature',
        `signature[${i}] is not a string`,
      );
    }
    try {
      return toFeltHex(parseFelt(item, `signature[${i}]`));
    } catch (cause) {
      throw new X402Error(
        'invalid_exact_starknet_payload_signature',
        `signature[${i}] is not a felt`,
        {
          cause,
        },
      );
    }
  });
  return { from, outsideExecution: parsed.outsideExecution, chainId: parsed.chainId, signature };
}
