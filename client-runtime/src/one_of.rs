//! `oneOf`/`anyOf` types: the functions their generated `Lenient` and `Drift` impls call.
//!
//! Which variant a value is cannot be told from its JSON type alone (every generated object
//! accepts every object), so the value is read once into JSON and each variant is tried in the
//! schema's order; the first that decodes with no drift at all wins. A value no variant takes
//! whole stays raw in the enum's `Other` variant and is reported as drift.

use serde::Deserializer;
use serde_json::Value;

use crate::{Decoded, Drift, DriftItem, DriftKind, JsonPointer, Lenient};

/// Reads the value as JSON and lets `pick` choose the variant.
///
/// # Errors
/// Only when the deserializer fails (malformed input).
pub fn decode<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    pick: impl FnOnce(Value) -> T,
) -> Result<Decoded<T>, D::Error> {
    Ok(match <Value as Lenient>::decode(deserializer)? {
        Decoded::Value(raw) => Decoded::Value(pick(raw)),
        Decoded::Null => Decoded::Null,
        Decoded::Mismatch(raw) => Decoded::Mismatch(raw),
    })
}

/// The value as a `T`, if it decodes as one with no drift at all.
#[must_use]
pub fn strict<T: Lenient + Drift>(raw: &Value) -> Option<T> {
    match T::decode(raw) {
        Ok(Decoded::Value(value)) if value.drift().is_empty() => Some(value),
        _ => None,
    }
}

/// Reports a value that no variant took.
pub fn drift_other(at: &JsonPointer, out: &mut Vec<DriftItem>) {
    out.push(DriftItem::new(at, DriftKind::NoVariantMatched));
}
