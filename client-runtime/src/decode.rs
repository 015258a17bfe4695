//! The [`Lenient`] trait and its implementations for primitives, arrays, maps and raw JSON.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::kinds::{Fit, JsonKinds};
use crate::{DriftItem, DriftKind, JsonPointer};

/// The outcome of decoding one value leniently.
#[derive(Clone, Debug, PartialEq)]
pub enum Decoded<T> {
    /// The value had the expected shape.
    Value(T),
    /// The value was JSON `null` (or absent, for formats that can say so).
    Null,
    /// The value had another JSON type; here it is, untouched, so that nothing is lost.
    Mismatch(Value),
}

impl<T: Serialize> Decoded<T> {
    /// The value as raw JSON, whatever the outcome: used when a decoded value must be kept raw after all.
    pub fn into_raw(self) -> Value {
        match self {
            Decoded::Value(value) => serde_json::to_value(value).unwrap_or(Value::Null),
            Decoded::Null => Value::Null,
            Decoded::Mismatch(raw) => raw,
        }
    }
}

/// A type that decodes from any JSON value without failing on a value of the wrong JSON type.
///
/// Syntax errors of the input and I/O errors still fail, through `D::Error`: those are not drift
/// but a broken body. Every implementation serialises back to the JSON it was decoded from.
pub trait Lenient: Sized + Serialize {
    /// What this type expects, for drift reports and error messages ("a string", "an object (Link)").
    const EXPECTING: &'static str;

    /// The JSON kinds this type decodes (anything else is a mismatch).
    const KINDS: JsonKinds;

    /// How well a value fits this type, judged by a shallow look (see [`crate::kinds`]): used to
    /// choose a `oneOf` variant without decoding every candidate. The default looks at the kind.
    fn fit(raw: &Value) -> Fit {
        Fit::from_bool(Self::KINDS.accepts(raw))
    }

    /// Reports where a value this type could not take lets it down: at `at`, or for arrays and
    /// maps at each item that does not fit, so that a drift report names the bad item.
    fn explain(raw: &Value, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        push_wrong_type(Self::EXPECTING, raw, at, out);
    }

    /// Decodes one value.
    ///
    /// # Errors
    /// Only when the deserializer itself fails (malformed input), never for a value of the wrong type.
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error>;

    /// Decodes one value straight into `slot` (`Decoded::Value(())` when it was filled; the slot
    /// is left as it was otherwise). Objects override this to fill their fields in place instead
    /// of moving a decoded struct up through each layer.
    ///
    /// # Errors
    /// Only when the deserializer fails (malformed input).
    fn decode_into<'de, D: Deserializer<'de>>(
        deserializer: D,
        slot: &mut Option<Self>,
    ) -> Result<Decoded<()>, D::Error> {
        Ok(match Self::decode(deserializer)? {
            Decoded::Value(value) => {
                *slot = Some(value);
                Decoded::Value(())
            }
            Decoded::Null => Decoded::Null,
            Decoded::Mismatch(raw) => Decoded::Mismatch(raw),
        })
    }
}

/// A [`DeserializeSeed`] that decodes a `T` leniently into an existing slot.
pub(crate) struct IntoSlot<'a, T>(pub(crate) &'a mut Option<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for IntoSlot<'_, T> {
    type Value = Decoded<()>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Decoded<()>, D::Error> {
        T::decode_into(deserializer, self.0)
    }
}

/// A [`DeserializeSeed`] that decodes a `T` leniently, for use with `next_value_seed` and friends.
pub struct Seed<T>(PhantomData<fn() -> T>);

impl<T> Seed<T> {
    /// A seed for `T`.
    #[must_use]
    pub fn new() -> Self {
        Seed(PhantomData)
    }
}

impl<T> Default for Seed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for Seed<T> {
    type Value = Decoded<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Decoded<T>, D::Error> {
        T::decode(deserializer)
    }
}

