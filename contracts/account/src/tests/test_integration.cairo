//! Through a real call boundary (deployed account, dispatchers): the error data callers see, a
//! session transfer end to end, and atomic execution with the counters after a revert.

use crate::account::ChipiAccount;
use crate::interfaces::{
    ISRC6DispatcherTrait, ISRC6SafeDispatcherTrait, ISessionManagerDispatcherTrait,
    ISessionManagerSafeDispatcher, ISessionManagerSafeDispatcherTrait, ISpendingPolicyDispatcher,
    ISpendingPolicyDispatcherTrait, IUpgradeableDispatcher, IUpgradeableDispatcherTrait,
    IUpgradeableSafeDispatcher, IUpgradeableSafeDispatcherTrait,
};
use crate::tests::integration::{assert_error, register, set_policy, src6, src6_safe, sessions};
use crate::tests::setup::{
    MAX_CALLS, allowed, balance_of, config, deploy_account, deploy_token, drain_events, mint,
    recipient, session_a_tx_signature, transfer_call, zero,
};
use crate::tests::signing::{SESSION_A_PUBLIC_KEY, VALID_UNTIL};
use mock_erc20::{IMockERC20Dispatcher, IMockERC20DispatcherTrait, MockERC20};
use starknet::syscalls::deploy_syscall;
use starknet::testing::{pop_log, set_block_timestamp, set_contract_address, set_signature};

#[test]
#[should_panic(expected: ('session/expired', 'ENTRYPOINT_FAILED'))]
fn test___validate___error_data_through_dispatcher() {
    let account = deploy_account();
    register(account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![]));
    set_block_timestamp(VALID_UNTIL + 1);
    set_signature(session_a_tx_signature().span());
    src6(account).__validate__(array![]);
}

#[test]
#[feature("safe_dispatcher")]
fn test___execute___session_transfer_then_atomic_revert() {
    let account = deploy_account();
    let token = deploy_token(0);
    mint(token, account, 1000);
    register(account, SESSION_A_PUBLIC_KEY, config(MAX_CALLS, array![allowed(token, selector!("transfer"))]));
    set_policy(account, SESSION_A_PUBLIC_KEY, token, 500, 600, 3600);
    set_signature(session_a_tx_signature().span());
    // A session transfer, end to end.
    let pay = array![transfer_call(token, recipient(), 300)];
    assert(src6(account).__validate__(pay.clone()) == 'VALID', 'validate');
    src6(account).__execute__(pay);
    assert(balance_of(token, recipient()) == 300, 'paid');
    assert(balance_of(token, account) == 700, 'debited');
    // A multicall whose second transfer fails: validation already used a call (kept), the first
    // transfer and its spend are rolled back with the rest.
    let failing = array![transfer_call(token, recipient(), 200), transfer_call(token, zero(), 100)];
    assert(src6(account).__validate__(failing.clone()) == 'VALID', 'validate 2');
    let result = src6_safe(account).__execute__(failing);
    assert_error(result, 'erc20/zero-address', 2);
    assert(balance_of(token, recipient()) == 300, 'first transfer rolled back');
    let data = sessions(account).get_session_data(SESSION_A_PUBLIC_KEY);
    assert(data.calls_used == 2, 'validation writes kept');
    let view = ISpendingPolicyDispatcher { contract_address: account }
        .get_spending_policy(SESSION_A_PUBLIC_KEY, token);
    assert(view.spent_in_window == 300, 'spend rolled back');
}
