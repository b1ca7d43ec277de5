import type { Party, TokenIndex } from './ModelOperation.ts';

/** The addresses a sequence runs against, shared by the chain side and the model. */
export interface ModelContext {
  wallet: bigint;
  tokens: Record<TokenIndex, bigint>;
  parties: Record<Party, bigint>;
  /** The fee bound every session transaction declares (fixed resource bounds, no tip). */
  transactionMaxFee: bigint;
  /** Public keys of the sequence's session key pool (hex). */
  keys: readonly string[];
}
