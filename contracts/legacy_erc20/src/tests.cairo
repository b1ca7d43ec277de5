use crate::{ILegacyERC20Dispatcher, ILegacyERC20DispatcherTrait, LegacyERC20};
use starknet::syscalls::{call_contract_syscall, deploy_syscall};
use starknet::testing::{pop_log_raw, set_contract_address};
use starknet::{ContractAddress, contract_address_const};

fn owner() -> ContractAddress {
    contract_address_const::<'owner'>()
}

fn alice() -> ContractAddress {
    contract_address_const::<'alice'>()
}

fn bob() -> ContractAddress {
    contract_address_const::<'bob'>()
}

fn deploy() -> ILegacyERC20Dispatcher {
    let calldata = array!['Legacy USD', 'LUSD', 6, owner().into()];
    let (address, _) = deploy_syscall(
        LegacyERC20::TEST_CLASS_HASH.try_into().unwrap(), 0, calldata.span(), false,
    )
        .unwrap();
    ILegacyERC20Dispatcher { contract_address: address }
}

#[test]
fn test_transfer_moves_balance_and_emits_data_layout_event() {
    let token = deploy();
    set_contract_address(owner());
    token.mint(alice(), 100);
    set_contract_address(alice());
    assert(token.transfer(bob(), 30), 'transfer');
    assert(token.balanceOf(alice()) == 70 && token.balanceOf(bob()) == 30, 'balances');
    assert(token.totalSupply() == 100, 'supply');
    let _mint = pop_log_raw(token.contract_address);
    let (keys, data) = pop_log_raw(token.contract_address).unwrap();
    assert(keys == array![selector!("Transfer")].span(), 'only the name is a key');
    assert(data == array![alice().into(), bob().into(), 30, 0].span(), 'from, to, value in data');
}

#[test]
fn test_balance_of_not_an_entrypoint() {
    let token = deploy();
    let answer = call_contract_syscall(
        token.contract_address, selector!("balance_of"), array![alice().into()].span(),
    );
    assert(answer.is_err(), 'no snake_case read');
}

#[test]
#[should_panic(expected: ('erc20/insufficient-allowance', 'ENTRYPOINT_FAILED'))]
fn test_transferFrom_over_allowance() {
    let token = deploy();
    set_contract_address(owner());
    token.mint(alice(), 100);
    set_contract_address(alice());
    token.approve(bob(), 10);
    set_contract_address(bob());
    token.transferFrom(alice(), bob(), 11);
}

#[test]
#[should_panic(expected: ('erc20/only-owner', 'ENTRYPOINT_FAILED'))]
fn test_mint_not_owner() {
    let token = deploy();
    set_contract_address(alice());
    token.mint(alice(), 1);
}
