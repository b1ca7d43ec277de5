import type { ModelContext } from './ModelContext.ts';
import type { ModelCall } from './ModelOperation.ts';

const hex = (value: bigint) => `0x${value.toString(16)}`;

/** A call with hex calldata: a starknet.js `Call` and a core `CallInput` at once. */
export interface HexCall {
  contractAddress: string;
  entrypoint: string;
  calldata: string[];
}

/** The call a generated call stands for. */
export function modelCallToCall(call: ModelCall, ctx: ModelContext): HexCall {
  if (call.kind === 'self') {
    return { contractAddress: hex(ctx.wallet), entrypoint: 'revoke_all', calldata: [] };
  }
  const token = hex(ctx.tokens[call.token]);
  const amount = [hex(call.amount), '0x0'];
  const party = hex(ctx.parties[call.to]);
  if (call.kind === 'transfer_from') {
    return {
      contractAddress: token,
      entrypoint: 'transfer_from',
      calldata: [hex(ctx.wallet), party, ...amount],
    };
  }
  return { contractAddress: token, entrypoint: call.kind, calldata: [party, ...amount] };
}