/// Decodes a top-level value: the one place where a wrong shape is an error, because there is no
/// enclosing object to keep the raw value in (rule 11 of the contract).
///
/// # Errors
/// When the input is malformed, or is `null` or another JSON type than `T` expects.
pub fn deserialize_top<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    // Into a slot, so that an object is built where it ends up instead of being moved out layer by layer.
    let mut slot = None;
    match T::decode_into(deserializer, &mut slot)? {
        Decoded::Value(()) => slot.ok_or_else(|| de::Error::invalid_type(Unexpected::Unit, &T::EXPECTING)),
        Decoded::Null => Err(de::Error::invalid_type(Unexpected::Unit, &T::EXPECTING)),
        Decoded::Mismatch(raw) => Err(de::Error::invalid_type(unexpected(&raw), &T::EXPECTING)),
    }
}

/// Decodes a JSON document into `T` (a shorthand for `serde_json::from_slice`).
///
/// # Errors
/// When the bytes are not JSON, or the top-level value is not what `T` expects.
pub fn from_json_slice<T: Lenient>(bytes: &[u8]) -> serde_json::Result<T> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = deserialize_top(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Decodes a JSON document into `T` (a shorthand for `serde_json::from_str`).
///
/// # Errors
/// When the text is not JSON, or the top-level value is not what `T` expects.
pub fn from_json_str<T: Lenient>(text: &str) -> serde_json::Result<T> {
    from_json_slice(text.as_bytes())
}

fn unexpected(raw: &Value) -> Unexpected<'_> {
    match raw {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Unexpected::Signed(i),
            (_, Some(u), _) => Unexpected::Unsigned(u),
            (_, _, Some(f)) => Unexpected::Float(f),
            _ => Unexpected::Other("number"),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// Reports a value of the wrong type at `at`.
pub(crate) fn push_wrong_type(expected: &'static str, raw: &Value, at: &JsonPointer, out: &mut Vec<DriftItem>) {
    out.push(DriftItem::new(at, DriftKind::WrongType { expected, found: json_type(raw) }));
}

/// The name of a raw value's JSON type, as drift reports print it.
pub(crate) fn json_type(raw: &Value) -> &'static str {
    match raw {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(n) if n.is_u64() && !n.is_i64() => "an integer beyond i64",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Implements the `visit_*` methods a visitor does not accept: each hands the value back raw.
/// `visit_unit`/`visit_none` always mean `null`; `visit_some` decodes the inner value.
macro_rules! reject {
    (bool) => {
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok($crate::Decoded::Mismatch(serde_json::Value::Bool(v)))
        }
    };
    (i64) => {
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok($crate::Decoded::Mismatch(serde_json::Value::from(v)))
        }
    };
    (u64) => {
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok($crate::Decoded::Mismatch(serde_json::Value::from(v)))
        }
    };
    (f64) => {
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok($crate::Decoded::Mismatch(serde_json::Value::from(v)))
        }
    };
    (str) => {
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok($crate::Decoded::Mismatch(serde_json::Value::String(v.to_owned())))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok($crate::Decoded::Mismatch(serde_json::Value::String(v)))
        }
    };
    (seq) => {
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            use serde::Deserialize as _;
            serde_json::Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                .map($crate::Decoded::Mismatch)
        }
    };
    (map) => {
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            use serde::Deserialize as _;
            serde_json::Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                .map($crate::Decoded::Mismatch)
        }
    };
    (null) => {
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($crate::Decoded::Null)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($crate::Decoded::Null)
        }
        fn visit_some<D: serde::de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    };
    ($($kind:tt),+) => { $(reject!($kind);)+ };
}
pub(crate) use reject;

/// Equality, hashing, `Display` and `Serialize` by the raw text, for types that keep the text
/// they were decoded from (timestamps, durations): what round-trips is the text.
macro_rules! raw_text_impls {
    ($ty:ident) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.raw)
            }
        }

        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                self.raw == other.raw
            }
        }

        impl Eq for $ty {}

        impl std::hash::Hash for $ty {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.raw.hash(state);
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.raw)
            }
        }
    };
}
pub(crate) use raw_text_impls;

