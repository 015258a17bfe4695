//! [`Extra`]: what an object kept raw (unknown keys, wrong-typed values, nulls, shadowed aliases), and why.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use serde::ser::SerializeMap;
use serde_json::Value;

use crate::{DriftItem, JsonPointer, Lenient};

/// Why a value was kept raw instead of landing in a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    /// The schema does not know this key.
    Unknown,
    /// The key is known, but its value had another JSON type than the field expects.
    WrongType {
        /// What the field expects, as in "a string".
        expected: &'static str,
    },
    /// The key is known and its value was `null`: the field is `None`, the `null` is kept for the round trip.
    Null,
    /// The value arrived under an alternate name of a field that was already filled under another name.
    Shadowed {
        /// The field's primary wire name.
        field: &'static str,
    },
}

/// Everything an object did not decode into one of its fields, kept so that nothing is lost.
///
/// Entries are written back after the fields when the object is serialised, which is what makes
/// decode → encode give back an equal JSON value. [`crate::Drift`] reports every entry except nulls.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extra {
    inner: Option<Box<Inner>>,
}

#[derive(Clone, Debug, Default)]
struct Inner {
    entries: BTreeMap<String, (Value, Kept)>,
    /// For fields that were decoded from an alias: primary wire name → the name actually used.
    renamed: BTreeMap<&'static str, &'static str>,
    /// For wrong-typed values that are wrong only inside (an array with one bad item): where,
    /// relative to the key, so that the drift report points at the item, not the whole array.
    explained: BTreeMap<String, Vec<DriftItem>>,
    /// Keys the object held more than once (the last value is the one kept).
    duplicates: Vec<String>,
    /// True once an entry was kept under a key that may be a field's wire name (anything but a key
    /// decoding found unknown): until then no field's name can be in `entries`, so the lookup that
    /// every decoded field makes ([`Extra::forget`]) is skipped.
    may_hold_fields: bool,
}

/// Equal when what was kept is; `may_hold_fields` is a decoding shortcut, not content.
impl PartialEq for Inner {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
            && self.renamed == other.renamed
            && self.explained == other.explained
            && self.duplicates == other.duplicates
    }
}

impl Inner {
    fn forget(&mut self, key: &str) -> bool {
        let kept = self.entries.remove(key).is_some();
        if kept && !self.explained.is_empty() {
            self.explained.remove(key);
        }
        kept
    }
}

/// Notes a key that came twice, once however often it came.
#[cold]
fn note_duplicate_in(duplicates: &mut Vec<String>, key: &str) {
    if !duplicates.iter().any(|seen| seen == key) {
        duplicates.push(key.to_owned());
    }
}

static EMPTY_ENTRIES: BTreeMap<String, (Value, Kept)> = BTreeMap::new();
static EMPTY_RENAMED: BTreeMap<&'static str, &'static str> = BTreeMap::new();

impl Extra {
    fn entries(&self) -> &BTreeMap<String, (Value, Kept)> {
        self.inner.as_ref().map_or(&EMPTY_ENTRIES, |i| &i.entries)
    }
    fn renamed(&self) -> &BTreeMap<&'static str, &'static str> {
        self.inner.as_ref().map_or(&EMPTY_RENAMED, |i| &i.renamed)
    }
    fn inner_mut(&mut self) -> &mut Inner {
        self.inner.get_or_insert_with(Default::default)
    }
}

