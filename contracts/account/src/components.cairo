//! The account's components, in the OpenZeppelin style: each owns its storage (members prefixed
//! with the component's name), its events and its entrypoints; `account::ChipiAccount` embeds them.
pub mod owner;
pub mod outside_execution;
pub mod reentrancy_guard;
pub mod sessions;
pub mod spending;
