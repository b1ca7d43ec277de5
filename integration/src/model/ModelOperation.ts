/** Index of a token of the model world: 0 = USDC, 1 = EURC. */
export type TokenIndex = 0 | 1;

/** Who a call sends to or approves: the wallet itself or one of two recipients. */
export type Party = 'wallet' | 'r0' | 'r1';

/** One call of a session transaction, as the generator draws it. */
export type ModelCall =
  | {
      kind: 'transfer' | 'approve' | 'increase_allowance' | 'decrease_allowance';
      token: TokenIndex;
      to: Party;
      amount: bigint;
    }
  | { kind: 'transfer_from'; token: TokenIndex; to: Party; amount: bigint }
  /** A call into the account itself (`revoke_all`), which a session may never make. */
  | { kind: 'self' };

/** An allow-list entry the generator draws: a bare entrypoint or one scoped to a token. */
export type ModelAllowedEntry = string | { token: TokenIndex; entrypoint: string };

export interface ModelPolicy {
  token: TokenIndex;
  maxPerCall: bigint;
  maxPerWindow: bigint;
  windowSeconds: number;
}

/** One step of a random sequence; `key` indexes the sequence's pool of session keys. */
export type ModelOperation =
  | {
      type: 'register';
      key: number;
      lifetimeSeconds: number;
      maxCalls: number;
      allowed: ModelAllowedEntry[];
      strict: boolean;
      /** 0: no fee cap. */
      maxFeePerTx: bigint;
      /** Lifetime fee budget; `undefined`: left to the SDK's default. */
      feeBudget: bigint | undefined;
      policies: ModelPolicy[];
    }
  | {
      type: 'execute';
      key: number;
      calls: ModelCall[];
      staleValidUntil: boolean;
      /** Sent as a session-signed SNIP-9 outside execution by a relayer account. */
      outside: boolean;
    }
  | { type: 'travel'; seconds: number }
  | { type: 'revoke'; key: number }
  | { type: 'revokeAll' }
  | ({ type: 'setPolicy'; key: number } & ModelPolicy)
  | { type: 'removePolicy'; key: number; token: TokenIndex };

/** What the chain (or the model) answered: accepted, or the error code and where it stopped. */
export interface ModelResult {
  /** `rejected`: refused before inclusion; `reverted`: included, `__execute__` failed. */
  kind: 'accepted' | 'rejected' | 'reverted';
  /** `ChipiSessionError`/`ChipiError` code, `undefined` when accepted. */
  code?: string;
}