impl Extra {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// True when nothing was kept, no field arrived under an alternate name and no key came twice.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries().is_empty() && self.renamed().is_empty() && self.duplicates().is_empty()
    }

    /// The number of kept entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    /// The raw value kept under a wire key, if any.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries().get(key).map(|(value, _)| value)
    }

    /// Why the value under a wire key was kept, if one was.
    #[must_use]
    pub fn reason(&self, key: &str) -> Option<Kept> {
        self.entries().get(key).map(|(_, why)| *why)
    }

    /// Every kept entry in key order: wire key, raw value, and why it was kept.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value, Kept)> {
        self.entries().iter().map(|(key, (value, why))| (key.as_str(), value, *why))
    }

    /// Adds a key the schema does not know, for example to send a field newer than the schema.
    /// It is serialised after the known fields.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        let inner = self.inner_mut();
        inner.may_hold_fields = true;
        inner.entries.insert(key.into(), (value, Kept::Unknown));
    }

    /// Removes a kept entry and returns its raw value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.inner.as_mut()?.entries.remove(key).map(|(value, _)| value)
    }

    /// The wire name a field arrived under: its alias if it was decoded from one, else `primary`.
    #[must_use]
    pub fn wire_name(&self, primary: &'static str) -> &'static str {
        self.renamed().get(primary).copied().unwrap_or(primary)
    }

    /// Keeps a value; true when one was kept under the key already (the key came twice).
    pub(crate) fn keep(&mut self, key: impl Into<String>, value: Value, why: Kept) -> bool {
        let inner = self.inner_mut();
        inner.may_hold_fields = true;
        inner.entries.insert(key.into(), (value, why)).is_some()
    }

    /// Keeps the value of a key decoding found unknown, noting the key when it came twice; one
    /// lookup in all.
    pub(crate) fn keep_unknown(&mut self, key: Cow<'_, str>, value: Value) {
        let inner = self.inner_mut();
        let key = key.into_owned();
        match inner.entries.entry(key) {
            Entry::Vacant(vacant) => {
                vacant.insert((value, Kept::Unknown));
            }
            Entry::Occupied(mut occupied) => {
                occupied.insert((value, Kept::Unknown));
                note_duplicate_in(&mut inner.duplicates, occupied.key());
            }
        }
    }

    /// Keeps a value a field of type `T` could not take, with where inside it `T` was let down;
    /// true when one was kept under the key already.
    pub(crate) fn keep_misfit<T: Lenient>(&mut self, key: impl Into<String>, raw: Value) -> bool {
        let key = key.into();
        let mut details = Vec::new();
        T::explain(&raw, &mut JsonPointer::root(), &mut details);
        let whole = matches!(details.as_slice(), [only] if only.pointer.is_empty());
        let inner = self.inner_mut();
        inner.may_hold_fields = true;
        if whole || details.is_empty() {
            inner.explained.remove(&key);
        } else {
            inner.explained.insert(key.clone(), details);
        }
        inner.entries.insert(key, (raw, Kept::WrongType { expected: T::EXPECTING })).is_some()
    }

    /// Where inside the value kept under `key` its type was let down, when that is known.
    pub(crate) fn explanation(&self, key: &str) -> Option<&[DriftItem]> {
        self.inner.as_ref()?.explained.get(key).map(Vec::as_slice)
    }

    /// True when a value is kept under `key`; an empty store answers without a lookup.
    #[inline]
    pub(crate) fn holds(&self, key: &str) -> bool {
        self.inner.as_ref().is_some_and(|inner| inner.entries.contains_key(key))
    }

    // Rare, and out of line so that the field decoding it interrupts stays small.
    #[cold]
    #[inline(never)]
    pub(crate) fn note_duplicate(&mut self, key: &str) {
        note_duplicate_in(&mut self.inner_mut().duplicates, key);
    }

    /// The keys the object held more than once.
    pub(crate) fn duplicates(&self) -> &[String] {
        self.inner.as_ref().map_or(&[], |i| &i.duplicates)
    }

    /// Drops what was kept under a field's wire name; true when there was something (the key came
    /// twice). Called for every decoded field, so the common answer (nothing kept under a field's
    /// name) comes inline and without a lookup.
    #[inline]
    pub(crate) fn forget(&mut self, key: &str) -> bool {
        match self.inner.as_mut() {
            Some(inner) if inner.may_hold_fields => inner.forget(key),
            _ => false,
        }
    }

    pub(crate) fn set_renamed(&mut self, primary: &'static str, used: Option<&'static str>) {
        match used {
            Some(alias) => {
                self.inner_mut().renamed.insert(primary, alias);
            }
            None => {
                if let Some(inner) = self.inner.as_mut() {
                    inner.renamed.remove(primary);
                }
            }
        }
    }

    pub(crate) fn renamed_from(&self, primary: &'static str) -> Option<&'static str> {
        self.renamed().get(primary).copied()
    }

    /// Writes every kept entry into a map being serialised (called after the known fields).
    ///
    /// # Errors
    /// Whatever the serializer reports.
    pub fn serialize_entries<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        for (key, (value, _)) in self.entries() {
            map.serialize_entry(key, value)?;
        }
        Ok(())
    }
}