/// A visitor that accepts strings and hands them to a constructor; everything else is a mismatch.
/// Strings, timestamps, durations and open enums are all built this way.
pub(crate) struct StrVisitor<T, F> {
    pub(crate) expecting: &'static str,
    pub(crate) build: F,
    pub(crate) marker: PhantomData<fn() -> T>,
}

impl<'de, T, F: FnOnce(StrInput<'_>) -> T> Visitor<'de> for StrVisitor<T, F> {
    type Value = Decoded<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Decoded::Value((self.build)(StrInput::Borrowed(v))))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Decoded::Value((self.build)(StrInput::Owned(v))))
    }

    reject!(bool, i64, u64, f64, seq, map, null);
}

/// A string handed to a constructor, owned when the deserializer already allocated it.
pub(crate) enum StrInput<'a> {
    Borrowed(&'a str),
    Owned(String),
}

impl StrInput<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            StrInput::Borrowed(s) => s,
            StrInput::Owned(s) => s,
        }
    }

    pub(crate) fn into_owned(self) -> String {
        match self {
            StrInput::Borrowed(s) => s.to_owned(),
            StrInput::Owned(s) => s,
        }
    }
}

pub(crate) fn decode_str<'de, D, T>(
    deserializer: D,
    expecting: &'static str,
    build: impl FnOnce(StrInput<'_>) -> T,
) -> Result<Decoded<T>, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(StrVisitor { expecting, build, marker: PhantomData })
}

impl Lenient for String {
    const EXPECTING: &'static str = "a string";
    const KINDS: JsonKinds = JsonKinds::STRING;

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        decode_str(deserializer, Self::EXPECTING, |text: StrInput<'_>| text.into_owned())
    }
}

impl Lenient for bool {
    const EXPECTING: &'static str = "a boolean";
    const KINDS: JsonKinds = JsonKinds::BOOL;

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        struct BoolVisitor;
        impl<'de> Visitor<'de> for BoolVisitor {
            type Value = Decoded<bool>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(bool::EXPECTING)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Decoded::Value(v))
            }
            reject!(i64, u64, f64, str, seq, map, null);
        }
        deserializer.deserialize_any(BoolVisitor)
    }
}

/// Integers are read by value (rule 4): an integral float such as `77.0` is the integer 77, and a
/// value outside the target's range is a value of the wrong type.
macro_rules! lenient_integer {
    ($($ty:ty => $expecting:literal),+) => {$(
        impl Lenient for $ty {
            const EXPECTING: &'static str = $expecting;
            const KINDS: JsonKinds = JsonKinds::INTEGER;

            fn fit(raw: &Value) -> Fit {
                let value = raw
                    .as_i64()
                    .map(i128::from)
                    .or_else(|| raw.as_u64().map(i128::from))
                    .or_else(|| raw.as_f64().and_then(integral).map(i128::from));
                Fit::from_bool(value.is_some_and(|v| <$ty>::try_from(v).is_ok()))
            }

            fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
                struct IntVisitor;
                impl<'de> Visitor<'de> for IntVisitor {
                    type Value = Decoded<$ty>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                        Ok(<$ty>::try_from(v).map_or_else(|_| Decoded::Mismatch(Value::from(v)), Decoded::Value))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                        Ok(<$ty>::try_from(v).map_or_else(|_| Decoded::Mismatch(Value::from(v)), Decoded::Value))
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                        Ok(integral(v)
                            .and_then(|i| <$ty>::try_from(i).ok())
                            .map_or_else(|| Decoded::Mismatch(Value::from(v)), Decoded::Value))
                    }
                    reject!(bool, str, seq, map, null);
                }
                deserializer.deserialize_any(IntVisitor)
            }
        }
    )+};
}

lenient_integer!(i32 => "an integer (32 bits)", i64 => "an integer", u64 => "an unsigned integer (64 bits)");

