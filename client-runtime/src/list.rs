//! [`List`]: the decoded form of every array: its good items typed and in order, its bad items raw at their index.
//!
//! One `null` or one item of another shape in an array must cost that item only (rule 3 of the
//! contract), and the round trip must stay lossless (rule 9). A `Vec<T>` can hold neither the
//! bad items nor where they were, so arrays decode into a `List<T>`: a `Vec<T>` of the items that
//! decoded, which it derefs to, plus (boxed, and only when there is one) what did not decode, by
//! index. A single value where an array is expected (rule 12) is a one-item list that remembers
//! it came alone, and is written back alone.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::decode::push_wrong_type;
use crate::kinds::{Fit, JsonKinds};
use crate::{Decoded, Drift, DriftItem, DriftKind, JsonPointer, Lenient, Seed};

/// An array as it was decoded: the items that fit `T`, typed and in order, and those that did not,
/// kept raw at their index.
///
/// It derefs to `[T]` of the good items, so `.iter()`, `.len()`, `.first()` and, on an
/// `Option<List<T>>`, `.as_deref()` read the typed items in one call. [`List::all`] walks every
/// item as it was sent; serialising writes every item back at its place. The side that holds the
/// bad items is not allocated while there are none, so a list that decoded whole costs what a
/// `Vec<T>` costs.
#[derive(Clone, PartialEq)]
pub struct List<T> {
    items: Vec<T>,
    misfits: Option<Box<Misfits>>,
}

/// What a list kept besides its typed items.
#[derive(Clone, Debug, Default, PartialEq)]
struct Misfits {
    /// Items that did not decode, with their index in the array as sent, by index.
    raw: Vec<(usize, Value)>,
    /// The wire sent one value where an array was expected.
    single: bool,
}

/// One item of a [`List`] as it was sent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ListItem<'a, T> {
    /// An item that decoded.
    Typed(&'a T),
    /// An item that did not (`null`, another JSON type, a value out of range), untouched.
    Raw(&'a Value),
}

impl<T> List<T> {
    /// An empty list.
    #[must_use]
    pub fn new() -> Self {
        List { items: Vec::new(), misfits: None }
    }

    /// The typed items, without the raw ones.
    #[must_use]
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }

    /// The typed items (what the list derefs to).
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// The items that did not decode, each with its index in the array as sent.
    pub fn misfits(&self) -> impl Iterator<Item = (usize, &Value)> {
        self.misfits.iter().flat_map(|m| m.raw.iter().map(|(index, raw)| (*index, raw)))
    }

    /// True when every item decoded and the array came as an array.
    #[must_use]
    pub fn is_whole(&self) -> bool {
        self.misfits.is_none()
    }

    /// True when the wire sent a single value instead of an array (it is written back that way).
    #[must_use]
    pub fn came_single(&self) -> bool {
        self.misfits.as_ref().is_some_and(|m| m.single)
    }

    /// Every item as it was sent, typed or raw, in the array's order.
    #[must_use]
    pub fn all(&self) -> ListItems<'_, T> {
        ListItems { items: self.items.iter(), raw: self.misfits.as_ref().map_or(&[], |m| &m.raw), position: 0 }
    }

    /// The number of items as sent, typed and raw.
    #[must_use]
    pub fn len_all(&self) -> usize {
        self.items.len() + self.misfits.as_ref().map_or(0, |m| m.raw.len())
    }

    /// Keeps an item that did not decode at its index; out of line, so that the loop over the
    /// items, which rarely comes here, stays small.
    #[cold]
    #[inline(never)]
    fn keep_misfit(&mut self, index: usize, raw: Value) {
        self.misfits.get_or_insert_with(Box::default).raw.push((index, raw));
    }
}

impl<T> Default for List<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Deref for List<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

/// Items can be changed in place, not added or removed, so the raw ones keep their places.
impl<T> DerefMut for List<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.items
    }
}

impl<T> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> Self {
        List { items, misfits: None }
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        List::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<T: fmt::Debug> fmt::Debug for List<T> {
    /// A whole list prints as its items; one with misfits shows them too.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.misfits {
            None => f.debug_list().entries(&self.items).finish(),
            Some(misfits) => f
                .debug_struct("List")
                .field("items", &self.items)
                .field("raw", &misfits.raw)
                .field("single", &misfits.single)
                .finish(),
        }
    }
}

/// Every item of a [`List`] as it was sent: see [`List::all`].
#[derive(Clone, Debug)]
pub struct ListItems<'a, T> {
    items: std::slice::Iter<'a, T>,
    raw: &'a [(usize, Value)],
    position: usize,
}

impl<'a, T> Iterator for ListItems<'a, T> {
    type Item = ListItem<'a, T>;

