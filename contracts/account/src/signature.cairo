//! Stark-curve ECDSA with range checks, and the messages the account's signers sign.

use core::ecdsa::check_ecdsa_signature;
use core::poseidon::poseidon_hash_span;
use starknet::ContractAddress;

/// Order `n` of the Stark curve; `r` and `s` must lie in `[1, n)`.
pub const STARK_CURVE_ORDER: u256 =
    0x0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2f;

/// Domain tag of the message a session signs for a transaction.
pub const SESSION_TX_TAG: felt252 = 'chipi/session-tx-v1';
/// Domain tag of the message a session signs for an outside execution.
pub const SESSION_OE_TAG: felt252 = 'chipi/session-oe-v1';
/// Domain tag of the proof the new owner key signs in `set_public_key`.
pub const SET_PUBLIC_KEY_TAG: felt252 = 'chipi/set-public-key';

/// True when `value` lies in `[1, n)`.
pub fn is_in_signature_range(value: felt252) -> bool {
    let as_u256: u256 = value.into();
    as_u256 != 0 && as_u256 < STARK_CURVE_ORDER
}

/// Stark ECDSA verification of `(r, s)` over `message` by `public_key`, refusing any `r` or `s`
/// outside `[1, n)` (the core verifier alone accepts some out-of-range encodings).
pub fn is_valid_stark_signature(
    message: felt252, public_key: felt252, r: felt252, s: felt252,
) -> bool {
    if public_key == 0 || !is_in_signature_range(r) || !is_in_signature_range(s) {
        return false;
    }
    check_ecdsa_signature(message, public_key, r, s)
}

/// `poseidon('chipi/session-tx-v1', transaction_hash, session_key, valid_until)`.
pub fn session_tx_message(transaction_hash: felt252, session_key: felt252, valid_until: u64) -> felt252 {
    poseidon_hash_span(
        array![SESSION_TX_TAG, transaction_hash, session_key, valid_until.into()].span(),
    )
}

/// `poseidon('chipi/session-oe-v1', outside_execution_hash, session_key, valid_until)`.
pub fn session_oe_message(
    outside_execution_hash: felt252, session_key: felt252, valid_until: u64,
) -> felt252 {
    poseidon_hash_span(
        array![SESSION_OE_TAG, outside_execution_hash, session_key, valid_until.into()].span(),
    )
}

/// `poseidon('chipi/set-public-key', chain_id, account, old_public_key, new_public_key)`.
pub fn set_public_key_message(
    chain_id: felt252, account: ContractAddress, old_public_key: felt252, new_public_key: felt252,
) -> felt252 {
    poseidon_hash_span(
        array![SET_PUBLIC_KEY_TAG, chain_id, account.into(), old_public_key, new_public_key].span(),
    )
}

/// An owner signature `[r, s]`.
#[derive(Copy, Drop)]
pub struct OwnerSignature {
    pub r: felt252,
    pub s: felt252,
}

/// The `[key, r, s, valid_until]` part of a session signature; `valid_until` is checked to fit
/// u64 by the session rules (`'session/invalid-valid-until'`).
#[derive(Copy, Drop)]
pub struct SessionSignature {
    pub session_key: felt252,
    pub r: felt252,
    pub s: felt252,
    pub valid_until: felt252,
}

/// `[key, r, s, valid_until, ...serialized OutsideExecution]`.
#[derive(Copy, Drop)]
pub struct SessionMessageSignature {
    pub session: SessionSignature,
    /// The serialized outside execution.
    pub message: Span<felt252>,
}

/// Every signature form the account accepts, told apart by length only.
#[derive(Copy, Drop)]
pub enum AccountSignature {
    /// `[r, s]`.
    Owner: OwnerSignature,
    /// `[key, r, s, valid_until]`: a session transaction, or a session outside execution given
    /// next to its `OutsideExecution` argument.
    Session: SessionSignature,
    /// The one form a session produces for an outside execution, accepted by
    /// `execute_from_outside_v2` and by `is_valid_signature`.
    SessionMessage: SessionMessageSignature,
    /// Any other length (0, 1 or 3).
    Invalid,
}

/// The one signature parser of every entrypoint.
pub fn parse_signature(signature: Span<felt252>) -> AccountSignature {
    let len = signature.len();
    if len == 2 {
        return AccountSignature::Owner(OwnerSignature { r: *signature[0], s: *signature[1] });
    }
    if len < 4 {
        return AccountSignature::Invalid;
    }
    let session = SessionSignature {
        session_key: *signature[0], r: *signature[1], s: *signature[2], valid_until: *signature[3],
    };
    if len == 4 {
        AccountSignature::Session(session)
    } else {
        AccountSignature::SessionMessage(
            SessionMessageSignature { session, message: signature.slice(4, len - 4) },
        )
    }
}