/// The integer a float stands for, when it has no fraction and fits in an `i64`.
fn integral(v: f64) -> Option<i64> {
    // 2^63 as f64 is exact; every float in [-2^63, 2^63) converts without loss.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    #[allow(clippy::cast_possible_truncation)]
    (v.fract() == 0.0 && (-LIMIT..LIMIT).contains(&v)).then_some(v as i64)
}

/// An integer as an `f64` when the float holds it exactly (every integer up to 2^53 does, and some
/// beyond): a number field must not round an integer it cannot hold, or the round trip would
/// change it, so such an integer is kept raw instead (rule 4: out of range is the wrong type).
fn exact_f64(wide: i128) -> Option<f64> {
    const EXACT: u64 = 1 << 53;
    const LIMIT: f64 = 18_446_744_073_709_551_616.0; // 2^64, exact as f64
    if let Ok(small) = i64::try_from(wide)
        && small.unsigned_abs() <= EXACT
    {
        // The common case, one instruction rather than a software i128 conversion.
        #[allow(clippy::cast_precision_loss)]
        return Some(small as f64);
    }
    #[allow(clippy::cast_precision_loss)]
    let float = wide as f64;
    #[allow(clippy::cast_possible_truncation)]
    let back = (float.abs() < LIMIT).then_some(float as i128);
    (back == Some(wide)).then_some(float)
}

impl Lenient for f64 {
    const EXPECTING: &'static str = "a number";
    const KINDS: JsonKinds = JsonKinds::NUMBER;

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        struct NumberVisitor;
        impl<'de> Visitor<'de> for NumberVisitor {
            type Value = Decoded<f64>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(f64::EXPECTING)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Decoded::Value(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(exact_f64(i128::from(v)).map_or_else(|| Decoded::Mismatch(Value::from(v)), Decoded::Value))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(exact_f64(i128::from(v)).map_or_else(|| Decoded::Mismatch(Value::from(v)), Decoded::Value))
            }
            reject!(bool, str, seq, map, null);
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// Free-form JSON (`{}` or an untyped schema): every value fits; `null` still counts as absent.
impl Lenient for Value {
    const EXPECTING: &'static str = "any JSON value";
    const KINDS: JsonKinds = JsonKinds::ANY;

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::Null => Decoded::Null,
            value => Decoded::Value(value),
        })
    }
}

/// A free-form object (`type: object` with no properties): any object fits.
impl Lenient for Map<String, Value> {
    const EXPECTING: &'static str = "an object";
    const KINDS: JsonKinds = JsonKinds::OBJECT;

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::Null => Decoded::Null,
            Value::Object(map) => Decoded::Value(map),
            other => Decoded::Mismatch(other),
        })
    }
}

/// A nullable item (`items: {nullable: true}`): `null` is a value, not a mismatch.
impl<T: Lenient> Lenient for Option<T> {
    const EXPECTING: &'static str = T::EXPECTING;
    const KINDS: JsonKinds = T::KINDS.or(JsonKinds::NULL);

    fn fit(raw: &Value) -> Fit {
        if raw.is_null() { Fit::Fully } else { T::fit(raw) }
    }

    fn explain(raw: &Value, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        T::explain(raw, at, out);
    }

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        Ok(match T::decode(deserializer)? {
            Decoded::Value(value) => Decoded::Value(Some(value)),
            Decoded::Null => Decoded::Value(None),
            Decoded::Mismatch(raw) => Decoded::Mismatch(raw),
        })
    }
}

/// A recursive type's edge: decoding is that of the boxed type.
impl<T: Lenient> Lenient for Box<T> {
    const EXPECTING: &'static str = T::EXPECTING;
    const KINDS: JsonKinds = T::KINDS;

    fn fit(raw: &Value) -> Fit {
        T::fit(raw)
    }

    fn explain(raw: &Value, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        T::explain(raw, at, out);
    }

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        Ok(match T::decode(deserializer)? {
            Decoded::Value(value) => Decoded::Value(Box::new(value)),
            Decoded::Null => Decoded::Null,
            Decoded::Mismatch(raw) => Decoded::Mismatch(raw),
        })
    }
}
