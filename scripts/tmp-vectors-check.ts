import { readFileSync } from 'node:fs';
import { loadWasmCairo } from './lib/wasmCairo.ts';
const gen = readFileSync('contracts/account/src/tests/vectors.cairo', 'utf8');
const src = `
mod interfaces {
    #[derive(Copy, Drop, Serde)]
    pub struct OutsideExecution {
        pub caller: starknet::ContractAddress,
        pub nonce: felt252,
        pub execute_after: u64,
        pub execute_before: u64,
        pub calls: Span<starknet::account::Call>,
    }
}
mod signature {
    use core::poseidon::poseidon_hash_span;
    pub fn session_tx_message_hash(tx_hash: felt252, key: felt252, valid_until: u64) -> felt252 {
        poseidon_hash_span(array!['chipi/session-tx-v1', tx_hash, key, valid_until.into()].span())
    }
    pub fn session_oe_message_hash(oe_hash: felt252, key: felt252, valid_until: u64) -> felt252 {
        poseidon_hash_span(array!['chipi/session-oe-v1', oe_hash, key, valid_until.into()].span())
    }
    pub fn set_public_key_message_hash(chain_id: felt252, account: starknet::ContractAddress, old: felt252, new: felt252) -> felt252 {
        poseidon_hash_span(array!['chipi/set-public-key', chain_id, account.into(), old, new].span())
    }
}
mod outside_execution {
    use core::poseidon::poseidon_hash_span;
    use core::hash::{HashStateTrait, HashStateExTrait};
    use core::poseidon::PoseidonTrait;
    const DOMAIN: felt252 = 0x1ff2f602e42168014d405a94f75e8a93d640751d71d16311266e140d8b0a210;
    const OE: felt252 = 0x312b56c05a7965066ddbda31c016d8d05afc305071c0ca3cdc2192c3c2f1f0f;
    const CALL: felt252 = 0x3635c7f2a7ba93844c0d064e18e487f35ab90f7c39d00f186a781fc3f0c2ca9;
    pub fn outside_execution_hash(oe: @crate::interfaces::OutsideExecution, account: starknet::ContractAddress, chain_id: felt252) -> felt252 {
        let domain = poseidon_hash_span(array![DOMAIN, 'Account.execute_from_outside', 2, chain_id, 1].span());
        let mut hashes: Array<felt252> = array![];
        for call in (*oe.calls) {
            hashes.append(poseidon_hash_span(array![CALL, (*call.to).into(), *call.selector, poseidon_hash_span(*call.calldata)].span()));
        };
        let s = PoseidonTrait::new().update_with(OE).update_with((*oe.caller)).update_with(*oe.nonce)
            .update_with(*oe.execute_after).update_with(*oe.execute_before).update_with(poseidon_hash_span(hashes.span())).finalize();
        poseidon_hash_span(array!['StarkNet Message', domain, account.into(), s].span())
    }
}
#[cfg(test)]
mod tests {
    mod vectors {
${gen}
    }
}
`;
const out = loadWasmCairo().runTests(src, true, '', false, false, true, '', false, false);
console.log(out.slice(-3000));
