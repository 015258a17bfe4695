//! Drift reports: every place where a decoded value did not match its schema, with JSON pointers (rule 10).

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use crate::decode::json_type;
use crate::{Extra, Kept};

/// A type that can list where the value it was decoded from departed from the schema.
pub trait Drift {
    /// Appends this value's drift to `out`; `at` is the pointer of this value.
    fn drift_into(&self, at: &mut JsonPointer, out: &mut Vec<DriftItem>);

    /// Everything that did not match the schema, in document order of the type's fields.
    fn drift(&self) -> DriftReport {
        let mut items = Vec::new();
        self.drift_into(&mut JsonPointer::root(), &mut items);
        DriftReport { items }
    }
}

/// A JSON pointer (RFC 6901) under construction while a value is walked.
#[derive(Clone, Debug, Default)]
pub struct JsonPointer {
    text: String,
    marks: Vec<usize>,
}

impl JsonPointer {
    /// The pointer to the whole document (the empty string).
    #[must_use]
    pub fn root() -> Self {
        Self::default()
    }

    /// Descends into an object key or array index, escaping `~` and `/` as RFC 6901 requires.
    pub fn push(&mut self, segment: &str) {
        self.marks.push(self.text.len());
        self.text.push('/');
        for c in segment.chars() {
            match c {
                '~' => self.text.push_str("~0"),
                '/' => self.text.push_str("~1"),
                c => self.text.push(c),
            }
        }
    }

    /// Descends into an array index.
    pub fn push_index(&mut self, index: usize) {
        self.marks.push(self.text.len());
        self.text.push('/');
        self.text.push_str(&index.to_string());
    }

    /// Goes back up one level.
    pub fn pop(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.text.truncate(mark);
        }
    }

    /// The pointer text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// One departure from the schema.
#[derive(Clone, Debug, PartialEq)]
pub struct DriftItem {
    /// Where, as a JSON pointer into the decoded document.
    pub pointer: String,
    /// What.
    pub kind: DriftKind,
}

impl DriftItem {
    /// A drift item at the given place.
    #[must_use]
    pub fn new(at: &JsonPointer, kind: DriftKind) -> Self {
        DriftItem { pointer: at.as_str().to_owned(), kind }
    }
}

/// The kinds of departure from the schema.
#[derive(Clone, Debug, PartialEq)]
pub enum DriftKind {
    /// A key the schema does not know.
    UnknownField {
        /// The JSON type of its value, as in "an object".
        found: &'static str,
    },
    /// A known key whose value had another JSON type.
    WrongType {
        /// What the field expects.
        expected: &'static str,
        /// The JSON type that arrived.
        found: &'static str,
    },
    /// A string an open enum does not list.
    UnknownEnumValue {
        /// The text.
        value: String,
    },
    /// A `date-time` in none of the understood forms.
    UnparsedTimestamp {
        /// The text.
        raw: String,
    },
    /// A `duration` that is not ISO 8601.
    UnparsedDuration {
        /// The text.
        raw: String,
    },
    /// A value that none of a `oneOf`'s variants took whole.
    NoVariantMatched,
    /// A value under an alternate name of a field that was already filled under another name.
    ShadowedAlias {
        /// The field's primary wire name.
        field: &'static str,
    },
    /// One value where the schema expects an array: it was taken as a one-item array (rule 12).
    SingleForArray,
    /// A key that appears more than once in one object: the last value is the one used (as
    /// `JSON.parse` and `serde_json::Value` do), the earlier ones are dropped.
    DuplicateKey,
}

impl fmt::Display for DriftItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() { "(root)" } else { &self.pointer };
        match &self.kind {
            DriftKind::UnknownField { found } => write!(f, "{at}: unknown field ({found})"),
            DriftKind::WrongType { expected, found } => write!(f, "{at}: expected {expected}, found {found}"),
            DriftKind::UnknownEnumValue { value } => write!(f, "{at}: unknown enum value {value:?}"),
            DriftKind::UnparsedTimestamp { raw } => write!(f, "{at}: unparsed timestamp {raw:?}"),
            DriftKind::UnparsedDuration { raw } => write!(f, "{at}: unparsed duration {raw:?}"),
            DriftKind::NoVariantMatched => write!(f, "{at}: no variant matched"),
            DriftKind::ShadowedAlias { field } => write!(f, "{at}: alternate name of {field:?}, which is also present"),
            DriftKind::SingleForArray => write!(f, "{at}: expected an array, found a single value"),
            DriftKind::DuplicateKey => write!(f, "{at}: duplicate key, the last value is used"),
        }
    }
}

/// Every departure from the schema found in one value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DriftReport {
    /// The departures, in the order the value's fields are declared.
    pub items: Vec<DriftItem>,
}

impl DriftReport {
    /// True when the value matched the schema exactly.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The number of departures.
    #[must_use]
    pub fn len(&self) -> usize {
        self.items.len()
    }
}

impl fmt::Display for DriftReport {
    /// One departure a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            writeln!(f, "{item}")?;
        }
        Ok(())
    }
}

impl Extra {
    /// Reports every kept entry except nulls, which are allowed.
    pub fn drift_into(&self, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        for (key, raw, why) in self.iter() {
            at.push(key);
            let kind = match why {
                Kept::Null => {
                    at.pop();
                    continue;
                }
                Kept::Unknown => DriftKind::UnknownField { found: json_type(raw) },
                Kept::WrongType { expected } => match self.explanation(key) {
                    // The value is of the right kind but holds misfits (an array with a bad item):
                    // point at each of them.
                    Some(details) => {
                        for detail in details {
                            out.push(DriftItem {
                                pointer: format!("{}{}", at.as_str(), detail.pointer),
                                kind: detail.kind.clone(),
                            });
                        }
                        at.pop();
                        continue;
                    }
                    None => DriftKind::WrongType { expected, found: json_type(raw) },
                },
                Kept::Shadowed { field } => DriftKind::ShadowedAlias { field },
            };
            out.push(DriftItem::new(at, kind));
            at.pop();
        }
        for key in self.duplicates() {
            at.push(key);
            out.push(DriftItem::new(at, DriftKind::DuplicateKey));
            at.pop();
        }
    }
}

macro_rules! no_drift {
    ($($ty:ty),+) => {$(
        impl Drift for $ty {
            fn drift_into(&self, _: &mut JsonPointer, _: &mut Vec<DriftItem>) {}
        }
    )+};
}

// Scalars that decoded are exactly what the schema asked for; free-form JSON has no schema to depart from.
no_drift!(String, bool, i32, i64, u64, f64, Value, Map<String, Value>);

impl<T: Drift> Drift for Option<T> {
    fn drift_into(&self, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        if let Some(value) = self {
            value.drift_into(at, out);
        }
    }
}

impl<T: Drift> Drift for Box<T> {
    fn drift_into(&self, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        (**self).drift_into(at, out);
    }
}

impl<T: Drift> Drift for Vec<T> {
    fn drift_into(&self, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        for (index, item) in self.iter().enumerate() {
            at.push_index(index);
            item.drift_into(at, out);
            at.pop();
        }
    }
}

impl<T: Drift> Drift for BTreeMap<String, T> {
    fn drift_into(&self, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        for (key, value) in self {
            at.push(key);
            value.drift_into(at, out);
            at.pop();
        }
    }
}
