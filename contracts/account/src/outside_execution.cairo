//! SNIP-12 revision-1 (Poseidon) message hash of a SNIP-9 version-2 `OutsideExecution`, as
//! starknet.js and every SNIP-9 tool build it.

use core::poseidon::poseidon_hash_span;
use crate::interfaces::OutsideExecution;
use starknet::ContractAddress;
use starknet::account::Call;

/// starknet_keccak of the revision-1 `StarknetDomain` type.
pub const STARKNET_DOMAIN_TYPE_HASH: felt252 =
    0x1ff2f602e42168014d405a94f75e8a93d640751d71d16311266e140d8b0a210;
/// starknet_keccak of `OutsideExecution(Caller, Nonce, Execute After: u128, Execute Before: u128,
/// Calls: Call*)` with its `Call` dependency.
pub const OUTSIDE_EXECUTION_TYPE_HASH: felt252 =
    0x312b56c05a7965066ddbda31c016d8d05afc305071c0ca3cdc2192c3c2f1f0f;
/// starknet_keccak of `Call(To, Selector, Calldata: felt*)`.
pub const CALL_TYPE_HASH: felt252 =
    0x3635c7f2a7ba93844c0d064e18e487f35ab90f7c39d00f186a781fc3f0c2ca9;

pub const DOMAIN_NAME: felt252 = 'Account.execute_from_outside';
pub const DOMAIN_VERSION: felt252 = 2;
pub const DOMAIN_REVISION: felt252 = 1;
pub const STARKNET_MESSAGE: felt252 = 'StarkNet Message';
/// `OutsideExecution.caller` value that lets anyone submit.
pub const ANY_CALLER: felt252 = 'ANY_CALLER';

/// `poseidon(DOMAIN_TYPE_HASH, 'Account.execute_from_outside', 2, chain_id, 1)`.
pub fn domain_hash(chain_id: felt252) -> felt252 {
    poseidon_hash_span(
        array![STARKNET_DOMAIN_TYPE_HASH, DOMAIN_NAME, DOMAIN_VERSION, chain_id, DOMAIN_REVISION]
            .span(),
    )
}

/// `poseidon(CALL_TYPE_HASH, to, selector, poseidon(calldata...))`.
pub fn call_hash(call: @Call) -> felt252 {
    let to: felt252 = (*call.to).into();
    poseidon_hash_span(
        array![CALL_TYPE_HASH, to, *call.selector, poseidon_hash_span(*call.calldata)].span(),
    )
}

/// `poseidon(OE_TYPE_HASH, caller, nonce, execute_after, execute_before, poseidon(call_hash...))`.
pub fn outside_execution_struct_hash(outside_execution: @OutsideExecution) -> felt252 {
    let mut call_hashes: Array<felt252> = array![];
    for call in *outside_execution.calls {
        call_hashes.append(call_hash(call));
    };
    let caller: felt252 = (*outside_execution.caller).into();
    poseidon_hash_span(
        array![
            OUTSIDE_EXECUTION_TYPE_HASH,
            caller,
            *outside_execution.nonce,
            (*outside_execution.execute_after).into(),
            (*outside_execution.execute_before).into(),
            poseidon_hash_span(call_hashes.span()),
        ]
            .span(),
    )
}

/// `H = poseidon('StarkNet Message', domain_hash(chain_id), account, struct_hash)`.
pub fn outside_execution_hash(
    outside_execution: @OutsideExecution, chain_id: felt252, account: ContractAddress,
) -> felt252 {
    poseidon_hash_span(
        array![
            STARKNET_MESSAGE,
            domain_hash(chain_id),
            account.into(),
            outside_execution_struct_hash(outside_execution),
        ]
            .span(),
    )
}

/// Reads an `OutsideExecution` from its Serde encoding without ever panicking (the core Serde of
/// `Span<felt252>` panics on a length longer than the data): `None` on malformed or short input.
pub fn read_outside_execution(ref data: Span<felt252>) -> Option<OutsideExecution> {
    let caller: ContractAddress = (*data.pop_front()?).try_into()?;
    let nonce = *data.pop_front()?;
    let execute_after: u64 = (*data.pop_front()?).try_into()?;
    let execute_before: u64 = (*data.pop_front()?).try_into()?;
    let calls_len: u32 = (*data.pop_front()?).try_into()?;
    let mut calls: Array<Call> = array![];
    let mut index: u32 = 0;
    let complete = loop {
        if index == calls_len {
            break true;
        }
        match read_call(ref data) {
            Option::Some(call) => calls.append(call),
            Option::None => { break false; },
        }
        index += 1;
    };
    if !complete {
        return Option::None;
    }
    Option::Some(OutsideExecution { caller, nonce, execute_after, execute_before, calls: calls.span() })
}

fn read_call(ref data: Span<felt252>) -> Option<Call> {
    let to: ContractAddress = (*data.pop_front()?).try_into()?;
    let selector = *data.pop_front()?;
    let calldata_len: u32 = (*data.pop_front()?).try_into()?;
    if calldata_len > data.len() {
        return Option::None;
    }
    let calldata = data.slice(0, calldata_len);
    data = data.slice(calldata_len, data.len() - calldata_len);
    Option::Some(Call { to, selector, calldata })
}
