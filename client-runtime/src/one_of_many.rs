//! [`OneOrMany`]: a value that the wire sends either alone or as an array, such as a HAL link relation.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};

use crate::decode::reject;
use crate::kinds::{Fit, JsonKinds};
use crate::object::{Object, ObjectVisitor};
use crate::{Decoded, Drift, DriftItem, JsonPointer, Lenient, List};

/// One value or an array of them, as sent; both decode, and each serialises back in its own form.
///
/// HAL allows every link relation to be one Link object or an array of Link objects, and this API
/// uses both (`Alert._links.trips` is an array), so every relation is decoded as `OneOrMany<Link>`.
#[derive(Clone, Debug, PartialEq)]
pub enum OneOrMany<T> {
    /// A single value, boxed: a struct holds many relations, and keeping each small keeps the
    /// struct cheap to create and move (the `decode` benchmark measured this on vehicle pages).
    One(Box<T>),
    /// An array of values (items that are not objects are kept raw in it, at their index).
    Many(List<T>),
}

impl<T> OneOrMany<T> {
    /// The first value: the single one, or the first of the array.
    #[must_use]
    pub fn first(&self) -> Option<&T> {
        match self {
            OneOrMany::One(value) => Some(value),
            OneOrMany::Many(values) => values.first(),
        }
    }

    /// Every value, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        match self {
            OneOrMany::One(value) => std::slice::from_ref(&**value).iter(),
            OneOrMany::Many(values) => values.iter(),
        }
    }

    /// The number of values.
    #[must_use]
    pub fn len(&self) -> usize {
        match self {
            OneOrMany::One(_) => 1,
            OneOrMany::Many(values) => values.len(),
        }
    }

    /// True for an empty array.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OneOrMany::One(value) => value.serialize(serializer),
            OneOrMany::Many(values) => values.serialize(serializer),
        }
    }
}

impl<T: Object> Lenient for OneOrMany<T> {
    const EXPECTING: &'static str = "an object or an array of objects";
    const KINDS: JsonKinds = JsonKinds::OBJECT.or(JsonKinds::ARRAY);

    fn fit(raw: &serde_json::Value) -> Fit {
        match raw {
            serde_json::Value::Array(items) => Fit::from_bool(items.iter().all(serde_json::Value::is_object)),
            other => T::fit(other),
        }
    }

    fn explain(raw: &serde_json::Value, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        match raw {
            serde_json::Value::Array(_) => List::<T>::explain(raw, at, out),
            other => T::explain(other, at, out),
        }
    }

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        struct OneOrManyVisitor<T>(PhantomData<fn() -> T>);
        impl<'de, T: Object> Visitor<'de> for OneOrManyVisitor<T> {
            type Value = Decoded<OneOrMany<T>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(OneOrMany::<T>::EXPECTING)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Ok(match ObjectVisitor::<T>(PhantomData).visit_map(map)? {
                    Decoded::Value(value) => Decoded::Value(OneOrMany::One(Box::new(value))),
                    Decoded::Null => Decoded::Null,
                    Decoded::Mismatch(raw) => Decoded::Mismatch(raw),
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let items = serde::de::value::SeqAccessDeserializer::new(seq);
                Ok(match List::<T>::decode(items)? {
                    Decoded::Value(values) => Decoded::Value(OneOrMany::Many(values)),
                    Decoded::Null => Decoded::Null,
                    Decoded::Mismatch(raw) => Decoded::Mismatch(raw),
                })
            }
            reject!(bool, i64, u64, f64, str, null);
        }
        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

impl<T: Lenient + Drift> Drift for OneOrMany<T> {
    fn drift_into(&self, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        match self {
            OneOrMany::One(value) => value.drift_into(at, out),
            OneOrMany::Many(values) => values.drift_into(at, out),
        }
    }
}
