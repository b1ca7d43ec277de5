use starknet::ContractAddress;

/// An ERC-20 in the shape of the tokens deployed before the snake_case standard: camelCase
/// entrypoints only (`balanceOf`, no `balance_of`) and `Transfer` events carrying `from` and `to`
/// in their data. A test stand-in for such tokens, with an owner-only `mint`.
#[starknet::interface]
pub trait ILegacyERC20<TState> {
    fn name(self: @TState) -> felt252;
    fn symbol(self: @TState) -> felt252;
    fn decimals(self: @TState) -> u8;
    fn totalSupply(self: @TState) -> u256;
    fn balanceOf(self: @TState, account: ContractAddress) -> u256;
    fn allowance(self: @TState, owner: ContractAddress, spender: ContractAddress) -> u256;
    fn transfer(ref self: TState, recipient: ContractAddress, amount: u256) -> bool;
    fn transferFrom(
        ref self: TState, sender: ContractAddress, recipient: ContractAddress, amount: u256,
    ) -> bool;
    fn approve(ref self: TState, spender: ContractAddress, amount: u256) -> bool;
    fn mint(ref self: TState, recipient: ContractAddress, amount: u256);
}
