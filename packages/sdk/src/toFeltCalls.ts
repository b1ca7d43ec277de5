import {
  ChipiSessionError,
  type FeltCall,
  getSelectorFromName,
  parseFelt,
  parseNonZeroFelt,
  starknetKeccak,
  toFeltHex,
  toPaddedHex,
} from '@chipi-sessions/core';
import { type Call, CallData } from 'starknet';

/**
 * Calls reduced to felts exactly as starknet.js puts them in `__execute__` calldata: the
 * `entrypoint` string is always hashed as a name (starknet.js does so even for hex text) and the
 * calldata is compiled with `CallData.compile`.
 */
export function toFeltCalls(calls: readonly Call[]): FeltCall[] {
  return calls.map((call, i) => ({
    to: parseNonZeroFelt(call.contractAddress, `calls[${i}].contractAddress`),
    selector: starknetKeccak(call.entrypoint),
    calldata: compileCalldata(call, i),
  }));
}

/** Calls checked for sending, in a form every later step reads the same way. */
export interface PreparedCalls {
  /** starknet.js calls with padded addresses and hex calldata. */
  calls: Call[];
  feltCalls: FeltCall[];
}

/**
 * Validates the calls given to an SDK method: a non-empty array, non-zero targets, entrypoint
 * **names** (a hex selector would be hashed again by starknet.js, so it is refused), calldata
 * that compiles to felts. Throws `ChipiSessionError('INVALID_INPUT')`.
 */
export function prepareCalls(calls: readonly Call[] | undefined): PreparedCalls {
  if (!Array.isArray(calls) || calls.length === 0) {
    throw new ChipiSessionError('INVALID_INPUT', 'calls must be a non-empty array');
  }
  const feltCalls = calls.map((call: Call, i: number): FeltCall => {
    if (call === null || typeof call !== 'object') {
      throw new ChipiSessionError('INVALID_INPUT', `calls[${i}] is not a call`);
    }
    if (typeof call.entrypoint !== 'string') {
      throw new ChipiSessionError('INVALID_INPUT', `calls[${i}].entrypoint must be a name`);
    }
    return {
      to: parseNonZeroFelt(call.contractAddress, `calls[${i}].contractAddress`),
      selector: getSelectorFromName(call.entrypoint),
      calldata: compileCalldata(call, i),
    };
  });
  return {
    calls: calls.map((call, i) => ({
      contractAddress: toPaddedHex((feltCalls[i] as FeltCall).to),
      entrypoint: call.entrypoint,
      calldata: (feltCalls[i] as FeltCall).calldata.map((f) => toFeltHex(f)),
    })),
    feltCalls,
  };
}

function compileCalldata(call: Call, index: number): bigint[] {
  let compiled: string[];
  try {
    compiled = CallData.compile(call.calldata ?? []);
  } catch (cause) {
    throw new ChipiSessionError('INVALID_INPUT', `calls[${index}].calldata does not compile`, {
      cause,
    });
  }
  return compiled.map((item, j) => parseFelt(item, `calls[${index}].calldata[${j}]`));
}
