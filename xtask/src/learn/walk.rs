//! Walking one body against the generator's IR, by the decoding rules of `client-runtime`, and
//! noting every departure that a schema change could absorb.
//!
//! The walk reads what the runtime would: an unknown key, an enum value not listed, a scalar of
//! another JSON type. What no schema edit here can absorb (an object where an object of another
//! type was expected, an unparsed timestamp) is counted as unlearnable, so the summary says so.

use std::collections::{BTreeMap, BTreeSet};

use client_runtime::{Fit, Lenient};
use codegen::ir::{Api, Field, Scalar, TypeId, TypeKind, TypeRef};
use codegen::schema::{Place, Workspace};
use serde_json::{Map, Value};

use super::shape::{REDACTED, Shape, kind};

/// Everything learned from all inputs: each entry with the number of inputs that showed it.
#[derive(Debug, Default)]
pub(super) struct Observations {
    /// Inputs read.
    pub(super) inputs: usize,
    /// Keys a struct does not know: (struct, key) → inputs, shape of every value.
    pub(super) properties: BTreeMap<(TypeId, String), (usize, Shape)>,
    /// Values an open enum does not list: (enum, value) → inputs.
    pub(super) enum_values: BTreeMap<(TypeId, String), usize>,
    /// Scalars of another JSON type: the schema node that declares the scalar → who (for the
    /// summary), the JSON types that arrived, inputs.
    pub(super) widenings: BTreeMap<Place, (String, BTreeSet<&'static str>, usize)>,
    /// A new key whose value looked like what a missing known field carries: (struct, new key,
    /// field's wire name) → inputs.
    pub(super) aliases: BTreeMap<(TypeId, String, String), usize>,
    /// Departures no schema edit absorbs, by description → inputs.
    pub(super) unlearnable: BTreeMap<String, usize>,
}

/// What one input showed; merged into [`Observations`] counting each entry once.
#[derive(Default)]
struct Findings {
    properties: BTreeMap<(TypeId, String), Shape>,
    enum_values: BTreeSet<(TypeId, String)>,
    widenings: BTreeMap<Place, (String, BTreeSet<&'static str>)>,
    aliases: BTreeSet<(TypeId, String, String)>,
    unlearnable: BTreeSet<String>,
}

/// Where each type's schema is and what its fields are called in messages, computed once: the
/// walk needs them for every value, and deriving them each time cost most of its time.
pub(super) struct Index {
    types: Vec<TypeIndex>,
}

struct TypeIndex {
    origin: Place,
    /// Per field, in the struct's order: its own schema node, and `Type.field`.
    fields: Vec<(Option<Place>, String)>,
}

impl Index {
    pub(super) fn new(api: &Api, workspace: &Workspace) -> Self {
        let types = api
            .types
            .iter()
            .map(|def| {
                let origin = origin_place(&def.origin);
                let fields = match &def.kind {
                    TypeKind::Struct { fields } => fields
                        .iter()
                        .map(|f| (property_place(workspace, &origin, &f.wire), format!("{}.{}", def.name, f.wire)))
                        .collect(),
                    _ => Vec::new(),
                };
                TypeIndex { origin, fields }
            })
            .collect();
        Index { types }
    }
}

impl Observations {
    /// Walks one body of type `ty` and counts what it showed.
    pub(super) fn add(&mut self, api: &Api, index: &Index, ty: &TypeRef, body: &Value) {
        let mut walker = Walker { api, index, found: Findings::default() };
        walker.value(ty, None, "(root)", body);
        let found = walker.found;
        self.inputs += 1;
        for (key, shape) in found.properties {
            let entry = self.properties.entry(key).or_default();
            entry.0 += 1;
            entry.1.merge(shape);
        }
        for key in found.enum_values {
            *self.enum_values.entry(key).or_default() += 1;
        }
        for (place, (who, kinds)) in found.widenings {
            let entry = self.widenings.entry(place).or_insert_with(|| (who, BTreeSet::new(), 0));
            entry.1.extend(kinds);
            entry.2 += 1;
        }
        for key in found.aliases {
            *self.aliases.entry(key).or_default() += 1;
        }
        for key in found.unlearnable {
            *self.unlearnable.entry(key).or_default() += 1;
        }
    }

