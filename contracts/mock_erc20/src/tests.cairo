use crate::{IMockERC20Dispatcher, IMockERC20DispatcherTrait, MockERC20};
use starknet::syscalls::deploy_syscall;
use starknet::testing::set_contract_address;
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

fn deploy() -> IMockERC20Dispatcher {
    let mut calldata = array![];
    let name: ByteArray = "Test USDC";
    let symbol: ByteArray = "USDC";
    name.serialize(ref calldata);
    symbol.serialize(ref calldata);
    calldata.append(6);
    calldata.append(owner().into());
    let (address, _) = deploy_syscall(
        MockERC20::TEST_CLASS_HASH.try_into().unwrap(), 0, calldata.span(), false,
    )
        .unwrap();
    IMockERC20Dispatcher { contract_address: address }
}

#[test]
fn test_constructor_sets_metadata() {
    let token = deploy();
    assert(token.decimals() == 6, 'decimals');
    assert(token.symbol() == "USDC", 'symbol');
    assert(token.owner() == owner(), 'owner');
}

#[test]
fn test_mint_by_owner_credits_balance() {
    let token = deploy();
    set_contract_address(owner());
    token.mint(alice(), 1_000_000);
    assert(token.balance_of(alice()) == 1_000_000, 'balance');
    assert(token.total_supply() == 1_000_000, 'supply');
}

#[test]
#[should_panic(expected: ('erc20/only-owner', 'ENTRYPOINT_FAILED'))]
fn test_mint_by_stranger_refused() {
    let token = deploy();
    set_contract_address(alice());
    token.mint(alice(), 1);
}

#[test]
fn test_transfer_moves_balance() {
    let token = deploy();
    set_contract_address(owner());
    token.mint(alice(), 10);
    set_contract_address(alice());
    token.transfer(bob(), 4);
    assert(token.balance_of(alice()) == 6, 'alice');
    assert(token.balanceOf(bob()) == 4, 'bob');
}

#[test]
#[should_panic(expected: ('erc20/insufficient-balance', 'ENTRYPOINT_FAILED'))]
fn test_transfer_over_balance_refused() {
    let token = deploy();
    set_contract_address(alice());
    token.transfer(bob(), 1);
}

#[test]
fn test_transfer_from_spends_allowance() {
    let token = deploy();
    set_contract_address(owner());
    token.mint(alice(), 10);
    set_contract_address(alice());
    token.approve(bob(), 3);
    token.increaseAllowance(bob(), 2);
    set_contract_address(bob());
    token.transferFrom(alice(), bob(), 5);
    assert(token.allowance(alice(), bob()) == 0, 'allowance');
    assert(token.balance_of(bob()) == 5, 'bob');
}

#[test]
#[should_panic(expected: ('erc20/insufficient-allowance', 'ENTRYPOINT_FAILED'))]
fn test_transfer_from_without_allowance_refused() {
    let token = deploy();
    set_contract_address(owner());
    token.mint(alice(), 10);
    set_contract_address(bob());
    token.transfer_from(alice(), bob(), 1);
}
