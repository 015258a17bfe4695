//! Open enums: [`UnknownValue`], the catch-all payload, and the functions generated enums call.

use std::fmt;

use serde::Deserializer;

use crate::decode::{StrInput, decode_str};
use crate::{Decoded, DriftItem, DriftKind, JsonPointer};

/// A string an open enum does not list, kept exactly as it arrived (rule 5 of the contract).
///
/// It can only be made by decoding or by the enum's `From<&str>`, which maps every listed string to
/// its variant first; so a catch-all never holds a listed value, and equal strings give equal enums.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The raw text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Builds the catch-all payload for text the enum has already failed to match.
/// Generated `From<&str>` impls call this after trying every listed value.
#[doc(hidden)]
#[must_use]
pub fn unlisted(text: impl Into<String>) -> UnknownValue {
    UnknownValue(text.into())
}

/// Decodes an open string enum: a listed string is its variant, any other string the catch-all;
/// a value that is not a string is a mismatch.
///
/// # Errors
/// Only when the deserializer fails (malformed input).
pub fn decode<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    expecting: &'static str,
    listed: fn(&str) -> Option<T>,
    unknown: fn(UnknownValue) -> T,
) -> Result<Decoded<T>, D::Error> {
    decode_str(deserializer, expecting, |text: StrInput<'_>| {
        listed(text.as_str()).unwrap_or_else(|| unknown(UnknownValue(text.into_owned())))
    })
}

/// Reports a catch-all value as drift.
pub fn drift(unknown: Option<&UnknownValue>, at: &JsonPointer, out: &mut Vec<DriftItem>) {
    if let Some(value) = unknown {
        out.push(DriftItem::new(at, DriftKind::UnknownEnumValue { value: value.0.clone() }));
    }
}
