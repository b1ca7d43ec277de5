//! The account's public surface: interface traits, the structs they exchange and the SRC-5 ids.

use starknet::account::Call;
use starknet::{ClassHash, ContractAddress};

/// SRC-5 (introspection).
pub const ISRC5_ID: felt252 = 0x3f918d17e5ee77373b56385708f855659a07f75997f365cf87f6e7f2e4c01a;
/// SRC-6 (standard account).
pub const ISRC6_ID: felt252 = 0x2ceccef7f994940b3962a6c67e0ba4fcd37df7d131417c604f91e03caecc1cd;
/// SNIP-9 version 2 (outside execution).
pub const ISRC9_V2_ID: felt252 = 0x1d1144bb2138366ff28d8e9ab57456b1d332ac42196230c3a602003c89872;
/// The session-manager id of CHIPI v33 (XOR of the starknet_keccak of the bare names
/// `add_or_update_session_key`, `revoke_session_key` and `get_session_data`); paymasters probe it.
pub const ISESSION_MANAGER_ID: felt252 =
    0x037ab4f01106526662a612eaa2926df2aa314c4144b964f183805880bbcfa55d;

/// `get_session_data` answer. `status`: 0 unknown, 1 active, 2 expired, 3 revoked, 4 exhausted.
#[derive(Copy, Drop, Serde, PartialEq, Debug)]
pub struct SessionData {
    pub valid_until: u64,
    pub max_calls: u32,
    pub calls_used: u32,
    pub allowed_entrypoints_len: u32,
    pub status: u8,
    pub remaining_calls: u32,
    pub strict: bool,
    pub max_fee_per_tx: u128,
    /// Lifetime fee budget in fri, and how much of it the session's transactions have reserved.
    pub fee_budget: u128,
    pub fee_used: u128,
}

/// One allow-list entry; `contract = 0` means any contract.
#[derive(Copy, Drop, Serde, PartialEq, Debug, starknet::Store)]
pub struct AllowedCall {
    pub contract: ContractAddress,
    pub selector: felt252,
}

/// The full registration form of `add_or_update_session`.
#[derive(Drop, Serde, Clone, PartialEq, Debug)]
pub struct SessionConfig {
    pub valid_until: u64,
    pub max_calls: u32,
    pub allowed_calls: Array<AllowedCall>,
    pub strict: bool,
    pub max_fee_per_tx: u128,
    /// Lifetime fee budget in fri: the sum of the maximum fees of the session's transactions.
    pub fee_budget: u128,
}

/// `get_spending_policy` answer. All zeros (and `exists = false`) when there is no policy.
#[derive(Copy, Drop, Serde, PartialEq, Debug)]
pub struct SpendingPolicyView {
    pub exists: bool,
    pub max_per_call: u256,
    pub max_per_window: u256,
    pub window_seconds: u64,
    pub spent_in_window: u256,
    pub remaining_in_window: u256,
    pub next_release_at: u64,
}

/// SNIP-9 version 2 outside execution.
#[derive(Copy, Drop, Serde, Debug)]
pub struct OutsideExecution {
    pub caller: ContractAddress,
    pub nonce: felt252,
    pub execute_after: u64,
    pub execute_before: u64,
    pub calls: Span<Call>,
}

/// SRC-6.
#[starknet::interface]
pub trait ISRC6<TState> {
    fn __execute__(ref self: TState, calls: Array<Call>) -> Array<Span<felt252>>;
    fn __validate__(ref self: TState, calls: Array<Call>) -> felt252;
    fn is_valid_signature(self: @TState, hash: felt252, signature: Array<felt252>) -> felt252;
}

#[starknet::interface]
pub trait IDeclarer<TState> {
    fn __validate_declare__(self: @TState, class_hash: felt252) -> felt252;
}

#[starknet::interface]
pub trait IDeployable<TState> {
    fn __validate_deploy__(
        self: @TState, class_hash: felt252, contract_address_salt: felt252, public_key: felt252,
    ) -> felt252;
}

/// SRC-5.
#[starknet::interface]
pub trait ISRC5<TState> {
    fn supports_interface(self: @TState, interface_id: felt252) -> bool;
}

/// SNIP-9 version 2.
#[starknet::interface]
pub trait IOutsideExecutionV2<TState> {
    fn execute_from_outside_v2(
        ref self: TState, outside_execution: OutsideExecution, signature: Span<felt252>,
    ) -> Array<Span<felt252>>;
    fn is_valid_outside_execution_nonce(self: @TState, nonce: felt252) -> bool;
}

#[starknet::interface]
pub trait ISessionManager<TState> {
    fn add_or_update_session_key(
        ref self: TState,
        session_key: felt252,
        valid_until: u64,
        max_calls: u32,
        allowed_entrypoints: Array<felt252>,
    );
    fn add_or_update_session(ref self: TState, session_key: felt252, config: SessionConfig);
    fn revoke_session_key(ref self: TState, session_key: felt252);
    fn revoke_all(ref self: TState);
    fn get_session_data(self: @TState, session_key: felt252) -> SessionData;
    fn get_session_allowed_calls(self: @TState, session_key: felt252) -> Array<AllowedCall>;
    fn get_session_allowed_entrypoints_len(self: @TState, session_key: felt252) -> u32;
    fn get_session_allowed_entrypoint_at(self: @TState, session_key: felt252, index: u32) -> felt252;
    fn get_session_epoch(self: @TState) -> u32;
}

#[starknet::interface]
pub trait ISpendingPolicy<TState> {
    fn set_spending_policy(
        ref self: TState,
        session_key: felt252,
        token: ContractAddress,
        max_per_call: u256,
        max_per_window: u256,
        window_seconds: u64,
    );
    fn remove_spending_policy(ref self: TState, session_key: felt252, token: ContractAddress);
    fn get_spending_policy(
        self: @TState, session_key: felt252, token: ContractAddress,
    ) -> SpendingPolicyView;
}

#[starknet::interface]
pub trait IPublicKey<TState> {
    fn get_public_key(self: @TState) -> felt252;
    fn set_public_key(ref self: TState, new_public_key: felt252, signature: Span<felt252>);
}

#[starknet::interface]
pub trait IUpgradeable<TState> {
    fn upgrade(ref self: TState, new_class_hash: ClassHash);
}

#[starknet::interface]
pub trait IAccountInfo<TState> {
    fn get_contract_info(self: @TState) -> felt252;
    fn get_snip9_version(self: @TState) -> u8;
}
