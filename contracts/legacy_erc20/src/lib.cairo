pub mod interface;
pub mod legacy_erc20;
#[cfg(test)]
mod tests;

pub use interface::{ILegacyERC20, ILegacyERC20Dispatcher, ILegacyERC20DispatcherTrait};
pub use legacy_erc20::LegacyERC20;
