//! Through a real call boundary: reentrancy from a called contract, and outside execution by a
//! relayer (caller check, nonce replay) end to end.

use crate::interfaces::{
    IOutsideExecutionV2Dispatcher, IOutsideExecutionV2DispatcherTrait,
    IOutsideExecutionV2SafeDispatcher, IOutsideExecutionV2SafeDispatcherTrait,
    ISRC6SafeDispatcherTrait, ISessionManagerDispatcherTrait, OutsideExecution,
};
use crate::tests::integration::{assert_error, deploy_reentrant, register, sessions, src6_safe};
use crate::tests::setup::{
    MAX_CALLS, any_caller, balance_of, call, config, deploy_account, deploy_token, mint,
    outside_execution, owner_oe_signature, owner_tx_signature, recipient, relayer, session_oe_signature,
    transfer_call,
};
use crate::tests::signing::{SESSION_A_PRIVATE_KEY, SESSION_A_PUBLIC_KEY, VALID_UNTIL};
use starknet::ContractAddress;
use starknet::testing::{set_account_contract_address, set_contract_address, set_signature};

#[test]
#[feature("safe_dispatcher")]
fn test___execute___reentrancy_refused() {
    let account = deploy_account();
    let reentrant = deploy_reentrant();
    set_signature(owner_tx_signature().span());
    set_account_contract_address(account);
    set_contract_address(starknet::contract_address_const::<0>());
    // The called contract re-enters the account's outside execution with a valid owner signature.
    let oe = outside_execution(array![], 1);
    let mut calldata = array![account.into()];
    oe.serialize(ref calldata);
    owner_oe_signature(account, oe).span().serialize(ref calldata);
    let reenter_oe = array![call(reentrant, selector!("reenter_outside_execution"), calldata)];
    assert_error(src6_safe(account).__execute__(reenter_oe), 'account/reentrant-call', 3);
    // ... or `__execute__` itself (its caller is not 0), or an admin entrypoint (not the account).
    let reenter_execute = array![call(reentrant, selector!("reenter_execute"), array![account.into()])];
    assert_error(src6_safe(account).__execute__(reenter_execute), 'account/invalid-caller', 3);
    let reenter_admin = array![call(reentrant, selector!("reenter_revoke_all"), array![account.into()])];
    assert_error(src6_safe(account).__execute__(reenter_admin), 'account/only-self', 3);
    assert(sessions(account).get_session_epoch() == 0, 'nothing revoked');
}

#[test]
#[feature("safe_dispatcher")]
fn test_execute_from_outside_v2_nested_outside_execution_refused() {
    let account = deploy_account();
    let reentrant = deploy_reentrant();
    // A relayer's transaction runs an owner outside execution whose call re-enters
    // `execute_from_outside_v2` with another valid owner outside execution.
    set_account_contract_address(relayer());
    let inner = outside_execution(array![], 2);
    let mut calldata = array![account.into()];
    inner.serialize(ref calldata);
    owner_oe_signature(account, inner).span().serialize(ref calldata);
    let outer = outside_execution(array![call(reentrant, selector!("reenter_outside_execution"), calldata)], 1);
    set_contract_address(relayer());
    assert_error(
        IOutsideExecutionV2SafeDispatcher { contract_address: account }
            .execute_from_outside_v2(outer, owner_oe_signature(account, outer).span()),
        'account/reentrant-call',
        3,
    );
    assert(IOutsideExecutionV2Dispatcher { contract_address: account }.is_valid_outside_execution_nonce(2), 'inner unused');
}

#[test]
#[feature("safe_dispatcher")]
fn test_execute_from_outside_v2_relayer_end_to_end() {
    let account = deploy_account();
    let token = deploy_token(0);
    mint(token, account, 1000);
    register(account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![]));
    let mut oe = outside_execution(array![transfer_call(token, recipient(), 50)], 1);
    oe.caller = relayer();
    let signature = session_oe_signature(account, oe, SESSION_A_PRIVATE_KEY, SESSION_A_PUBLIC_KEY, VALID_UNTIL);
    // Someone other than the named relayer.
    set_contract_address(recipient());
    assert_error(
        IOutsideExecutionV2SafeDispatcher { contract_address: account }.execute_from_outside_v2(oe, signature.span()),
        'outside/invalid-caller',
        1,
    );
    set_contract_address(relayer());
    IOutsideExecutionV2Dispatcher { contract_address: account }.execute_from_outside_v2(oe, signature.span());
    assert(balance_of(token, recipient()) == 50, 'paid');
    assert(sessions(account).get_session_data(SESSION_A_PUBLIC_KEY).calls_used == 1, 'one call used');
    // Replaying the same signed outside execution.
    assert_error(
        IOutsideExecutionV2SafeDispatcher { contract_address: account }.execute_from_outside_v2(oe, signature.span()),
        'outside/duplicate-nonce',
        1,
    );
    assert(balance_of(token, recipient()) == 50, 'paid once');
}