    /// Counts an input that could not be read as a body of a known type.
    pub(super) fn skip(&mut self, why: String) {
        self.inputs += 1;
        *self.unlearnable.entry(why).or_default() += 1;
    }
}

struct Walker<'a> {
    api: &'a Api,
    index: &'a Index,
    found: Findings,
}

impl Walker<'_> {
    /// `place`: the schema node that declares `ty` inline, when there is one (a named type's
    /// place is its origin); `who`: the type and field, for messages.
    fn value(&mut self, ty: &TypeRef, place: Option<&Place>, who: &str, value: &Value) {
        if value.is_null() {
            return; // every field is optional, and a null is allowed everywhere
        }
        match ty {
            TypeRef::Scalar(scalar) => {
                if !scalar_fits(*scalar, value) {
                    match place {
                        Some(place) => {
                            let entry = self.found.widenings.entry(place.clone()).or_default();
                            who.clone_into(&mut entry.0);
                            entry.1.insert(kind(value));
                        }
                        None => self.unlearnable(format!("{who}: {}, found {}", expected(*scalar), kind(value))),
                    }
                }
            }
            TypeRef::Named(id) => self.named(*id, value),
            TypeRef::Vec(inner) => match value {
                Value::Array(items) => {
                    let items_place = place.map(|p| p.child("items"));
                    for item in items {
                        self.value(inner, items_place.as_ref(), who, item);
                    }
                }
                other => self.unlearnable(format!("{who}: an array, found {}", kind(other))),
            },
            TypeRef::Map(inner) => match value {
                Value::Object(entries) => {
                    let values_place = place.map(|p| p.child("additionalProperties"));
                    for item in entries.values() {
                        self.value(inner, values_place.as_ref(), who, item);
                    }
                }
                other => self.unlearnable(format!("{who}: an object, found {}", kind(other))),
            },
            TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => self.value(inner, place, who, value),
            TypeRef::OneOrMany(inner) => match value {
                Value::Array(items) => items.iter().for_each(|item| self.value(inner, place, who, item)),
                other => self.value(inner, place, who, other),
            },
        }
    }

    fn named(&mut self, id: TypeId, value: &Value) {
        let (api, index) = (self.api, self.index);
        let def = &api.types[id.0];
        match &def.kind {
            TypeKind::Alias { target } => self.value(target, Some(&index.types[id.0].origin), &def.name, value),
            TypeKind::Struct { fields } => match value {
                Value::Object(entries) => self.object(id, fields, entries),
                other => self.unlearnable(format!("{}: an object, found {}", def.name, kind(other))),
            },
            TypeKind::Enum { variants, .. } => match value {
                Value::String(text) if text == REDACTED || variants.iter().any(|v| v.wire == *text) => {}
                Value::String(text) => {
                    self.found.enum_values.insert((id, text.clone()));
                }
                other => self.unlearnable(format!("{}: a string, found {}", def.name, kind(other))),
            },
            TypeKind::OneOf { variants, .. } => {
                // The runtime's choice, roughly: the first variant of the right JSON type that
                // knows the most keys.
                let mut best: Option<(&TypeRef, usize)> = None;
                for variant in variants {
                    let score = self.fit(&variant.ty, value);
                    if score > 0 && best.is_none_or(|(_, top)| score > top) {
                        best = Some((&variant.ty, score));
                    }
                }
                match best {
                    Some((ty, _)) => self.value(ty, None, &def.name, value),
                    None => self.unlearnable(format!("{}: no variant takes {}", def.name, kind(value))),
                }
            }
        }
    }

    fn object(&mut self, id: TypeId, fields: &[Field], entries: &Map<String, Value>) {
        let index = self.index;
        let known = &index.types[id.0].fields;
        let mut unknown = Vec::new();
        for (key, value) in entries {
            match fields.iter().position(|f| f.wire == *key || f.aliases.contains(key)) {
                Some(at) => {
                    let (place, who) = &known[at];
                    self.value(&fields[at].ty, place.as_ref(), who, value);
                }
                None => {
                    let mut shape = Shape::default();
                    shape.add(value);
                    self.found.properties.entry((id, key.clone())).or_default().merge(shape);
                    unknown.push((key, value));
                }
            }
        }
        // Old and new names at once: the runtime takes one and reports the other, and no schema
        // change helps (the wire has to stop sending both).
        for (field, (_, who)) in fields.iter().zip(known).filter(|(f, _)| !f.aliases.is_empty()) {
            let sent = std::iter::once(&field.wire).chain(&field.aliases).filter(|n| entries.contains_key(*n)).count();
            if sent > 1 {
                self.unlearnable(format!("{who}: sent under two of its names at once"));
            }
        }
        // A known field that is missing, and a new key that carries what it would: a rename.
        let present = |field: &&Field| {
            entries.contains_key(&field.wire) || field.aliases.iter().any(|alias| entries.contains_key(alias))
        };
        for field in fields.iter().filter(|f| !present(f)) {
            for (key, value) in &unknown {
                if self.resembles(field, key, value) {
                    self.found.aliases.insert((id, (*key).clone(), field.wire.clone()));
                }
            }
        }
    }

    /// Whether `value`, sent as `key`, looks like what `field` carries: the right JSON type, and
    /// either a similar name or an object of at least three keys that the field's type nearly all
    /// knows. (Two small objects with `createdAt` and `status` say nothing: many types have both.)
    fn resembles(&self, field: &Field, key: &str, value: &Value) -> bool {
        let fit = self.fit(&field.ty, value);
        let known = fit.saturating_sub(1);
        fit > 0
            && (similar_names(key, &field.wire)
                || value.as_object().is_some_and(|o| o.len() >= 3 && known * 5 >= o.len() * 4))
    }

