/**
 * Every code a `ChipiSessionError` can carry. The first eight are the codes of the public session
 * API; the rest name on-chain rejections of the CHIPI session account (see `revertReason.ts`) and
 * local validation failures.
 */
export const SESSION_ERROR_CODES = [
  'INVALID_WALLET_TYPE_FOR_SESSION',
  'SESSION_EXPIRED',
  'SESSION_NOT_REGISTERED',
  'SESSION_REVOKED',
  'SESSION_MAX_CALLS_EXCEEDED',
  'SESSION_ENTRYPOINT_NOT_ALLOWED',
  'SESSION_DECRYPTION_FAILED',
  'SESSION_CREATION_FAILED',
  'SESSION_SELF_CALL_FORBIDDEN',
  'SESSION_VALID_UNTIL_MISMATCH',
  'SESSION_INVALID_SIGNATURE',
  'SESSION_INVALID_CONFIG',
  'SESSION_FEE_TOO_HIGH',
  'SESSION_FEE_BUDGET_EXCEEDED',
  'SESSION_FORBIDDEN_TRANSACTION',
  'SESSION_SPENDING_LIMIT_EXCEEDED',
  'SESSION_NO_SPENDING_POLICY',
  'SESSION_FORBIDDEN_SELECTOR',
  'SESSION_ALLOWANCE_LEFT',
  'SESSION_INVALID_CALLDATA',
  'INVALID_SPENDING_POLICY',
  'OUTSIDE_EXECUTION_REJECTED',
  'ACCOUNT_REJECTED',
  'INVALID_INPUT',
] as const;

/** A code carried by `ChipiSessionError`. */
export type SessionErrorCode = (typeof SESSION_ERROR_CODES)[number];

/** Default human-readable message of each code. */
export const SESSION_ERROR_MESSAGES: Readonly<Record<SessionErrorCode, string>> = {
  INVALID_WALLET_TYPE_FOR_SESSION: 'Session keys need a CHIPI session account',
  SESSION_EXPIRED: 'The session has expired',
  SESSION_NOT_REGISTERED: 'The session key is not registered on the account',
  SESSION_REVOKED: 'The session key was revoked',
  SESSION_MAX_CALLS_EXCEEDED: 'The session has no remaining calls',
  SESSION_ENTRYPOINT_NOT_ALLOWED: 'The call is not on the session allow-list',
  SESSION_DECRYPTION_FAILED: 'Could not decrypt the private key (wrong PIN or altered data)',
  SESSION_CREATION_FAILED: 'Could not create the session key',
  SESSION_SELF_CALL_FORBIDDEN: 'A session can never call the account itself',
  SESSION_VALID_UNTIL_MISMATCH: 'The signature valid_until differs from the registered one',
  SESSION_INVALID_SIGNATURE: 'The session signature is invalid',
  SESSION_INVALID_CONFIG: 'The session configuration is invalid',
  SESSION_FEE_TOO_HIGH: 'The transaction fee bound exceeds the session fee cap',
  SESSION_FEE_BUDGET_EXCEEDED:
    'The transaction fee bound exceeds what is left of the session fee budget',
  SESSION_FORBIDDEN_TRANSACTION: 'A session cannot sign this kind of transaction',
  SESSION_SPENDING_LIMIT_EXCEEDED: 'The spending policy limit would be exceeded',
  SESSION_NO_SPENDING_POLICY: 'A strict session needs a spending policy for this token',
  SESSION_FORBIDDEN_SELECTOR: 'A strict session never grants approval for all assets',
  SESSION_ALLOWANCE_LEFT:
    'A strict session cannot leave an allowance on a policy token higher than it found it',
  SESSION_INVALID_CALLDATA: 'The calldata of a value-moving call is malformed',
  INVALID_SPENDING_POLICY: 'The spending policy is invalid',
  OUTSIDE_EXECUTION_REJECTED: 'The outside execution was rejected',
  ACCOUNT_REJECTED: 'The account rejected the request',
  INVALID_INPUT: 'Invalid input',
};
