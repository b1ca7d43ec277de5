pub mod interface;
pub mod mock_erc20;
#[cfg(test)]
mod tests;

pub use interface::{IMockERC20, IMockERC20Dispatcher, IMockERC20DispatcherTrait};
pub use mock_erc20::MockERC20;
