//! Shared test setup.
//!
//! Most tests drive the contract state directly (`ChipiAccount::contract_state_for_testing()` at
//! the fixed address `account_address()`): the cairo-test runner under wasm-cairo keeps a copy of
//! the whole program per contract call, so calls through dispatchers are kept for the tests that
//! need a real call boundary (`test_integration`) and for the token calls an execution makes.
//! In direct mode `set_caller_address` plays the caller: 0 for the protocol, the account itself
//! for admin calls.

use crate::account::ChipiAccount;
use crate::interfaces::{
    AllowedCall, IOutsideExecutionV2, IPublicKey, ISRC6, ISessionManager, ISpendingPolicy,
    OutsideExecution, SessionConfig, SessionData, SpendingPolicyView,
};
use crate::outside_execution::{ANY_CALLER, outside_execution_hash};
use crate::signature::{session_oe_message, set_public_key_message};
use crate::tests::signing::{
    NEW_OWNER_PRIVATE_KEY, NEW_OWNER_PUBLIC_KEY, OWNER_PRIVATE_KEY, OWNER_PUBLIC_KEY, OWNER_TX_R,
    OWNER_TX_S, SESSION_A_PRIVATE_KEY, SESSION_A_PUBLIC_KEY, SESSION_A_TX_R, SESSION_A_TX_S,
    SESSION_B_PRIVATE_KEY, SESSION_B_PUBLIC_KEY, SESSION_B_TX_R, SESSION_B_TX_S, TX_HASH,
    VALID_UNTIL, sign,
};
use mock_erc20::{IMockERC20Dispatcher, IMockERC20DispatcherTrait, MockERC20};
use starknet::account::Call;
use starknet::syscalls::deploy_syscall;
use starknet::testing::{
    pop_log_raw, set_block_timestamp, set_caller_address, set_chain_id, set_contract_address,
    set_signature, set_transaction_hash, set_version,
};
use starknet::{ContractAddress, SyscallResultTrait, contract_address_const, get_contract_address};

/// Block time of every test unless it moves it.
pub const NOW: u64 = 1_700_000_000;
pub const CHAIN_ID: felt252 = 'SN_SEPOLIA';
/// `max_calls` of the sessions the helpers register.
pub const MAX_CALLS: u32 = 10;
/// Fee budget of the sessions the helpers register: never the limit unless a test sets one.
pub const UNLIMITED_FEE_BUDGET: u128 = 0xffffffffffffffffffffffffffffffff;

pub fn zero() -> ContractAddress {
    contract_address_const::<0>()
}

/// Where the directly driven account lives.
pub fn account_address() -> ContractAddress {
    contract_address_const::<'chipi-account'>()
}

pub fn minter() -> ContractAddress {
    contract_address_const::<'minter'>()
}

pub fn recipient() -> ContractAddress {
    contract_address_const::<'recipient'>()
}

pub fn relayer() -> ContractAddress {
    contract_address_const::<'relayer'>()
}

/// A contract address nothing is deployed at: calls that must be refused before execution use it.
pub fn token() -> ContractAddress {
    contract_address_const::<'token'>()
}

pub fn other_token() -> ContractAddress {
    contract_address_const::<'other-token'>()
}

pub fn any_caller() -> ContractAddress {
    ANY_CALLER.try_into().unwrap()
}

/// Sets the default transaction context: time `NOW`, chain `SN_SEPOLIA`, version 3, hash
/// `TX_HASH`, no signature.
pub fn reset_context() {
    set_block_timestamp(NOW);
    set_chain_id(CHAIN_ID);
    set_version(3);
    set_transaction_hash(TX_HASH);
    set_signature(array![].span());
}

// Direct mode.

/// A fresh account owned by `OWNER_PUBLIC_KEY`, driven directly at `account_address()`; the next
/// call comes from the protocol (caller 0).
pub fn new_account() -> ChipiAccount::ContractState {
    reset_context();
    set_contract_address(account_address());
    set_caller_address(zero());
    let mut account = ChipiAccount::contract_state_for_testing();
    ChipiAccount::constructor(ref account, OWNER_PUBLIC_KEY);
    account
}

/// `new_account` plus session A: `MAX_CALLS` calls, empty allow-list, non-strict, no fee cap.
pub fn new_account_with_session() -> ChipiAccount::ContractState {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![]));
    drain_events(account_address());
    account
}

