//! Every error felt of the account. `__validate__`, `__execute__` and `execute_from_outside_v2`
//! panic with exactly one of these; `is_valid_signature` turns the same failures into `0`.

// Session registration and session-signed requests.
pub const SESSION_NOT_REGISTERED: felt252 = 'session/not-registered';
pub const SESSION_REVOKED: felt252 = 'session/revoked';
pub const SESSION_EXPIRED: felt252 = 'session/expired';
pub const SESSION_MAX_CALLS_EXCEEDED: felt252 = 'session/max-calls-exceeded';
pub const SESSION_ENTRYPOINT_NOT_ALLOWED: felt252 = 'session/entrypoint-not-allowed';
pub const SESSION_SELF_CALL: felt252 = 'session/self-call';
pub const SESSION_VALID_UNTIL_MISMATCH: felt252 = 'session/valid-until-mismatch';
pub const SESSION_INVALID_SIGNATURE: felt252 = 'session/invalid-signature';
pub const SESSION_INVALID_VALID_UNTIL: felt252 = 'session/invalid-valid-until';
pub const SESSION_FEE_TOO_HIGH: felt252 = 'session/fee-too-high';
pub const SESSION_FEE_BUDGET_EXCEEDED: felt252 = 'session/fee-budget-exceeded';
pub const SESSION_DECLARE_FORBIDDEN: felt252 = 'session/declare-forbidden';
pub const SESSION_DEPLOY_FORBIDDEN: felt252 = 'session/deploy-forbidden';
pub const SESSION_INVALID_KEY: felt252 = 'session/invalid-key';
pub const SESSION_INVALID_MAX_CALLS: felt252 = 'session/invalid-max-calls';
pub const SESSION_TOO_MANY_ENTRYPOINTS: felt252 = 'session/too-many-entrypoints';

// Spending policies.
pub const POLICY_EXCEEDS_PER_CALL: felt252 = 'policy/exceeds-per-call';
pub const POLICY_EXCEEDS_WINDOW: felt252 = 'policy/exceeds-window';
pub const POLICY_NO_POLICY: felt252 = 'policy/no-policy';
pub const POLICY_BAD_CALLDATA: felt252 = 'policy/bad-calldata';
pub const POLICY_BAD_AMOUNT: felt252 = 'policy/bad-amount';
pub const POLICY_INVALID_WINDOW: felt252 = 'policy/invalid-window';
pub const POLICY_TOO_MANY_POLICIES: felt252 = 'policy/too-many-policies';
pub const POLICY_FORBIDDEN_SELECTOR: felt252 = 'policy/forbidden-selector';
pub const POLICY_ALLOWANCE_LEFT: felt252 = 'policy/allowance-left';
pub const POLICY_BAD_BALANCE: felt252 = 'policy/bad-balance';

// SNIP-9 outside execution.
pub const OUTSIDE_INVALID_CALLER: felt252 = 'outside/invalid-caller';
pub const OUTSIDE_TOO_EARLY: felt252 = 'outside/too-early';
pub const OUTSIDE_EXPIRED: felt252 = 'outside/expired';
pub const OUTSIDE_DUPLICATE_NONCE: felt252 = 'outside/duplicate-nonce';
pub const OUTSIDE_INVALID_SIGNATURE: felt252 = 'outside/invalid-signature';

// Account-level checks.
pub const ACCOUNT_INVALID_SIGNATURE: felt252 = 'account/invalid-signature';
pub const ACCOUNT_INVALID_SIG_LENGTH: felt252 = 'account/invalid-sig-length';
pub const ACCOUNT_INVALID_CALLER: felt252 = 'account/invalid-caller';
pub const ACCOUNT_ONLY_SELF: felt252 = 'account/only-self';
pub const ACCOUNT_INVALID_KEY_PROOF: felt252 = 'account/invalid-key-proof';
pub const ACCOUNT_REENTRANT_CALL: felt252 = 'account/reentrant-call';
pub const ACCOUNT_INVALID_TX_VERSION: felt252 = 'account/invalid-tx-version';
pub const ACCOUNT_ZERO_KEY: felt252 = 'account/zero-key';
