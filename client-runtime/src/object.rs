//! Decoding and encoding of generated object types: the functions their `Lenient`, `Serialize` and `Drift` impls call.
//!
//! A generated struct implements [`Object`] (derived: `#[derive(Lenient)]`) with one `match` over its wire names; the loop over
//! the keys, the handling of unknown keys, nulls, wrong types and aliases is all here.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde_json::Value;

use crate::decode::{IntoSlot, reject};
use crate::kinds::{Fit, JsonKinds};
use crate::{Decoded, Drift, Extra, JsonPointer, Kept, Lenient, Seed};

/// A generated object type: a struct of optional fields plus an [`Extra`].
pub trait Object: Default + Lenient {
    /// Decodes the value under one key into the matching field, or keeps it in [`Extra`].
    ///
    /// # Errors
    /// Only when the deserializer fails (malformed input).
    fn decode_field<'de, A: MapAccess<'de>>(&mut self, key: Cow<'de, str>, map: &mut A) -> Result<(), A::Error>;
}

/// How well a value fits an object type with these fields (wire names, aliases included, with
/// the kinds their types decode): `Fully` for an object whose every key is known with a value of
/// a fitting kind (or `null`), `Partly(n)` when `n > 0` keys are known and others are not, `No`
/// when it is not an object, no key is known, or a known key holds a value of the wrong kind.
/// Values are not looked into.
#[must_use]
pub fn fit(raw: &Value, fields: &[(&str, JsonKinds)]) -> Fit {
    let Some(object) = raw.as_object() else { return Fit::No };
    let mut known = 0;
    for (key, value) in object {
        match fields.iter().find(|(wire, _)| wire == key) {
            Some((_, kinds)) if value.is_null() || kinds.accepts(value) => known += 1,
            Some(_) => return Fit::No,
            None => {}
        }
    }
    match known {
        _ if known == object.len() => Fit::Fully,
        0 => Fit::No,
        _ => Fit::Partly(known),
    }
}

/// Decodes an object type: a JSON object fills the fields, any other JSON value is a mismatch.
///
/// # Errors
/// Only when the deserializer fails (malformed input).
pub fn decode<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<T>, D::Error> {
    deserializer.deserialize_any(ObjectVisitor::<T>(PhantomData))
}

/// Decodes an object type into a slot, filling the fields of the value in place.
///
/// # Errors
/// Only when the deserializer fails (malformed input).
pub fn decode_into<'de, T: Object, D: Deserializer<'de>>(
    deserializer: D,
    slot: &mut Option<T>,
) -> Result<Decoded<()>, D::Error> {
    deserializer.deserialize_any(InPlaceVisitor { slot })
}

struct InPlaceVisitor<'a, T> {
    slot: &'a mut Option<T>,
}

impl<'de, T: Object> Visitor<'de> for InPlaceVisitor<'_, T> {
    type Value = Decoded<()>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let object = self.slot.insert(T::default());
        while let Some(key) = map.next_key_seed(KeySeed)? {
            object.decode_field(key, &mut map)?;
        }
        Ok(Decoded::Value(()))
    }

    reject!(bool, i64, u64, f64, str, seq, null);
}

pub(crate) struct ObjectVisitor<T>(pub(crate) PhantomData<fn() -> T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = Decoded<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = T::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            object.decode_field(key, &mut map)?;
        }
        Ok(Decoded::Value(object))
    }

    reject!(bool, i64, u64, f64, str, seq, null);
}

