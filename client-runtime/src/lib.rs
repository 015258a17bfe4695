//! Hand-written support that every generated lenient type calls: forgiving decoding, kept raw data, drift reports.
//!
//! The generator emits plain data types; everything that decides *how* a JSON value becomes one of
//! them lives here, once, so that the rules of the lenient decoding contract are implemented in one
//! place and tested in one place:
//!
//! * [`Lenient`] decodes any value without failing on a value of the wrong JSON type: the raw value
//!   is handed back as [`Decoded::Mismatch`] instead, and the caller keeps it.
//! * [`Extra`] is the per-object store of everything a type did not decode into a field: unknown
//!   keys, wrong-typed values, explicit `null`s and values shadowed by an alias. It is written back
//!   on serialisation, so decoding then encoding gives back an equal JSON value.
//! * [`Timestamp`] and [`IsoDuration`] parse what they can and always keep the raw text.
//! * [`UnknownValue`] is the payload of every open enum's catch-all variant.
//! * [`List`] is every array: typed good items, bad ones kept raw at their index.
//! * [`Entries`] is every map (`additionalProperties`), by the same rule.
//! * [`OneOrMany`] holds a HAL link relation, which may be one link or an array of links.
//! * [`Drift`] walks a decoded value and lists, with JSON pointers, every place where the wire did
//!   not match the schema.
//!
//! The `object`, `one_of` and `enums` modules hold the small functions that generated (derived) code calls;
//! they are public because generated code lives in other crates, and are not meant to be called by hand.

mod decode;
mod drift;
mod duration;
mod entries;
pub mod enums;
mod extra;
#[cfg(feature = "http")]
pub mod http;
pub mod kinds;
mod list;
pub mod object;
pub mod one_of;
mod one_of_many;
pub mod redact;
mod timestamp;
#[cfg(feature = "webhook")]
pub mod webhook;

/// Derives [`Lenient`] and the impls that go with it for a generated struct, open enum or `oneOf`
/// (see the `client-runtime-derive` crate for the attributes).
pub use client_runtime_derive::Lenient;
pub use decode::{Decoded, Lenient, Seed, deserialize_top, from_json_slice, from_json_str};

/// Lists where a JSON document departs from the schema of `T`, without keeping the value: for a
/// test or a monitoring job that watches the API for drift (rule 10 of the contract).
///
/// # Errors
/// When the bytes are not JSON, or the top-level value is not what `T` expects.
pub fn drift_of<T: Lenient + Drift>(json: &[u8]) -> serde_json::Result<DriftReport> {
    from_json_slice::<T>(json).map(|value| value.drift())
}
pub use drift::{Drift, DriftItem, DriftKind, DriftReport, JsonPointer};
pub use duration::IsoDuration;
pub use entries::Entries;
pub use enums::UnknownValue;
pub use extra::{Extra, Kept};
pub use kinds::{Fit, JsonKinds};
pub use list::{List, ListItem, ListItems};
pub use one_of_many::OneOrMany;
pub use timestamp::Timestamp;

/// Re-exported so that generated code can name them without depending on these crates itself.
pub use {serde, serde_json};