    fn next(&mut self) -> Option<ListItem<'a, T>> {
        let slot = match self.raw.split_first() {
            Some(((index, raw), rest)) if *index == self.position => {
                self.raw = rest;
                ListItem::Raw(raw)
            }
            _ => match self.items.next() {
                Some(item) => ListItem::Typed(item),
                None => {
                    let ((_, raw), rest) = self.raw.split_first()?;
                    self.raw = rest;
                    ListItem::Raw(raw)
                }
            },
        };
        self.position += 1;
        Some(slot)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.items.len() + self.raw.len();
        (left, Some(left))
    }
}

impl<T: Serialize> Serialize for ListItem<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ListItem::Typed(item) => item.serialize(serializer),
            ListItem::Raw(raw) => raw.serialize(serializer),
        }
    }
}

impl<T: Serialize> Serialize for List<T> {
    /// Every item at its place; a list that came as a single value goes back as that value.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.came_single()
            && self.len_all() == 1
            && let Some(only) = self.all().next()
        {
            return only.serialize(serializer);
        }
        let mut seq = serializer.serialize_seq(Some(self.len_all()))?;
        for slot in self.all() {
            seq.serialize_element(&slot)?;
        }
        seq.end()
    }
}

impl<T: Lenient> Lenient for List<T> {
    const EXPECTING: &'static str = "an array";
    /// An array, or one value an item takes (rule 12).
    const KINDS: JsonKinds = JsonKinds::ARRAY.or(T::KINDS.without(JsonKinds::NULL));

    /// An array fits fully when every item is of a kind `T` takes, partly (by the number of those)
    /// when some are not, since the others still decode; a single value fits least.
    fn fit(raw: &Value) -> Fit {
        match raw {
            Value::Array(items) => {
                let good = items.iter().filter(|item| T::KINDS.accepts(item)).count();
                if good == items.len() { Fit::Fully } else { Fit::Partly(good) }
            }
            single if T::fit(single) != Fit::No => Fit::Partly(0),
            _ => Fit::No,
        }
    }

    fn explain(raw: &Value, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        let Some(items) = raw.as_array() else {
            push_wrong_type(Self::EXPECTING, raw, at, out);
            return;
        };
        for (index, item) in items.iter().enumerate() {
            if T::fit(item) == Fit::No {
                at.push_index(index);
                T::explain(item, at, out);
                at.pop();
            }
        }
    }

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

struct ListVisitor<T>(PhantomData<fn() -> T>);

impl<T: Lenient> ListVisitor<T> {
    /// One value where the array was expected: a one-item list when an item takes it.
    fn single<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<List<T>>, D::Error> {
        Ok(match T::decode(deserializer)? {
            Decoded::Value(item) => Decoded::Value(List {
                items: vec![item],
                misfits: Some(Box::new(Misfits { raw: Vec::new(), single: true })),
            }),
            Decoded::Null => Decoded::Null,
            Decoded::Mismatch(raw) => Decoded::Mismatch(raw),
        })
    }
}

impl<'de, T: Lenient> Visitor<'de> for ListVisitor<T> {
    type Value = Decoded<List<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(List::<T>::EXPECTING)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut list = List { items: Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024)), misfits: None };
        let mut index = 0;
        while let Some(item) = seq.next_element_seed(Seed::<T>::new())? {
            match item {
                Decoded::Value(value) => list.items.push(value),
                Decoded::Null => list.keep_misfit(index, Value::Null),
                Decoded::Mismatch(raw) => list.keep_misfit(index, raw),
            }
            index += 1;
        }
        Ok(Decoded::Value(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Self::single(MapAccessDeserializer::new(map))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Self::single(v.into_deserializer())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Self::single(v.into_deserializer())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Self::single(v.into_deserializer())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Self::single(v.into_deserializer())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Self::single(v.into_deserializer())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Self::single(v.into_deserializer())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Decoded::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Decoded::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<T: Lenient + Drift> Drift for List<T> {
    /// A single value for an array at the list's own pointer; each raw item at its index, as its
    /// type explains it; the typed items' own drift at theirs.
    fn drift_into(&self, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        let Some(misfits) = &self.misfits else {
            for (index, item) in self.items.iter().enumerate() {
                at.push_index(index);
                item.drift_into(at, out);
                at.pop();
            }
            return;
        };
        if misfits.single && self.len_all() == 1 {
            out.push(DriftItem::new(at, DriftKind::SingleForArray));
            for item in &self.items {
                item.drift_into(at, out);
            }
            return;
        }
        for (index, slot) in self.all().enumerate() {
            at.push_index(index);
            match slot {
                ListItem::Typed(item) => item.drift_into(at, out),
                ListItem::Raw(raw) => T::explain(raw, at, out),
            }
            at.pop();
        }
    }
}