/// The next direct call comes from the account itself.
pub fn as_self() {
    set_caller_address(account_address());
}

/// The next direct call comes from address 0, like the protocol's.
pub fn as_protocol() {
    set_caller_address(zero());
}

/// A session config valid until `VALID_UNTIL`, non-strict, without fee cap.
pub fn config(max_calls: u32, allowed_calls: Array<AllowedCall>) -> SessionConfig {
    SessionConfig {
        valid_until: VALID_UNTIL,
        max_calls,
        allowed_calls,
        strict: false,
        max_fee_per_tx: 0,
        fee_budget: UNLIMITED_FEE_BUDGET,
    }
}

/// A session config with every field given.
pub fn full_config(
    valid_until: u64,
    max_calls: u32,
    allowed_calls: Array<AllowedCall>,
    strict: bool,
    max_fee_per_tx: u128,
) -> SessionConfig {
    SessionConfig {
        valid_until, max_calls, allowed_calls, strict, max_fee_per_tx, fee_budget: UNLIMITED_FEE_BUDGET,
    }
}

/// Registers (or updates) a session as the account itself.
pub fn register(ref account: ChipiAccount::ContractState, session_key: felt252, config: SessionConfig) {
    as_self();
    ChipiAccount::SessionManagerImpl::add_or_update_session(ref account, session_key, config);
    as_protocol();
}

pub fn revoke(ref account: ChipiAccount::ContractState, session_key: felt252) {
    as_self();
    ChipiAccount::SessionManagerImpl::revoke_session_key(ref account, session_key);
    as_protocol();
}

pub fn revoke_all(ref account: ChipiAccount::ContractState) {
    as_self();
    ChipiAccount::SessionManagerImpl::revoke_all(ref account);
    as_protocol();
}

pub fn session_data(account: @ChipiAccount::ContractState, session_key: felt252) -> SessionData {
    ChipiAccount::SessionManagerImpl::get_session_data(account, session_key)
}

pub fn calls_used(account: @ChipiAccount::ContractState, session_key: felt252) -> u32 {
    session_data(account, session_key).calls_used
}

pub fn set_policy(
    ref account: ChipiAccount::ContractState,
    session_key: felt252,
    token: ContractAddress,
    max_per_call: u256,
    max_per_window: u256,
    window_seconds: u64,
) {
    as_self();
    ChipiAccount::SpendingPolicyImpl::set_spending_policy(
        ref account, session_key, token, max_per_call, max_per_window, window_seconds,
    );
    as_protocol();
}

pub fn policy(
    account: @ChipiAccount::ContractState, session_key: felt252, token: ContractAddress,
) -> SpendingPolicyView {
    ChipiAccount::SpendingPolicyImpl::get_spending_policy(account, session_key, token)
}

/// `__validate__` from the protocol with `signature`.
pub fn validate(
    ref account: ChipiAccount::ContractState, signature: Array<felt252>, calls: Array<Call>,
) -> felt252 {
    set_signature(signature.span());
    as_protocol();
    ChipiAccount::SRC6Impl::__validate__(ref account, calls)
}

/// `__execute__` from the protocol with the signature already set.
pub fn execute(ref account: ChipiAccount::ContractState, calls: Array<Call>) -> Array<Span<felt252>> {
    as_protocol();
    ChipiAccount::SRC6Impl::__execute__(ref account, calls)
}

/// A whole transaction signed by session A: `__validate__` must accept, then `__execute__`.
pub fn session_a_tx(ref account: ChipiAccount::ContractState, calls: Array<Call>) -> Array<Span<felt252>> {
    assert(validate(ref account, session_a_tx_signature(), calls.clone()) == 'VALID', 'validate');
    execute(ref account, calls)
}

/// A whole transaction signed by the owner.
pub fn owner_tx(ref account: ChipiAccount::ContractState, calls: Array<Call>) -> Array<Span<felt252>> {
    assert(validate(ref account, owner_tx_signature(), calls.clone()) == 'VALID', 'validate');
    execute(ref account, calls)
}

