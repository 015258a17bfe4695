//! [`Entries`]: the decoded form of every map (`additionalProperties`): good values typed, bad ones raw under their key.
//!
//! The same rule as [`crate::List`]: one value that does not fit costs that entry only (rule 3),
//! and is kept raw so that the round trip stays lossless (rule 9).

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::decode::{push_wrong_type, reject};
use crate::kinds::{Fit, JsonKinds};
use crate::{Decoded, Drift, DriftItem, DriftKind, JsonPointer, Lenient, Seed};

/// A JSON object whose values share one schema, as decoded: the values that fit `T`, typed, and
/// those that did not, kept raw under their key.
///
/// It derefs to a `BTreeMap<String, T>` of the good entries (`.get()`, `.iter()`, `.len()`).
/// Serialising writes every entry back. The side that holds bad entries is allocated only when
/// there is one. A key sent twice keeps its last value (as `JSON.parse` does) and is reported.
#[derive(Clone, PartialEq)]
pub struct Entries<T> {
    entries: BTreeMap<String, T>,
    misfits: Option<Box<Misfits>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Misfits {
    raw: BTreeMap<String, Value>,
    duplicates: Vec<String>,
}

impl<T> Entries<T> {
    /// An empty map.
    #[must_use]
    pub fn new() -> Self {
        Entries { entries: BTreeMap::new(), misfits: None }
    }

    /// The typed entries, without the raw ones.
    #[must_use]
    pub fn into_map(self) -> BTreeMap<String, T> {
        self.entries
    }

    /// The entries whose value did not decode, raw.
    pub fn misfits(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.misfits.iter().flat_map(|m| m.raw.iter().map(|(key, raw)| (key.as_str(), raw)))
    }

    /// True when every value decoded.
    #[must_use]
    pub fn is_whole(&self) -> bool {
        self.misfits.is_none()
    }
}

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Deref for Entries<T> {
    type Target = BTreeMap<String, T>;

    fn deref(&self) -> &BTreeMap<String, T> {
        &self.entries
    }
}

/// Entries can be added, changed and removed; a typed entry added under a key that holds a raw
/// value is written instead of it.
impl<T> DerefMut for Entries<T> {
    fn deref_mut(&mut self) -> &mut BTreeMap<String, T> {
        &mut self.entries
    }
}

impl<T> From<BTreeMap<String, T>> for Entries<T> {
    fn from(entries: BTreeMap<String, T>) -> Self {
        Entries { entries, misfits: None }
    }
}

impl<T: fmt::Debug> fmt::Debug for Entries<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.misfits {
            None => f.debug_map().entries(&self.entries).finish(),
            Some(misfits) => {
                f.debug_struct("Entries").field("entries", &self.entries).field("raw", &misfits.raw).finish()
            }
        }
    }
}

impl<T: Serialize> Serialize for Entries<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw: Vec<_> = self.misfits().filter(|(key, _)| !self.entries.contains_key(*key)).collect();
        let mut map = serializer.serialize_map(Some(self.entries.len() + raw.len()))?;
        for (key, value) in &self.entries {
            map.serialize_entry(key, value)?;
        }
        for (key, value) in raw {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<T: Lenient> Lenient for Entries<T> {
    const EXPECTING: &'static str = "an object";
    const KINDS: JsonKinds = JsonKinds::OBJECT;

    /// An object fits fully when every value is of a kind `T` takes, partly (by the number of
    /// those) when some are not, since the others still decode.
    fn fit(raw: &Value) -> Fit {
        let Some(map) = raw.as_object() else { return Fit::No };
        let good = map.values().filter(|value| T::KINDS.accepts(value)).count();
        if good == map.len() { Fit::Fully } else { Fit::Partly(good) }
    }

    fn explain(raw: &Value, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        let Some(map) = raw.as_object() else {
            push_wrong_type(Self::EXPECTING, raw, at, out);
            return;
        };
        for (key, value) in map {
            if T::fit(value) == Fit::No {
                at.push(key);
                T::explain(value, at, out);
                at.pop();
            }
        }
    }

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        deserializer.deserialize_any(EntriesVisitor(PhantomData))
    }
}

struct EntriesVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Lenient> Visitor<'de> for EntriesVisitor<T> {
    type Value = Decoded<Entries<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Entries::<T>::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Entries::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Seed::<T>::new())?;
            // The last value of a key sent twice wins, whichever side the earlier one went to.
            let earlier_raw = out.misfits.as_mut().and_then(|m| m.raw.remove(&key)).is_some();
            match value {
                Decoded::Value(value) => match out.entries.entry(key) {
                    Entry::Vacant(slot) => {
                        if earlier_raw {
                            out.misfits.get_or_insert_with(Box::default).duplicates.push(slot.key().clone());
                        }
                        slot.insert(value);
                    }
                    Entry::Occupied(mut slot) => {
                        out.misfits.get_or_insert_with(Box::default).duplicates.push(slot.key().clone());
                        slot.insert(value);
                    }
                },
                misfit => {
                    let misfits = out.misfits.get_or_insert_with(Box::default);
                    if out.entries.remove(&key).is_some() || earlier_raw {
                        misfits.duplicates.push(key.clone());
                    }
                    misfits.raw.insert(key, misfit.into_raw());
                }
            }
        }
        Ok(Decoded::Value(out))
    }

    reject!(bool, i64, u64, f64, str, seq, null);
}

impl<T: Lenient + Drift> Drift for Entries<T> {
    /// Each typed value's drift under its key, each raw value as its type explains it, and each
    /// key that came twice.
    fn drift_into(&self, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        for (key, value) in &self.entries {
            at.push(key);
            value.drift_into(at, out);
            at.pop();
        }
        let Some(misfits) = &self.misfits else { return };
        for (key, raw) in &misfits.raw {
            at.push(key);
            T::explain(raw, at, out);
            at.pop();
        }
        for key in &misfits.duplicates {
            at.push(key);
            out.push(DriftItem::new(at, DriftKind::DuplicateKey));
            at.pop();
        }
    }
}
