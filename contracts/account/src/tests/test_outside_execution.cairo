//! `execute_from_outside_v2` (SNIP-9 v2) with the owner's signature: caller, time window, nonce,
//! signature binding, and the calls it runs.

use crate::account::ChipiAccount;
use crate::interfaces::OutsideExecution;
use crate::outside_execution::outside_execution_hash;
use crate::tests::setup::{
    NOW, account_address, allowance, any_caller, approve_call, deploy_token, execute_outside,
    new_account, outside_execution, owner_oe_signature, recipient, relayer, zero,
};
use crate::tests::signing::{OWNER_PRIVATE_KEY, malleate, sign};
use starknet::contract_address_const;
use starknet::testing::set_block_timestamp;

fn signed(outside_execution: OutsideExecution) -> Array<felt252> {
    owner_oe_signature(account_address(), outside_execution)
}

fn for_caller(caller: starknet::ContractAddress) -> OutsideExecution {
    let mut oe = outside_execution(array![], 1);
    oe.caller = caller;
    oe
}

#[test]
fn test_execute_from_outside_v2_owner_valid() {
    let mut account = new_account();
    let oe = outside_execution(array![], 1);
    let results = execute_outside(ref account, relayer(), oe, signed(oe));
    assert(results.len() == 0, 'no calls');
    assert(!ChipiAccount::OutsideExecutionV2Impl::is_valid_outside_execution_nonce(@account, 1), 'nonce used');
}

#[test]
fn test_execute_from_outside_v2_owner_runs_calls() {
    let token = deploy_token(0);
    let mut account = new_account();
    let oe = outside_execution(array![approve_call(token, recipient(), 500)], 1);
    let results = execute_outside(ref account, relayer(), oe, signed(oe));
    assert(results.len() == 1, 'one result');
    assert(allowance(token, account_address(), recipient()) == 500, 'approved');
}

#[test]
fn test_execute_from_outside_v2_any_caller() {
    let mut account = new_account();
    let oe = for_caller(any_caller());
    execute_outside(ref account, contract_address_const::<'anyone'>(), oe, signed(oe));
}

#[test]
fn test_execute_from_outside_v2_explicit_caller() {
    let mut account = new_account();
    let oe = for_caller(relayer());
    execute_outside(ref account, relayer(), oe, signed(oe));
}

#[test]
#[should_panic(expected: ('outside/invalid-caller',))]
fn test_execute_from_outside_v2_invalid_caller() {
    let mut account = new_account();
    let oe = for_caller(relayer());
    execute_outside(ref account, recipient(), oe, signed(oe));
}

#[test]
#[should_panic(expected: ('outside/invalid-caller',))]
fn test_execute_from_outside_v2_zero_caller_is_not_any_caller() {
    let mut account = new_account();
    let oe = for_caller(zero());
    execute_outside(ref account, relayer(), oe, signed(oe));
}

#[test]
#[should_panic(expected: ('outside/too-early',))]
fn test_execute_from_outside_v2_too_early() {
    let mut account = new_account();
    let oe = outside_execution(array![], 1);
    set_block_timestamp(NOW - 100);
    execute_outside(ref account, relayer(), oe, signed(oe));
}

#[test]
#[should_panic(expected: ('outside/expired',))]
fn test_execute_from_outside_v2_expired() {
    let mut account = new_account();
    let oe = outside_execution(array![], 1);
    set_block_timestamp(NOW + 100);
    execute_outside(ref account, relayer(), oe, signed(oe));
}

#[test]
fn test_execute_from_outside_v2_window_bounds_exclusive() {
    let mut account = new_account();
    let first = outside_execution(array![], 1);
    set_block_timestamp(NOW - 99);
    execute_outside(ref account, relayer(), first, signed(first));
    let second = outside_execution(array![], 2);
    set_block_timestamp(NOW + 99);
    execute_outside(ref account, relayer(), second, signed(second));
}

#[test]
#[should_panic(expected: ('outside/duplicate-nonce',))]
fn test_execute_from_outside_v2_duplicate_nonce() {
    let mut account = new_account();
    let oe = outside_execution(array![], 1);
    execute_outside(ref account, relayer(), oe, signed(oe));
    execute_outside(ref account, relayer(), oe, signed(oe));
}

#[test]
#[should_panic(expected: ('outside/duplicate-nonce',))]
fn test_execute_from_outside_v2_malleated_s_replay_refused() {
    // `(r, n - s)` is a valid signature too, but the nonce is spent.
    let mut account = new_account();
    let oe = outside_execution(array![], 1);
    let signature = signed(oe);
    execute_outside(ref account, relayer(), oe, signature.clone());
    execute_outside(ref account, relayer(), oe, array![*signature[0], malleate(*signature[1])]);
}

#[test]
#[should_panic(expected: ('outside/invalid-signature',))]
fn test_execute_from_outside_v2_owner_invalid_signature() {
    let mut account = new_account();
    let oe = outside_execution(array![], 1);
    // Signed for another nonce.
    execute_outside(ref account, relayer(), oe, signed(outside_execution(array![], 2)));
}

#[test]
#[should_panic(expected: ('outside/invalid-signature',))]
fn test_execute_from_outside_v2_signature_for_another_chain() {
    let mut account = new_account();
    let oe = outside_execution(array![], 1);
    let (r, s) = sign(OWNER_PRIVATE_KEY, outside_execution_hash(@oe, 'SN_MAIN', account_address()));
    execute_outside(ref account, relayer(), oe, array![r, s]);
}

#[test]
#[should_panic(expected: ('outside/invalid-signature',))]
fn test_execute_from_outside_v2_signature_for_another_account() {
    // Same owner key on another account: the SNIP-12 message names the account.
    let mut account = new_account();
    let oe = outside_execution(array![], 1);
    execute_outside(ref account, relayer(), oe, owner_oe_signature(contract_address_const::<'twin'>(), oe));
}

#[test]
#[should_panic(expected: ('account/invalid-sig-length',))]
fn test_execute_from_outside_v2_invalid_sig_length() {
    let mut account = new_account();
    let oe = outside_execution(array![], 1);
    let mut signature = signed(oe);
    signature.append(0);
    execute_outside(ref account, relayer(), oe, signature);
}
