//! [`JsonKinds`] and [`Fit`]: choosing a `oneOf` variant by looking at a value, without decoding it.
//!
//! Trying each variant by decoding it whole made nested `oneOf`s exponential: every level decoded
//! its subtree once per variant tried, so a 400-byte body could take seconds. A variant is now
//! chosen by a shallow look (the value's JSON kind; for objects, their keys and the kinds of their
//! values, one level down), and only the chosen one is decoded, once.

use serde_json::Value;

/// A set of JSON kinds a type accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct JsonKinds(u8);

impl JsonKinds {
    /// No kind at all (the start of a union).
    pub const NONE: JsonKinds = JsonKinds(0);
    /// `null`.
    pub const NULL: JsonKinds = JsonKinds(1);
    /// `true`, `false`.
    pub const BOOL: JsonKinds = JsonKinds(2);
    /// A number without fraction (`77`, and `77.0`, which integer types read by value).
    pub const INTEGER: JsonKinds = JsonKinds(4);
    /// A number with a fraction.
    pub const FRACTION: JsonKinds = JsonKinds(8);
    /// Any number.
    pub const NUMBER: JsonKinds = JsonKinds(4 | 8);
    /// A string.
    pub const STRING: JsonKinds = JsonKinds(16);
    /// An array.
    pub const ARRAY: JsonKinds = JsonKinds(32);
    /// An object.
    pub const OBJECT: JsonKinds = JsonKinds(64);
    /// Anything but `null`.
    pub const ANY: JsonKinds = JsonKinds(2 | 4 | 8 | 16 | 32 | 64);

    /// Both sets.
    #[must_use]
    pub const fn or(self, other: JsonKinds) -> JsonKinds {
        JsonKinds(self.0 | other.0)
    }

    /// This set without the kinds of `other`.
    #[must_use]
    pub const fn without(self, other: JsonKinds) -> JsonKinds {
        JsonKinds(self.0 & !other.0)
    }

    /// The kind of a value.
    #[must_use]
    pub fn of(value: &Value) -> JsonKinds {
        match value {
            Value::Null => JsonKinds::NULL,
            Value::Bool(_) => JsonKinds::BOOL,
            Value::Number(n) if n.is_f64() && n.as_f64().is_some_and(|f| f.fract() != 0.0) => JsonKinds::FRACTION,
            Value::Number(_) => JsonKinds::INTEGER,
            Value::String(_) => JsonKinds::STRING,
            Value::Array(_) => JsonKinds::ARRAY,
            Value::Object(_) => JsonKinds::OBJECT,
        }
    }

    /// True when the value's kind is in the set.
    #[must_use]
    pub fn accepts(self, value: &Value) -> bool {
        self.0 & JsonKinds::of(value).0 != 0
    }
}

/// How well a value fits a type, judged without decoding it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fit {
    /// Another kind of value: decoding would give a mismatch.
    No,
    /// An object with this many keys the type knows (with values of fitting kinds), and keys it
    /// does not know.
    Partly(usize),
    /// Every part the look reached fits.
    Fully,
}

impl Fit {
    /// `Fully` when `yes`, else `No`.
    #[must_use]
    pub fn from_bool(yes: bool) -> Fit {
        if yes { Fit::Fully } else { Fit::No }
    }
}