/// Reads an object key, borrowing it from the input when the input allows.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Decodes the value of a known key into its field: a fitting value fills the field; `null` and a
/// value of the wrong type leave it `None` and are kept raw in `extra` under the wire name.
/// A key sent twice keeps its last value, as `JSON.parse` and `serde_json::Value` do (so the
/// round trip matches what they read), and is reported as drift.
///
/// # Errors
/// Only when the deserializer fails (malformed input).
pub fn field<'de, A: MapAccess<'de>, T: Lenient>(
    map: &mut A,
    slot: &mut Option<T>,
    extra: &mut Extra,
    wire: &'static str,
) -> Result<(), A::Error> {
    // An earlier value of the key is in the slot or in `extra`; finding out costs no lookup more.
    let filled = slot.is_some();
    let kept_before = match map.next_value_seed(IntoSlot(slot))? {
        Decoded::Value(()) => extra.forget(wire),
        Decoded::Null => {
            *slot = None;
            extra.keep(wire, Value::Null, Kept::Null)
        }
        Decoded::Mismatch(raw) => {
            *slot = None;
            extra.keep_misfit::<T>(wire, raw)
        }
    };
    if filled || kept_before {
        extra.note_duplicate(wire);
    }
    Ok(())
}

/// Decodes the value of a field that has alternate wire names (`x-aliases`), arriving under `used`.
///
/// A usable value wins over `null` or a value of the wrong type, and among usable values the
/// primary name's wins; the result does not depend on the order of the keys. A value that does
/// not land in the field is kept raw: as [`Kept::Shadowed`] when it is a usable value under an
/// alias, else as for any other field. The name the field's value came from is remembered, so that
/// it is serialised back under the same name.
///
/// # Errors
/// Only when the deserializer fails (malformed input).
pub fn aliased_field<'de, A: MapAccess<'de>, T: Lenient>(
    map: &mut A,
    slot: &mut Option<T>,
    extra: &mut Extra,
    primary: &'static str,
    used: &'static str,
) -> Result<(), A::Error> {
    let shadow = Kept::Shadowed { field: primary };
    if used != primary {
        if extra.renamed_from(primary) == Some(used) {
            // This alias filled the field already and comes again: its last value is the one used.
            return field(map, slot, extra, used);
        }
        if slot.is_some() {
            // Filled already, by the primary or another alias: this value steps aside.
            let raw = map.next_value::<Value>()?;
            extra.keep(used, raw, shadow);
            return Ok(());
        }
        field(map, slot, extra, used)?;
        if slot.is_some() {
            extra.set_renamed(primary, Some(used));
        }
        return Ok(());
    }
    if extra.holds(primary) || (slot.is_some() && extra.renamed_from(primary).is_none()) {
        extra.note_duplicate(primary);
    }
    match map.next_value_seed(Seed::<T>::new())? {
        Decoded::Value(value) => {
            if let Some(alias) = extra.renamed_from(primary) {
                // The field was filled from an alias first: that value steps aside for the primary's.
                if let Some(previous) = slot.take() {
                    extra.keep(alias, Decoded::Value(previous).into_raw(), shadow);
                }
                extra.set_renamed(primary, None);
            }
            *slot = Some(value);
            extra.forget(primary);
        }
        // The field keeps whatever an alias gave it; the primary's value is kept under its name.
        Decoded::Null => {
            extra.keep(primary, Value::Null, Kept::Null);
        }
        Decoded::Mismatch(raw) => {
            extra.keep_misfit::<T>(primary, raw);
        }
    }
    Ok(())
}

/// Keeps the value of a key the schema does not know.
///
/// # Errors
/// Only when the deserializer fails (malformed input).
pub fn unknown<'de, A: MapAccess<'de>>(map: &mut A, extra: &mut Extra, key: Cow<'de, str>) -> Result<(), A::Error> {
    let raw = map.next_value::<Value>()?;
    extra.keep_unknown(key, raw);
    Ok(())
}

/// Serialises one field under its wire name when it is set.
///
/// # Errors
/// Whatever the serializer reports.
pub fn serialize_field<M: SerializeMap, T: Serialize>(
    map: &mut M,
    wire: &str,
    value: Option<&T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(wire, value),
        None => Ok(()),
    }
}

/// Reports the drift inside one field, under its wire name.
pub fn drift_field<T: Drift>(value: Option<&T>, wire: &str, at: &mut JsonPointer, out: &mut Vec<crate::DriftItem>) {
    if let Some(value) = value {
        at.push(wire);
        value.drift_into(at, out);
        at.pop();
    }
}