/// `execute_from_outside_v2` called by `caller`.
pub fn execute_outside(
    ref account: ChipiAccount::ContractState,
    caller: ContractAddress,
    outside_execution: OutsideExecution,
    signature: Array<felt252>,
) -> Array<Span<felt252>> {
    set_caller_address(caller);
    let results = ChipiAccount::OutsideExecutionV2Impl::execute_from_outside_v2(
        ref account, outside_execution, signature.span(),
    );
    as_protocol();
    results
}

pub fn is_valid_signature(
    account: @ChipiAccount::ContractState, hash: felt252, signature: Array<felt252>,
) -> felt252 {
    ChipiAccount::SRC6Impl::is_valid_signature(account, hash, signature)
}

/// Rotates the owner key from `OWNER` to `NEW_OWNER` as the account itself.
pub fn rotate_owner(ref account: ChipiAccount::ContractState) {
    as_self();
    ChipiAccount::PublicKeyImpl::set_public_key(
        ref account,
        NEW_OWNER_PUBLIC_KEY,
        key_rotation_proof(account_address(), OWNER_PUBLIC_KEY).span(),
    );
    as_protocol();
}

// Calls.

pub fn allowed(contract: ContractAddress, selector: felt252) -> AllowedCall {
    AllowedCall { contract, selector }
}

pub fn call(to: ContractAddress, selector: felt252, calldata: Array<felt252>) -> Call {
    Call { to, selector, calldata: calldata.span() }
}

pub fn transfer_call(token: ContractAddress, to: ContractAddress, amount: u256) -> Call {
    call(token, selector!("transfer"), array![to.into(), amount.low.into(), amount.high.into()])
}

pub fn approve_call(token: ContractAddress, spender: ContractAddress, amount: u256) -> Call {
    call(token, selector!("approve"), array![spender.into(), amount.low.into(), amount.high.into()])
}

// Signatures.

/// `[r, s]` of the owner over `TX_HASH`.
pub fn owner_tx_signature() -> Array<felt252> {
    array![OWNER_TX_R, OWNER_TX_S]
}

/// `[key, r, s, valid_until]` of session A over `TX_HASH` and `VALID_UNTIL`.
pub fn session_a_tx_signature() -> Array<felt252> {
    array![SESSION_A_PUBLIC_KEY, SESSION_A_TX_R, SESSION_A_TX_S, VALID_UNTIL.into()]
}

/// `[key, r, s, valid_until]` of session B over `TX_HASH` and `VALID_UNTIL`.
pub fn session_b_tx_signature() -> Array<felt252> {
    array![SESSION_B_PUBLIC_KEY, SESSION_B_TX_R, SESSION_B_TX_S, VALID_UNTIL.into()]
}

/// An `ANY_CALLER` outside execution valid from `NOW - 100` to `NOW + 100`.
pub fn outside_execution(calls: Array<Call>, nonce: felt252) -> OutsideExecution {
    OutsideExecution {
        caller: any_caller(),
        nonce,
        execute_after: NOW - 100,
        execute_before: NOW + 100,
        calls: calls.span(),
    }
}

/// SNIP-12 hash of `outside_execution` for the account at `account`.
pub fn oe_hash(account: ContractAddress, outside_execution: OutsideExecution) -> felt252 {
    outside_execution_hash(@outside_execution, CHAIN_ID, account)
}

/// `[r, s]` of the owner over `outside_execution` for the account at `account`.
pub fn owner_oe_signature(account: ContractAddress, outside_execution: OutsideExecution) -> Array<felt252> {
    let (r, s) = sign(OWNER_PRIVATE_KEY, oe_hash(account, outside_execution));
    array![r, s]
}

/// `[key, r, s, valid_until]` of a session over `outside_execution` for the account at `account`.
pub fn session_oe_signature(
    account: ContractAddress,
    outside_execution: OutsideExecution,
    private_key: felt252,
    public_key: felt252,
    valid_until: u64,
) -> Array<felt252> {
    let message = session_oe_message(oe_hash(account, outside_execution), public_key, valid_until);
    let (r, s) = sign(private_key, message);
    array![public_key, r, s, valid_until.into()]
}

/// Session A's signature over `outside_execution` for the directly driven account.
pub fn session_a_oe_signature(outside_execution: OutsideExecution) -> Array<felt252> {
    session_oe_signature(
        account_address(), outside_execution, SESSION_A_PRIVATE_KEY, SESSION_A_PUBLIC_KEY, VALID_UNTIL,
    )
}

