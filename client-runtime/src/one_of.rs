//! `oneOf`/`anyOf` types: the functions their generated `Lenient` and `Drift` impls call.
//!
//! Which variant a value is cannot be told from its JSON type alone (every generated object
//! accepts every object), so the value is read once into JSON and the variants are judged by a
//! shallow look ([`Lenient::fit`]): the first that fits fully wins, else the one that knows the
//! most of the object's keys. Only the winner is decoded, once, so nested `oneOf`s cost time in
//! proportion to the body. A value no variant fits stays raw in the enum's `Other` variant and is
//! reported as drift.

use serde::Deserializer;
use serde_json::Value;

use crate::kinds::Fit;
use crate::{Decoded, DriftItem, DriftKind, JsonPointer, Lenient};

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

/// The index of the variant to decode `raw` as, given each variant's fit in schema order: the
/// first that fits fully, else the first of those that know the most keys, else none.
#[must_use]
pub fn choose(fits: &[Fit]) -> Option<usize> {
    if let Some(full) = fits.iter().position(|fit| *fit == Fit::Fully) {
        return Some(full);
    }
    let best = fits.iter().filter_map(|fit| if let Fit::Partly(known) = fit { Some(*known) } else { None }).max()?;
    fits.iter().position(|fit| *fit == Fit::Partly(best))
}

/// The value decoded as the chosen variant's type.
#[must_use]
pub fn decode_as<T: Lenient>(raw: &Value) -> Option<T> {
    match T::decode(raw) {
        Ok(Decoded::Value(value)) => Some(value),
        _ => None,
    }
}

/// The fit of a `oneOf`: the best of its variants'.
#[must_use]
pub fn best_fit(fits: &[Fit]) -> Fit {
    fits.iter().copied().max().unwrap_or(Fit::No)
}

/// Reports a value that no variant took.
pub fn drift_other(at: &JsonPointer, out: &mut Vec<DriftItem>) {
    out.push(DriftItem::new(at, DriftKind::NoVariantMatched));
}