    /// 0 when the JSON type is wrong; else 1, plus the number of known keys for an object.
    fn fit(&self, ty: &TypeRef, value: &Value) -> usize {
        match (self.api.through_aliases(ty), value) {
            (TypeRef::Scalar(scalar), value) => usize::from(scalar_fits(*scalar, value)),
            (TypeRef::Vec(_), Value::Array(_)) | (TypeRef::Map(_), Value::Object(_)) => 1,
            (TypeRef::Nullable(inner) | TypeRef::Boxed(inner) | TypeRef::OneOrMany(inner), value) => {
                self.fit(inner, value)
            }
            (TypeRef::Named(id), value) => match (&self.api.types[id.0].kind, value) {
                (TypeKind::Struct { fields }, Value::Object(entries)) => {
                    1 + entries.keys().filter(|k| fields.iter().any(|f| f.wire == **k || f.aliases.contains(k))).count()
                }
                (TypeKind::Enum { .. }, Value::String(_)) => 1,
                (TypeKind::OneOf { variants, .. }, value) => {
                    variants.iter().map(|v| self.fit(&v.ty, value)).max().unwrap_or(0)
                }
                _ => 0,
            },
            _ => 0,
        }
    }

    fn unlearnable(&mut self, what: String) {
        self.found.unlearnable.insert(what);
    }
}

/// Whether a scalar decodes from this value without drift: the runtime's own shallow fit, so
/// that learning and decoding can never disagree about a number (rule 4: numbers by value).
fn scalar_fits(scalar: Scalar, value: &Value) -> bool {
    fn fits<T: Lenient>(value: &Value) -> bool {
        T::fit(value) == Fit::Fully
    }
    // Every variant by name: a new scalar must decide here what it accepts.
    match scalar {
        Scalar::String | Scalar::Timestamp | Scalar::Duration => value.is_string(),
        Scalar::Bool => fits::<bool>(value),
        Scalar::F64 => fits::<f64>(value),
        Scalar::I64 => fits::<i64>(value),
        Scalar::U64 => fits::<u64>(value),
        Scalar::I32 => fits::<i32>(value),
        Scalar::Json => true,
        Scalar::JsonObject => value.is_object(),
    }
}

fn expected(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::String | Scalar::Timestamp | Scalar::Duration => "a string",
        Scalar::Bool => "a boolean",
        Scalar::I32 | Scalar::I64 | Scalar::U64 => "an integer",
        Scalar::F64 => "a number",
        Scalar::Json => "any value",
        Scalar::JsonObject => "an object",
    }
}

/// `timed.odometer` and `odometer`, `preconditionning` and `preconditioning`, `doorState` and
/// `doorsState`: the same letters but for a prefix or a letter or two.
fn similar_names(a: &str, b: &str) -> bool {
    let norm =
        |s: &str| s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect::<String>();
    let (a, b) = (norm(a), norm(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a == b
        || a.len().min(b.len()) >= 4 && (a.ends_with(&b) || b.ends_with(&a))
        || a.len().min(b.len()) >= 5 && edit_distance(&a, &b) <= 2
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// A type's origin (`file#pointer`) as a place.
pub(super) fn origin_place(origin: &str) -> Place {
    let (file, pointer) = origin.split_once('#').unwrap_or((origin, ""));
    Place { file: file.to_owned(), pointer: pointer.to_owned() }
}

/// The schema node of a struct's property: under its own `properties`, or under those of one of
/// its inline `allOf` members.
pub(super) fn property_place(workspace: &Workspace, origin: &Place, wire: &str) -> Option<Place> {
    properties_places(workspace, origin).into_iter().map(|p| p.child(wire)).find(|p| workspace.node(p).is_some())
}

/// Every inline `properties` mapping of a struct, its own first.
pub(super) fn properties_places(workspace: &Workspace, origin: &Place) -> Vec<Place> {
    let mut out = vec![origin.child("properties")];
    if let Some(members) = workspace.node(origin).and_then(|n| n.get("allOf")).and_then(|n| n.items()) {
        out.extend((0..members.len()).map(|i| origin.child("allOf").child(&i.to_string()).child("properties")));
    }
    out.retain(|p| workspace.node(p).is_some_and(|n| n.entries().is_some()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_that_look_like_renames() {
        assert!(similar_names("timed.odometer", "odometer"));
        assert!(similar_names("preconditionning", "preconditioning"));
        assert!(similar_names("doorState", "doorsState"));
        assert!(!similar_names("type", "mode"));
        assert!(!similar_names("id", "vin"));
    }
}
