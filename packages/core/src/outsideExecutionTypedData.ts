import { parseChainId } from './chainId.js';
import { type FeltLike, toFeltHex } from './felt.js';
import { normalizeOutsideExecution, type OutsideExecutionInput } from './outsideExecution.js';
import { OUTSIDE_EXECUTION_DOMAIN_NAME } from './outsideExecutionHash.js';

/** A SNIP-12 type member. */
export interface TypedDataMember {
  name: string;
  type: string;
}

/** SNIP-12 typed data of a SNIP-9 v2 outside execution (the shape starknet.js accepts). */
export interface OutsideExecutionTypedData {
  types: {
    StarknetDomain: TypedDataMember[];
    OutsideExecution: TypedDataMember[];
    Call: TypedDataMember[];
  };
  primaryType: 'OutsideExecution';
  domain: { name: string; version: string; chainId: string; revision: string };
  message: {
    Caller: string;
    Nonce: string;
    'Execute After': string;
    'Execute Before': string;
    Calls: { To: string; Selector: string; Calldata: string[] }[];
  };
}

/**
 * Builds the SNIP-12 revision-1 typed data of an outside execution, as wallets and
 * starknet.js `typedData.getMessageHash(typedData, account)` expect it. Every value is a hex
 * felt, so no tool has to guess whether a string is a number or a short string.
 */
export function outsideExecutionTypedData(
  oe: OutsideExecutionInput,
  chainId: FeltLike,
): OutsideExecutionTypedData {
  const n = normalizeOutsideExecution(oe);
  return {
    types: {
      StarknetDomain: [
        { name: 'name', type: 'shortstring' },
        { name: 'version', type: 'shortstring' },
        { name: 'chainId', type: 'shortstring' },
        { name: 'revision', type: 'shortstring' },
      ],
      OutsideExecution: [
        { name: 'Caller', type: 'ContractAddress' },
        { name: 'Nonce', type: 'felt' },
        { name: 'Execute After', type: 'u128' },
        { name: 'Execute Before', type: 'u128' },
        { name: 'Calls', type: 'Call*' },
      ],
      Call: [
        { name: 'To', type: 'ContractAddress' },
        { name: 'Selector', type: 'selector' },
        { name: 'Calldata', type: 'felt*' },
      ],
    },
    primaryType: 'OutsideExecution',
    domain: {
      name: OUTSIDE_EXECUTION_DOMAIN_NAME,
      version: '2',
      chainId: toFeltHex(parseChainId(chainId)),
      revision: '1',
    },
    message: {
      Caller: toFeltHex(n.caller),
      Nonce: toFeltHex(n.nonce),
      'Execute After': toFeltHex(n.executeAfter),
      'Execute Before': toFeltHex(n.executeBefore),
      Calls: n.calls.map((call) => ({
        To: toFeltHex(call.to),
        Selector: toFeltHex(call.selector),
        Calldata: call.calldata.map((item) => toFeltHex(item)),
      })),
    },
  };
}
