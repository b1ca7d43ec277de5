//! `is_valid_signature`: the owner's `[r, s]`, and a session only with the preimage of an outside
//! execution, checked against every session and SNIP-9 rule without consuming anything.

use crate::account::ChipiAccount;
use crate::interfaces::OutsideExecution;
use crate::signature::STARK_CURVE_ORDER;
use crate::tests::setup::{
    MAX_CALLS, account_address, account_selectors, allowed, approve_call, call, config,
    execute_outside, is_valid_signature, new_account, new_account_with_session, oe_hash,
    outside_execution, owner_oe_signature, recipient, register, relayer, revoke,
    session_a_message_signature, session_a_oe_signature, set_policy, token, transfer_call,
};
use crate::tests::signing::{
    OWNER_TX_R, OWNER_TX_S, SESSION_A_PUBLIC_KEY, SESSION_A_TX_MESSAGE, SESSION_A_TX_R,
    SESSION_A_TX_S, TX_HASH, VALID_UNTIL,
};
use starknet::ContractAddress;
use starknet::account::Call;
use starknet::testing::set_block_timestamp;

/// `is_valid_signature(H, [key, r, s, valid_until, ...oe])` for session A.
fn check(account: @ChipiAccount::ContractState, oe: OutsideExecution) -> felt252 {
    is_valid_signature(account, oe_hash(account_address(), oe), session_a_message_signature(oe))
}

fn transfer_oe(amount: u256, nonce: felt252) -> OutsideExecution {
    outside_execution(array![transfer_call(token(), recipient(), amount)], nonce)
}

#[test]
fn test_is_valid_signature_owner() {
    let account = new_account();
    assert(is_valid_signature(@account, TX_HASH, array![OWNER_TX_R, OWNER_TX_S]) == 'VALID', 'valid');
    assert(is_valid_signature(@account, TX_HASH + 1, array![OWNER_TX_R, OWNER_TX_S]) == 0, 'other hash');
    assert(is_valid_signature(@account, TX_HASH, array![OWNER_TX_R, OWNER_TX_S + 1]) == 0, 'bad s');
    let n: felt252 = STARK_CURVE_ORDER.try_into().unwrap();
    assert(is_valid_signature(@account, TX_HASH, array![OWNER_TX_R, n]) == 0, 's = n');
    assert(is_valid_signature(@account, TX_HASH, array![0, OWNER_TX_S]) == 0, 'r = 0');
}

#[test]
fn test_is_valid_signature_other_lengths() {
    let account = new_account_with_session();
    assert(is_valid_signature(@account, TX_HASH, array![]) == 0, 'empty');
    assert(is_valid_signature(@account, TX_HASH, array![OWNER_TX_R]) == 0, 'one');
    assert(is_valid_signature(@account, TX_HASH, array![OWNER_TX_R, OWNER_TX_S, 0]) == 0, 'three');
}

#[test]
fn test_is_valid_signature_bare_session_signature() {
    // A valid session signature over the very hash asked about: still not accepted, a session
    // never signs arbitrary hashes.
    let account = new_account_with_session();
    let signature = array![SESSION_A_PUBLIC_KEY, SESSION_A_TX_R, SESSION_A_TX_S, VALID_UNTIL.into()];
    assert(is_valid_signature(@account, SESSION_A_TX_MESSAGE, signature) == 0, 'bare session');
}

#[test]
fn test_is_valid_signature_session_outside_execution() {
    let account = new_account_with_session();
    let oe = transfer_oe(10, 1);
    assert(check(@account, oe) == 'VALID', 'valid');
    // Nothing consumed.
    assert(
        ChipiAccount::SessionManagerImpl::get_session_data(@account, SESSION_A_PUBLIC_KEY).calls_used == 0,
        'no call used',
    );
    assert(ChipiAccount::OutsideExecutionV2Impl::is_valid_outside_execution_nonce(@account, 1), 'nonce unused');
}

#[test]
fn test_is_valid_signature_session_preimage_binding() {
    let account = new_account_with_session();
    let oe = transfer_oe(10, 1);
    let signature = session_a_message_signature(oe);
    let hash = oe_hash(account_address(), oe);
    assert(is_valid_signature(@account, hash + 1, signature.clone()) == 0, 'other hash');
    // Trailing or missing felts after the outside execution.
    let mut trailing = signature.clone();
    trailing.append(0);
    assert(is_valid_signature(@account, hash, trailing) == 0, 'trailing felt');
    let truncated = signature.span().slice(0, signature.len() - 1);
    let mut short: Array<felt252> = array![];
    for item in truncated {
        short.append(*item);
    };
    assert(is_valid_signature(@account, hash, short) == 0, 'truncated');
    // A calldata length longer than the data, and a call count longer than the data.
    let mut lying: Array<felt252> = array![];
    for item in signature.span().slice(0, 11) {
        lying.append(*item);
    };
    lying.append(1_000);
    assert(is_valid_signature(@account, hash, lying) == 0, 'calldata length');
    let mut many_calls: Array<felt252> = array![];
    for item in signature.span().slice(0, 8) {
        many_calls.append(*item);
    };
    many_calls.append(0xffffffff);
    assert(is_valid_signature(@account, hash, many_calls) == 0, 'call count');
    // The preimage of an outside execution for another account.
    let other = oe_hash(starknet::contract_address_const::<'twin'>(), oe);
    assert(is_valid_signature(@account, other, signature) == 0, 'other account');
}