/// Session B's signature over `outside_execution` for the directly driven account.
pub fn session_b_oe_signature(outside_execution: OutsideExecution) -> Array<felt252> {
    session_oe_signature(
        account_address(), outside_execution, SESSION_B_PRIVATE_KEY, SESSION_B_PUBLIC_KEY, VALID_UNTIL,
    )
}

/// `[key, r, s, valid_until, ...outside_execution]`: the `is_valid_signature` form of session A's
/// signature, for the directly driven account.
pub fn session_a_message_signature(outside_execution: OutsideExecution) -> Array<felt252> {
    let mut signature = session_a_oe_signature(outside_execution);
    outside_execution.serialize(ref signature);
    signature
}

/// `[r, s]` of `NEW_OWNER` over the rotation proof from `old_public_key` on `account`.
pub fn key_rotation_proof(account: ContractAddress, old_public_key: felt252) -> Array<felt252> {
    let message = set_public_key_message(CHAIN_ID, account, old_public_key, NEW_OWNER_PUBLIC_KEY);
    let (r, s) = sign(NEW_OWNER_PRIVATE_KEY, message);
    array![r, s]
}

// Deployed contracts (each deployment and each call costs the runner a copy of the program).

/// Deploys the account owned by `OWNER_PUBLIC_KEY` from address 0 and resets the context.
pub fn deploy_account() -> ContractAddress {
    reset_context();
    set_contract_address(zero());
    let (address, _) = deploy_syscall(
        ChipiAccount::TEST_CLASS_HASH.try_into().unwrap(),
        0,
        array![OWNER_PUBLIC_KEY].span(),
        false,
    )
        .unwrap_syscall();
    address
}

/// Deploys a mock token whose owner is `minter()`; the current contract address is kept.
pub fn deploy_token(salt: felt252) -> ContractAddress {
    let mut calldata = array![];
    let name: ByteArray = "Test USDC";
    let symbol: ByteArray = "USDC";
    name.serialize(ref calldata);
    symbol.serialize(ref calldata);
    calldata.append(6);
    calldata.append(minter().into());
    let (address, _) = deploy_syscall(
        MockERC20::TEST_CLASS_HASH.try_into().unwrap(), salt, calldata.span(), false,
    )
        .unwrap_syscall();
    address
}

/// Mints as the token owner; the current contract address is kept.
pub fn mint(token: ContractAddress, to: ContractAddress, amount: u256) {
    let previous = get_contract_address();
    set_contract_address(minter());
    IMockERC20Dispatcher { contract_address: token }.mint(to, amount);
    set_contract_address(previous);
}

pub fn balance_of(token: ContractAddress, owner: ContractAddress) -> u256 {
    IMockERC20Dispatcher { contract_address: token }.balance_of(owner)
}

pub fn allowance(token: ContractAddress, owner: ContractAddress, spender: ContractAddress) -> u256 {
    IMockERC20Dispatcher { contract_address: token }.allowance(owner, spender)
}

// Events.

/// Drops every event `address` emitted so far.
pub fn drain_events(address: ContractAddress) {
    loop {
        if pop_log_raw(address).is_none() {
            break;
        }
    };
}

/// Every external selector of the account: a session must reach none of them.
pub fn account_selectors() -> Array<felt252> {
    array![
        selector!("__execute__"), selector!("__validate__"), selector!("is_valid_signature"),
        selector!("__validate_declare__"), selector!("__validate_deploy__"),
        selector!("execute_from_outside_v2"), selector!("is_valid_outside_execution_nonce"),
        selector!("add_or_update_session_key"), selector!("add_or_update_session"),
        selector!("revoke_session_key"), selector!("revoke_all"), selector!("get_session_data"),
        selector!("get_session_allowed_calls"), selector!("get_session_allowed_entrypoints_len"),
        selector!("get_session_allowed_entrypoint_at"), selector!("get_session_epoch"),
        selector!("set_spending_policy"), selector!("remove_spending_policy"),
        selector!("get_spending_policy"), selector!("get_public_key"), selector!("set_public_key"),
        selector!("upgrade"), selector!("supports_interface"), selector!("get_contract_info"),
        selector!("get_snip9_version"),
    ]
}
