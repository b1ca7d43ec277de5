//! Owner key rotation, upgrade access, SRC-5, and the small views.

use crate::account::ChipiAccount;
use crate::components::owner::OwnerComponent;
use crate::components::sessions::SessionsComponent;
use crate::interfaces::{ISESSION_MANAGER_ID, ISRC5_ID, ISRC6_ID, ISRC9_V2_ID};
use crate::tests::setup::{
    CHAIN_ID, account_address, as_protocol, as_self, execute_outside, key_rotation_proof,
    new_account, new_account_with_session, outside_execution, owner_oe_signature, relayer,
    rotate_owner, session_data,
};
use crate::tests::signing::{NEW_OWNER_PRIVATE_KEY, NEW_OWNER_PUBLIC_KEY, OWNER_PUBLIC_KEY, SESSION_A_PUBLIC_KEY, sign};
use crate::signature::set_public_key_message;
use starknet::testing::pop_log;
use starknet::contract_address_const;

fn set_public_key(ref account: ChipiAccount::ContractState, new_public_key: felt252, proof: Array<felt252>) {
    as_self();
    ChipiAccount::PublicKeyImpl::set_public_key(ref account, new_public_key, proof.span());
}

#[test]
fn test_constructor_sets_owner() {
    let account = new_account();
    assert(ChipiAccount::PublicKeyImpl::get_public_key(@account) == OWNER_PUBLIC_KEY, 'owner');
    assert(ChipiAccount::SessionManagerImpl::get_session_epoch(@account) == 0, 'epoch');
}

#[test]
#[should_panic(expected: ('account/zero-key',))]
fn test_constructor_zero_key() {
    let mut account = ChipiAccount::contract_state_for_testing();
    ChipiAccount::constructor(ref account, 0);
}

#[test]
#[should_panic(expected: ('account/only-self',))]
fn test_set_public_key_only_self() {
    let mut account = new_account();
    as_protocol();
    ChipiAccount::PublicKeyImpl::set_public_key(
        ref account, NEW_OWNER_PUBLIC_KEY, key_rotation_proof(account_address(), OWNER_PUBLIC_KEY).span(),
    );
}

#[test]
#[should_panic(expected: ('account/zero-key',))]
fn test_set_public_key_zero_key() {
    let mut account = new_account();
    set_public_key(ref account, 0, key_rotation_proof(account_address(), OWNER_PUBLIC_KEY));
}

#[test]
#[should_panic(expected: ('account/invalid-key-proof',))]
fn test_set_public_key_proof_wrong_length() {
    let mut account = new_account();
    let mut proof = key_rotation_proof(account_address(), OWNER_PUBLIC_KEY);
    proof.append(0);
    set_public_key(ref account, NEW_OWNER_PUBLIC_KEY, proof);
}

#[test]
#[should_panic(expected: ('account/invalid-key-proof',))]
fn test_set_public_key_proof_not_by_new_key() {
    // Signed over the right message by another key (a typo in the new key would lock the owner
    // out; the proof makes sure the new key's owner is present).
    let mut account = new_account();
    let message = set_public_key_message(CHAIN_ID, account_address(), OWNER_PUBLIC_KEY, NEW_OWNER_PUBLIC_KEY);
    let (r, s) = sign(crate::tests::signing::OWNER_PRIVATE_KEY, message);
    set_public_key(ref account, NEW_OWNER_PUBLIC_KEY, array![r, s]);
}

#[test]
#[should_panic(expected: ('account/invalid-key-proof',))]
fn test_set_public_key_proof_for_another_account() {
    let mut account = new_account();
    let proof = key_rotation_proof(contract_address_const::<'another-account'>(), OWNER_PUBLIC_KEY);
    set_public_key(ref account, NEW_OWNER_PUBLIC_KEY, proof);
}

