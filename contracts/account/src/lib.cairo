pub mod components;
pub mod errors;
pub mod execution;
pub mod interfaces;
pub mod outside_execution;
pub mod pair_packing;
pub mod session_rules;
pub mod session_usage;
pub mod signature;
pub mod spending;
pub mod stored_session;
pub mod token_reads;
pub mod account;
#[cfg(test)]
mod tests;