#[test]
fn test_is_valid_signature_session_signature_checked() {
    let account = new_account_with_session();
    let oe = transfer_oe(10, 1);
    // Session A's signature of another outside execution, with this one's preimage.
    let mut signature = session_a_oe_signature(transfer_oe(10, 2));
    oe.serialize(ref signature);
    assert(is_valid_signature(@account, oe_hash(account_address(), oe), signature) == 0, 'wrong oe');
    // The owner's signature in the session form.
    let owner = owner_oe_signature(account_address(), oe);
    let mut as_session = array![SESSION_A_PUBLIC_KEY, *owner[0], *owner[1], VALID_UNTIL.into()];
    oe.serialize(ref as_session);
    assert(is_valid_signature(@account, oe_hash(account_address(), oe), as_session) == 0, 'owner r s');
}

#[test]
fn test_is_valid_signature_session_status() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(1, array![]));
    let oe = transfer_oe(10, 1);
    assert(check(@account, oe) == 'VALID', 'live');
    set_block_timestamp(VALID_UNTIL + 1);
    assert(check(@account, outside_execution_until(VALID_UNTIL + 100)) == 0, 'expired');
    set_block_timestamp(crate::tests::setup::NOW);
    // Exhausted after one outside execution.
    let consume = outside_execution(array![], 2);
    execute_outside(ref account, relayer(), consume, session_a_oe_signature(consume));
    assert(check(@account, oe) == 0, 'exhausted');
}

fn outside_execution_until(before: u64) -> OutsideExecution {
    let mut oe = transfer_oe(10, 1);
    oe.execute_before = before;
    oe
}

#[test]
fn test_is_valid_signature_session_revoked() {
    let mut account = new_account_with_session();
    let oe = transfer_oe(10, 1);
    revoke(ref account, SESSION_A_PUBLIC_KEY);
    assert(check(@account, oe) == 0, 'revoked');
}

#[test]
fn test_is_valid_signature_session_self_call_every_account_selector() {
    let account = new_account_with_session();
    for selector in account_selectors() {
        let oe = outside_execution(array![call(account_address(), selector, array![])], 1);
        assert(check(@account, oe) == 0, 'self-call accepted');
        // Hidden in a multicall.
        let calls = array![
            transfer_call(token(), recipient(), 1),
            call(account_address(), selector, array![]),
        ];
        assert(check(@account, outside_execution(calls, 1)) == 0, 'hidden self-call accepted');
    };
    assert(check(@account, transfer_oe(1, 1)) == 'VALID', 'control');
}

#[test]
fn test_is_valid_signature_session_allow_list() {
    let mut account = new_account();
    register(ref account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![allowed(token(), selector!("transfer"))]));
    assert(check(@account, transfer_oe(1, 1)) == 'VALID', 'listed');
    assert(check(@account, outside_execution(array![approve_call(token(), recipient(), 1)], 1)) == 0, 'not listed');
}

#[test]
fn test_is_valid_signature_session_nonce_and_window() {
    let mut account = new_account_with_session();
    let oe = transfer_oe(10, 1);
    // A nonce the owner used is still free for the session: each signer has its own nonces.
    execute_outside(ref account, relayer(), outside_execution(array![], 1), owner_oe_signature(account_address(), outside_execution(array![], 1)));
    assert(check(@account, oe) == 'VALID', 'owner nonce space');
    // Used by the session itself (an outside execution without calls).
    let empty = outside_execution(array![], 1);
    execute_outside(ref account, relayer(), empty, session_a_message_signature(empty));
    assert(check(@account, oe) == 0, 'used nonce');
    let fresh = transfer_oe(10, 2);
    assert(check(@account, fresh) == 'VALID', 'fresh nonce');
    set_block_timestamp(fresh.execute_after);
    assert(check(@account, fresh) == 0, 'too early');
    set_block_timestamp(fresh.execute_before);
    assert(check(@account, fresh) == 0, 'too late');
}

#[test]
fn test_is_valid_signature_session_spending_room() {
    let mut account = new_account_with_session();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token(), 60, 100, 70);
    assert(check(@account, transfer_oe(60, 1)) == 'VALID', 'within');
    assert(check(@account, transfer_oe(61, 1)) == 0, 'per call');
    let two: Array<Call> = array![transfer_call(token(), recipient(), 50), transfer_call(token(), recipient(), 51)];
    assert(check(@account, outside_execution(two, 1)) == 0, 'window');
    let exact: Array<Call> = array![transfer_call(token(), recipient(), 50), transfer_call(token(), recipient(), 50)];
    assert(check(@account, outside_execution(exact, 1)) == 'VALID', 'exact window');
}

#[test]
fn test_is_valid_signature_session_transfer_from_other_sender() {
    let mut account = new_account_with_session();
    set_policy(ref account, SESSION_A_PUBLIC_KEY, token(), 10, 10, 70);
    let other: ContractAddress = starknet::contract_address_const::<'someone'>();
    let from_other = call(token(), selector!("transfer_from"), array![other.into(), recipient().into(), 1_000_000, 0]);
    let from_account = call(token(), selector!("transfer_from"), array![account_address().into(), recipient().into(), 1_000_000, 0]);
    assert(check(@account, outside_execution(array![from_other], 1)) == 'VALID', 'not the account funds');
    assert(check(@account, outside_execution(array![from_account], 1)) == 0, 'the account funds');
}