#[test]
#[should_panic(expected: ('account/invalid-key-proof',))]
fn test_set_public_key_proof_for_another_chain() {
    let mut account = new_account();
    let message = set_public_key_message('SN_MAIN', account_address(), OWNER_PUBLIC_KEY, NEW_OWNER_PUBLIC_KEY);
    let (r, s) = sign(NEW_OWNER_PRIVATE_KEY, message);
    set_public_key(ref account, NEW_OWNER_PUBLIC_KEY, array![r, s]);
}

#[test]
fn test_set_public_key_rotates_and_revokes_sessions() {
    let mut account = new_account_with_session();
    rotate_owner(ref account);
    assert(ChipiAccount::PublicKeyImpl::get_public_key(@account) == NEW_OWNER_PUBLIC_KEY, 'rotated');
    let owner_changed = ChipiAccount::Event::OwnerEvent(
        OwnerComponent::Event::OwnerChanged(
            OwnerComponent::OwnerChanged { new_public_key: NEW_OWNER_PUBLIC_KEY },
        ),
    );
    let revoked = ChipiAccount::Event::SessionsEvent(
        SessionsComponent::Event::AllSessionsRevoked(SessionsComponent::AllSessionsRevoked { epoch: 1 }),
    );
    assert(pop_log(account_address()) == Option::Some(owner_changed), 'OwnerChanged');
    assert(pop_log(account_address()) == Option::Some(revoked), 'AllSessionsRevoked');
    assert(ChipiAccount::SessionManagerImpl::get_session_epoch(@account) == 1, 'epoch');
    assert(session_data(@account, SESSION_A_PUBLIC_KEY).status == 3, 'session revoked');
}

#[test]
#[should_panic(expected: ('account/invalid-key-proof',))]
fn test_set_public_key_proof_not_replayable() {
    // The proof names the old key: after rotating back, the first proof is void.
    let mut account = new_account();
    let first = key_rotation_proof(account_address(), OWNER_PUBLIC_KEY);
    set_public_key(ref account, NEW_OWNER_PUBLIC_KEY, first.clone());
    set_public_key(ref account, NEW_OWNER_PUBLIC_KEY, first);
}

#[test]
#[should_panic(expected: ('account/only-self',))]
fn test_upgrade_only_self() {
    let mut account = new_account();
    as_protocol();
    ChipiAccount::UpgradeableImpl::upgrade(ref account, 0x1234.try_into().unwrap());
}

#[test]
fn test_supports_interface() {
    let account = new_account();
    let ids = array![ISRC5_ID, ISRC6_ID, ISRC9_V2_ID, ISESSION_MANAGER_ID];
    for id in ids {
        assert(ChipiAccount::SRC5Impl::supports_interface(@account, id), 'supported');
    };
    assert(!ChipiAccount::SRC5Impl::supports_interface(@account, 0), 'zero');
    assert(!ChipiAccount::SRC5Impl::supports_interface(@account, 0x1234), 'unknown');
    // The SRC-6 id of older account standards is not claimed.
    assert(!ChipiAccount::SRC5Impl::supports_interface(@account, 0xa66bd575), 'legacy id');
}

#[test]
fn test_get_contract_info_and_snip9_version() {
    let account = new_account();
    assert(ChipiAccount::AccountInfoImpl::get_contract_info(@account) == 'v35', 'v35');
    assert(ChipiAccount::AccountInfoImpl::get_snip9_version(@account) == 2, 'snip9 v2');
}

#[test]
fn test_is_valid_outside_execution_nonce() {
    let mut account = new_account();
    assert(ChipiAccount::OutsideExecutionV2Impl::is_valid_outside_execution_nonce(@account, 7), 'fresh');
    let oe = outside_execution(array![], 7);
    execute_outside(ref account, relayer(), oe, owner_oe_signature(account_address(), oe));
    assert(!ChipiAccount::OutsideExecutionV2Impl::is_valid_outside_execution_nonce(@account, 7), 'used');
    assert(ChipiAccount::OutsideExecutionV2Impl::is_valid_outside_execution_nonce(@account, 8), 'other');
}
