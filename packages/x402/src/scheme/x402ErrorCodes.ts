/**
 * Every code an `X402Error` (and a verify or settle response) can carry. The x402 v2 and
 * Starknet `exact` scheme reasons keep their registered spelling, so a response built from an
 * error is understood by any x402 implementation; the last group names this package's own
 * refusals (client spending controls, middleware binding, facilitator safety).
 */
export const X402_ERROR_CODES = [
  // x402 v2 core
  'invalid_header',
  'invalid_payload',
  'invalid_payment_requirements',
  'invalid_network',
  'invalid_scheme',
  'invalid_x402_version',
  'unsupported_scheme',
  'insufficient_funds',
  'unexpected_verify_error',
  'unexpected_settle_error',
  'invalid_transaction_state',
  // Starknet exact scheme
  'invalid_exact_starknet_payload_signature',
  'invalid_exact_starknet_payload_asset_mismatch',
  'invalid_exact_starknet_payload_recipient_mismatch',
  'invalid_exact_starknet_payload_amount_mismatch',
  'invalid_exact_starknet_payload_caller',
  'invalid_exact_starknet_payload_payer_mismatch',
  'account_not_deployed',
  'outside_execution_expired',
  'outside_execution_window_exceeds_max_timeout',
  'nonce_already_used',
  'simulation_failed',
  'duplicate_settlement',
  'settlement_pending',
  'unauthorized',
  // this package
  'fee_cap_exceeded',
  'resource_mismatch',
  'payment_identifier_conflict',
  'facilitator_unreachable',
  'amount_exceeds_maximum',
  'recipient_not_allowed',
  'asset_not_allowed',
  'network_not_allowed',
  'budget_exceeded',
  'session_unusable',
  'payment_rejected',
  'invalid_configuration',
  'rate_limited',
] as const;

/** A code carried by `X402Error`. */
export type X402ErrorCode = (typeof X402_ERROR_CODES)[number];

const CODES: ReadonlySet<string> = /* @__PURE__ */ new Set(X402_ERROR_CODES);

/** Whether a string is one of `X402_ERROR_CODES`. */
export function isX402ErrorCode(value: unknown): value is X402ErrorCode {
  return typeof value === 'string' && CODES.has(value);
}
