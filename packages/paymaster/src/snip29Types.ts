import type { OutsideExecutionTypedData } from '@chipi-sessions/core';

/** SNIP-29 `ACCOUNT_DEPLOYMENT_DATA`. */
export interface AccountDeploymentData {
  address: string;
  class_hash: string;
  salt: string;
  calldata: string[];
  sigdata?: string[];
  version: 1;
}

/** SNIP-29 `EXECUTION_PARAMETERS` as this paymaster answers them (sponsored). */
export interface SponsoredExecutionParameters {
  version: '0x1';
  fee_mode: { mode: 'sponsored' };
  time_bounds?: { execute_after: number; execute_before: number };
}

/** SNIP-29 `FEE_ESTIMATE` (hex felts). */
export interface FeeEstimate {
  gas_token_price_in_strk: string;
  estimated_fee_in_strk: string;
  estimated_fee_in_gas_token: string;
  suggested_max_fee_in_strk: string;
  suggested_max_fee_in_gas_token: string;
}

/** The result of `paymaster_buildTransaction`. */
export type BuildTransactionResponse =
  | {
      type: 'deploy';
      deployment: AccountDeploymentData;
      parameters: SponsoredExecutionParameters;
      fee: FeeEstimate;
    }
  | {
      type: 'invoke';
      typed_data: OutsideExecutionTypedData;
      parameters: SponsoredExecutionParameters;
      fee: FeeEstimate;
    }
  | {
      type: 'deploy_and_invoke';
      deployment: AccountDeploymentData;
      typed_data: OutsideExecutionTypedData;
      parameters: SponsoredExecutionParameters;
      fee: FeeEstimate;
    };

/** The result of `paymaster_executeTransaction`. */
export interface ExecuteTransactionResponse {
  transaction_hash: string;
  tracking_id: string;
}

/** An entry of `paymaster_getSupportedTokens`. */
export interface TokenData {
  token_address: string;
  decimals: number;
  price_in_strk: string;
}
