//! What each schema node becomes: a struct, an open enum, a `oneOf`, or a use of another type.

use std::collections::BTreeSet;

use super::{Lowerer, doc_lines, scalar_text};
use crate::diagnostics::Diagnostic;
use crate::ir::{EnumVariant, Field, OneOfVariant, Scalar, TypeKind, TypeRef};
use crate::naming::{self, Scope};
use crate::schema::{Node, Place, Workspace};

/// `format` values whose meaning is known; any other is reported once as a warning and ignored.
const STRING_FORMATS: &[&str] = &[
    "date-time",
    "duration",
    "date",
    "time",
    "uri",
    "uri-reference",
    "url",
    "iri",
    "email",
    "uuid",
    "byte",
    "binary",
    "password",
    "hostname",
    "ipv4",
    "ipv6",
    "regex",
    "json-pointer",
];
const INTEGER_FORMATS: &[&str] = &["int32", "int64", "int8", "int16", "uint8", "uint16", "uint32", "uint64"];
const NUMBER_FORMATS: &[&str] = &["float", "double", "decimal"];

/// The properties of an object schema after `allOf` members are merged (later members win).
#[derive(Default)]
struct ObjectParts {
    properties: Vec<(String, Place)>,
    /// `additionalProperties` given as a schema.
    additional: Option<Place>,
    objectish: bool,
}

impl Lowerer<'_> {
    /// The kind of a named (or `$ref`-target) type.
    pub(super) fn kind_of(&mut self, place: &Place, node: &Node, name: &str) -> TypeKind {
        self.check_keywords(place, node);
        if let Some(kind) = self.composite_kind(place, node, name) {
            return kind;
        }
        TypeKind::Alias { target: self.type_of(place, name) }
    }

    /// The kind, when the node needs a type of its own (an object, an enum, a `oneOf`).
    fn composite_kind(&mut self, place: &Place, node: &Node, name: &str) -> Option<TypeKind> {
        if node.get("$ref").is_some() {
            return None;
        }
        if let Some(kind) = self.one_of_kind(place, node, name) {
            return Some(kind);
        }
        if let Some(values) = node.get("enum") {
            return self.enum_kind(place, node, values);
        }
        if self.is_objectish(place, node, &mut Vec::new()) {
            let mut parts = ObjectParts::default();
            self.collect_object(place, node, &mut parts, &mut Vec::new());
            if parts.properties.is_empty() && parts.additional.is_some() && node.get("properties").is_none() {
                return None; // a plain map: an alias of `BTreeMap`
            }
            if parts.properties.is_empty()
                && parts.additional.is_none()
                && node.get("allOf").is_none()
                && node.get("properties").is_none()
            {
                return None; // `type: object` and nothing else: free-form JSON
            }
            return Some(self.struct_kind(place, name, parts));
        }
        None
    }

    /// The type a schema node stands for where it is used: a scalar, a collection, a named type,
    /// or a new type named `hint` for an inline object, enum or `oneOf`.
    pub(super) fn type_of(&mut self, place: &Place, hint: &str) -> TypeRef {
        let Some(node) = self.workspace.node(place) else { return TypeRef::Scalar(Scalar::Json) };
        self.check_keywords(place, node);
        if let Some(reference) = node.get("$ref") {
            return self.type_of_ref(place, reference, hint);
        }
        if let Some(target) = self.single_all_of_member(place, node) {
            return self.type_of(&target, hint);
        }
        if let Some(pattern) = self.one_or_many(place, node) {
            return pattern;
        }
        if let Some(inner) = self.nullable_one_of(place, node) {
            return self.type_of(&inner, hint);
        }
        if self.needs_own_type(place, node) {
            if let Some(id) = self.type_at(place) {
                return TypeRef::Named(id);
            }
            let id = self.declare(hint, place);
            self.define(id, place);
            return TypeRef::Named(id);
        }
        self.plain_type(place, node, hint)
    }

    /// Reports schema keywords whose value has the wrong kind; the rest of lowering then treats
    /// them as absent. Diagnostics are de-duplicated, so checking a node twice is harmless.
    fn check_keywords(&mut self, place: &Place, node: &Node) {
        if !matches!(node, Node::Object(_)) {
            // `true`/`false` (3.1 boolean schemas) and an empty value mean "anything".
            if !matches!(node, Node::Bool(_) | Node::Null) {
                self.error(place, format!("a schema must be a mapping, found {}", node.kind()));
            }
            return;
        }
        for key in ["allOf", "oneOf", "anyOf", "enum"] {
            match node.get(key).map(|value| (value, value.items())) {
                Some((value, None)) => {
                    self.error(&place.child(key), format!("`{key}` must be a list, found {}", value.kind()))
                }
                Some((_, Some([]))) if key != "enum" => {
                    self.error(&place.child(key), format!("`{key}` must list at least one schema"));
                }
                _ => {}
            }
        }
        if let Some(value) = node.get("properties")
            && !matches!(value, Node::Object(_) | Node::Null)
        {
            self.error(&place.child("properties"), format!("`properties` must be a mapping, found {}", value.kind()));
        }
    }

    fn needs_own_type(&mut self, place: &Place, node: &Node) -> bool {
        if node.get("oneOf").is_some()
            || node.get("anyOf").is_some()
            || node.get("enum").is_some() && self.is_string_enum(node)
        {
            return true;
        }
        if !self.is_objectish(place, node, &mut Vec::new()) {
            return false;
        }
        let mut parts = ObjectParts::default();
        self.collect_object(place, node, &mut parts, &mut Vec::new());
        !(parts.properties.is_empty() && node.get("properties").is_none() && node.get("allOf").is_none())
    }

    fn type_of_ref(&mut self, place: &Place, reference: &Node, hint: &str) -> TypeRef {
        let Some(reference) = reference.as_str() else {
            self.error(&place.child("$ref"), format!("`$ref` must be a string, found {}", reference.kind()));
            return TypeRef::Scalar(Scalar::Json);
        };
        if let Some(warning) = Workspace::fragment_warning(place, reference) {
            self.diagnostics.push(warning);
        }
        let target = match self.workspace.resolve(place, reference) {
            Ok(target) => target,
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                return TypeRef::Scalar(Scalar::Json);
            }
        };
        if let Some(id) = self.type_at(&target) {
            return TypeRef::Named(id);
        }
        if self.following.contains(&target) {
            self.diagnostics.push(
                Diagnostic::error(place.child("$ref").location(), format!("`$ref: {reference}` leads back to itself"))
                    .with_help(
                        "a schema that is only a reference to itself has no shape; give it properties or a type",
                    ),
            );
            return TypeRef::Scalar(Scalar::Json);
        }
        // A reference to a place outside `components/schemas`: types that need a name are named
        // after the place (`#/x-fragment/general_error_fragment/schema` → `GeneralErrorFragment`).
        self.following.push(target.clone());
        let node = self.workspace.node(&target).cloned().unwrap_or(Node::Null);
        let ty = if self.needs_own_type(&target, &node) {
            let id = self.declare(&naming::camel(&name_from_pointer(&target.pointer, hint)), &target);
            self.define(id, &target);
            TypeRef::Named(id)
        } else {
            self.type_of(&target, hint)
        };
        self.following.pop();
        ty
    }

    /// Types that need no type of their own: scalars, arrays, maps, free-form JSON.
    fn plain_type(&mut self, place: &Place, node: &Node, hint: &str) -> TypeRef {
        let types = self.declared_types(place, node);
        let non_null: Vec<&str> = types.iter().map(String::as_str).filter(|t| *t != "null").collect();
        match non_null.as_slice() {
            [] if node.get("items").is_some() => self.array_type(place, node, hint),
            [] if node.get("additionalProperties").is_some() => self.map_type(place, node, hint),
            [] => {
                if let Some(values) = node.get("enum").and_then(Node::items) {
                    return enum_value_type(values);
                }
                // `const: x` (3.1) is a one-value enum: its value's type.
                if let Some(value) = node.get("const") {
                    return match value {
                        Node::String(_) => TypeRef::Scalar(Scalar::String),
                        other => enum_value_type(std::slice::from_ref(other)),
                    };
                }
                TypeRef::Scalar(Scalar::Json)
            }
            [single] => self.single_type(place, node, single, hint),
            _ => TypeRef::Scalar(Scalar::Json),
        }
    }

    fn single_type(&mut self, place: &Place, node: &Node, ty: &str, hint: &str) -> TypeRef {
        let format = node.get("format");
        let format_text = format.and_then(Node::as_str);
        if let Some(format) = format
            && format_text.is_none()
        {
            self.error(&place.child("format"), format!("`format` must be a string, found {}", format.kind()));
        }
        let known = |formats: &[&str]| format_text.is_none_or(|f| formats.contains(&f));
        match ty {
            "string" => {
                if !known(STRING_FORMATS) {
                    self.unknown_format(place, format_text.unwrap_or_default(), "string");
                }
                TypeRef::Scalar(match format_text {
                    Some("date-time") => Scalar::Timestamp,
                    Some("duration") => Scalar::Duration,
                    _ => Scalar::String,
                })
            }
            "integer" => {
                if !known(INTEGER_FORMATS) {
                    self.unknown_format(place, format_text.unwrap_or_default(), "integer");
                }
                TypeRef::Scalar(match format_text {
                    Some("int32") => Scalar::I32,
                    Some("uint64") => Scalar::U64,
                    _ => Scalar::I64,
                })
            }
            "number" => {
                if !known(NUMBER_FORMATS) && !known(INTEGER_FORMATS) {
                    self.unknown_format(place, format_text.unwrap_or_default(), "number");
                }
                TypeRef::Scalar(Scalar::F64)
            }
            "boolean" => TypeRef::Scalar(Scalar::Bool),
            "array" => self.array_type(place, node, hint),
            "object" => self.map_type(place, node, hint),
            _ => TypeRef::Scalar(Scalar::Json),
        }
    }

    fn unknown_format(&mut self, place: &Place, format: &str, ty: &str) {
        self.diagnostics.push(
            Diagnostic::warning(
                place.child("format").location(),
                format!("unknown format `{format}` for type `{ty}`; read as a plain {ty}"),
            )
            .with_help(format!(
                "known formats for `{ty}`: {}",
                match ty {
                    "string" => STRING_FORMATS.join(", "),
                    "integer" => INTEGER_FORMATS.join(", "),
                    _ => NUMBER_FORMATS.join(", "),
                }
            )),
        );
    }

    fn array_type(&mut self, place: &Place, node: &Node, hint: &str) -> TypeRef {
        let Some(items) = node.get("items") else { return TypeRef::Vec(Box::new(TypeRef::Scalar(Scalar::Json))) };
        let items_place = place.child("items");
        if items.items().is_some() {
            // Swagger-era tuple form `items: [..]`: the items have no single type.
            self.warn(&items_place, "`items` is a list (tuple form); the items are read as free-form JSON");
            return TypeRef::Vec(Box::new(TypeRef::Scalar(Scalar::Json)));
        }
        let item = self.type_of(&items_place, &format!("{hint}Item"));
        TypeRef::Vec(Box::new(self.nullable_if_declared(&items_place, item)))
    }

    fn map_type(&mut self, place: &Place, node: &Node, hint: &str) -> TypeRef {
        match node.get("additionalProperties") {
            Some(Node::Object(_)) => {
                let value_place = place.child("additionalProperties");
                let value = self.type_of(&value_place, &format!("{hint}Value"));
                TypeRef::Map(Box::new(self.nullable_if_declared(&value_place, value)))
            }
            _ => TypeRef::Scalar(Scalar::JsonObject),
        }
    }

    /// An array item or map value that may be `null` keeps its place as `Option` (free-form
    /// JSON already holds `null`).
    fn nullable_if_declared(&self, place: &Place, ty: TypeRef) -> TypeRef {
        if self.is_nullable(place) && !matches!(ty, TypeRef::Scalar(Scalar::Json)) {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn is_nullable(&self, place: &Place) -> bool {
        let Some(node) = self.workspace.node(place) else { return false };
        node.get("nullable").is_some_and(Node::is_true)
            || node.get("type").and_then(Node::items).is_some_and(|types| types.iter().any(is_null_type))
    }

    /// `type` as a list of words (a 3.1 type list, or one word); unknown words are errors.
    fn declared_types(&mut self, place: &Place, node: &Node) -> Vec<String> {
        let words: Vec<(Place, &Node)> = match node.get("type") {
            None => return Vec::new(),
            Some(Node::Array(items)) => {
                items.iter().enumerate().map(|(i, t)| (place.child("type").child(&i.to_string()), t)).collect()
            }
            Some(single) => vec![(place.child("type"), single)],
        };
        let mut types = Vec::new();
        for (at, word) in words {
            match word.as_str() {
                Some(t @ ("string" | "integer" | "number" | "boolean" | "array" | "object" | "null")) => {
                    types.push(t.to_owned())
                }
                Some(other) => self.diagnostics.push(
                    Diagnostic::error(at.location(), format!("unknown type `{other}`"))
                        .with_help("the types are string, integer, number, boolean, array, object and null"),
                ),
                None if matches!(word, Node::Null) => {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            at.location(),
                            "`type` is YAML's `null`, not the string; read as the null type",
                        )
                        .with_help("quote it, as in `type: 'null'`"),
                    );
                    types.push("null".to_owned());
                }
                None => self.error(&at, format!("`type` must be a string or a list of strings, found {}", word.kind())),
            }
        }
        types
    }

    fn yaml_null_warning(&mut self, at: &Place) {
        self.diagnostics.push(
            Diagnostic::warning(at.location(), "`type` is YAML's `null`, not the string; read as the null type")
                .with_help("quote it, as in `type: 'null'`"),
        );
    }

    /// True for a schema that describes an object: it has `properties`, says `type: object`, or
    /// merges an object through `allOf`.
    fn is_objectish(&mut self, place: &Place, node: &Node, visiting: &mut Vec<Place>) -> bool {
        if node.get("properties").is_some() {
            return true;
        }
        if node.get("enum").is_some() || node.get("oneOf").is_some() || node.get("anyOf").is_some() {
            return false;
        }
        match node.get("type") {
            Some(Node::String(t)) => return t == "object",
            Some(Node::Array(types)) => return types.iter().any(|t| t.as_str() == Some("object")),
            _ => {}
        }
        if let Some(members) = node.get("allOf").and_then(Node::items) {
            for (index, member) in members.iter().enumerate() {
                let member_place = place.child("allOf").child(&index.to_string());
                let Some((target_place, target)) = self.deref(&member_place, member) else { continue };
                if visiting.contains(&target_place) {
                    continue;
                }
                visiting.push(target_place.clone());
                let objectish = self.is_objectish(&target_place, &target, visiting);
                visiting.pop();
                if objectish {
                    return true;
                }
            }
        }
        false
    }

    /// Follows a chain of `$ref`s to the node it ends at (reporting what cannot be followed).
    fn deref(&mut self, place: &Place, node: &Node) -> Option<(Place, Node)> {
        let mut place = place.clone();
        let mut node = node.clone();
        let mut seen = vec![place.clone()];
        while let Some(reference) = node.get("$ref").and_then(Node::as_str) {
            let target = self.workspace.resolve(&place, reference).ok()?;
            if seen.contains(&target) {
                return None;
            }
            seen.push(target.clone());
            node = self.workspace.node(&target)?.clone();
            place = target;
        }
        Some((place, node))
    }

    /// Merges `properties`, `additionalProperties` and `allOf` members into `parts`.
    fn collect_object(&mut self, place: &Place, node: &Node, parts: &mut ObjectParts, visiting: &mut Vec<Place>) {
        if visiting.contains(place) {
            self.diagnostics.push(
                Diagnostic::error(
                    place.location(),
                    "unrepresentable cycle: this schema includes itself through `allOf`",
                )
                .with_help(format!(
                    "the chain: {}",
                    visiting.iter().map(|p| format!("{}#{}", p.file, p.pointer)).collect::<Vec<_>>().join(" → ")
                )),
            );
            return;
        }
        visiting.push(place.clone());
        parts.objectish = true;
        if let Some(reference) = node.get("$ref").and_then(Node::as_str) {
            match self.workspace.resolve(place, reference) {
                Ok(target) => {
                    if let Some(target_node) = self.workspace.node(&target).cloned() {
                        self.collect_object(&target, &target_node, parts, visiting);
                    }
                }
                Err(diagnostic) => self.diagnostics.push(diagnostic),
            }
        }
        // A non-list `allOf` is reported by `check_keywords`.
        if let Some(items) = node.get("allOf").and_then(Node::items) {
            for (index, member) in items.iter().enumerate() {
                self.collect_object(&place.child("allOf").child(&index.to_string()), member, parts, visiting);
            }
        }
        let (properties_place, properties) = self.properties(place, node);
        match &properties {
            Some(Node::Object(entries)) => {
                for (wire, _) in entries {
                    let property_place = properties_place.child(wire);
                    match parts.properties.iter_mut().find(|(name, _)| name == wire) {
                        Some(existing) => existing.1 = property_place,
                        None => parts.properties.push((wire.clone(), property_place)),
                    }
                }
            }
            Some(Node::Null) | None => {}
            Some(_) => {} // reported by `check_keywords`
        }
        if let Some(Node::Object(_)) = node.get("additionalProperties") {
            parts.additional = Some(place.child("additionalProperties"));
        }
        visiting.pop();
    }

    /// The `properties` of a schema and their place. A `properties` that is only a `$ref` (as
    /// DigitalOcean writes, to share a set of properties) is the mapping it names: a property
    /// named `$ref` would need a schema, not a string, so nothing else could be meant.
    fn properties(&mut self, place: &Place, node: &Node) -> (Place, Option<Node>) {
        let here = place.child("properties");
        let properties = node.get("properties");
        let reference = match properties.and_then(Node::entries) {
            Some([(key, Node::String(reference))]) if key == "$ref" => reference,
            _ => return (here, properties.cloned()),
        };
        match self.workspace.resolve(&here, reference) {
            Ok(target) => {
                let node = self.workspace.node(&target).cloned();
                (target, node)
            }
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                (here, None)
            }
        }
    }

    fn struct_kind(&mut self, place: &Place, name: &str, parts: ObjectParts) -> TypeKind {
        let mut field_names = Scope::with_reserved(&["extra"]);
        let mut wire_names: BTreeSet<String> = parts.properties.iter().map(|(wire, _)| wire.clone()).collect();
        let mut fields = Vec::new();
        for (wire, property_place) in parts.properties {
            let Some(property) = self.workspace.node(&property_place).cloned() else { continue };
            let aliases = self.aliases(&property_place, &property, &mut wire_names);
            let ty = self.type_of(&property_place, &format!("{name}{}", naming::camel(&wire)));
            let link_target = property.get("x-link-target").map(|_| {
                self.type_of(&property_place.child("x-link-target"), &format!("{name}{}Target", naming::camel(&wire)))
            });
            fields.push(Field {
                name: field_names.claim(&naming::snake(&wire)),
                wire,
                aliases,
                ty,
                docs: doc_lines(&property),
                deprecated: property.get("deprecated").is_some_and(Node::is_true),
                link_target,
            });
        }
        if let Some(additional) = parts.additional {
            self.warn(
                &additional,
                "`additionalProperties` beside `properties`: the additional values are kept raw in `extra`, not typed",
            );
        }
        if place.pointer.ends_with("/_embedded") {
            add_embedded_case_aliases(&mut fields, &mut wire_names);
        }
        TypeKind::Struct { fields }
    }

    /// Reads `x-aliases`: alternate wire names of a property, each unique within its object.
    fn aliases(&mut self, place: &Place, property: &Node, wire_names: &mut BTreeSet<String>) -> Vec<String> {
        let Some(list) = property.get("x-aliases") else { return Vec::new() };
        let at = place.child("x-aliases");
        let Some(items) = list.items() else {
            self.error(&at, format!("`x-aliases` must be a list of strings, found {}", list.kind()));
            return Vec::new();
        };
        let mut aliases = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let item_place = at.child(&index.to_string());
            match item.as_str() {
                Some(alias) if wire_names.insert(alias.to_owned()) => aliases.push(alias.to_owned()),
                Some(alias) => self.diagnostics.push(
                    Diagnostic::error(
                        item_place.location(),
                        format!("duplicate name: the alias `{alias}` is already a wire name of this object"),
                    )
                    .with_help("each wire name may lead to one field only"),
                ),
                None => self.error(&item_place, format!("an alias must be a string, found {}", item.kind())),
            }
        }
        aliases
    }

    fn is_string_enum(&self, node: &Node) -> bool {
        let Some(values) = node.get("enum").and_then(Node::items) else { return false };
        let declared_string = match node.get("type") {
            Some(Node::String(t)) => t == "string",
            Some(Node::Array(types)) => types.iter().any(|t| t.as_str() == Some("string")),
            _ => false,
        };
        declared_string || values.iter().any(|v| matches!(v, Node::String(_)))
    }

    fn enum_kind(&mut self, place: &Place, node: &Node, values: &Node) -> Option<TypeKind> {
        let items = values.items()?; // a non-list `enum` is reported by `check_keywords`
        if !self.is_string_enum(node) {
            return None; // an integer or boolean enum: the plain scalar, which takes any value anyway
        }
        // The catch-all is always `Unknown`, so that adding a listed value to a schema never
        // renames it under users' feet; a listed `Unknown` takes the suffix instead.
        let mut names = Scope::with_reserved(&["Unknown"]);
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for (index, value) in items.iter().enumerate() {
            let wire = match value {
                Node::Null => continue, // a nullable enum lists null; every field is optional anyway
                Node::String(s) => s.clone(),
                Node::Number(_) | Node::Bool(_) => scalar_text(value),
                Node::Array(_) | Node::Object(_) => {
                    self.error(
                        &place.child("enum").child(&index.to_string()),
                        format!("an enum value must be a scalar, found {}", value.kind()),
                    );
                    continue;
                }
            };
            if !seen.insert(wire.clone()) {
                self.warn(
                    &place.child("enum").child(&index.to_string()),
                    format!("enum value `{wire}` is listed more than once"),
                );
                continue;
            }
            variants.push(EnumVariant { name: names.claim(&naming::camel(&wire)), wire });
        }
        let catch_all = "Unknown".to_owned();
        Some(TypeKind::Enum { variants, catch_all })
    }

    /// `allOf: [X]` plus fragments (`description`, `title`, …): the type of X, as OAS 3.0 writers
    /// use it to put a description next to a `$ref`.
    fn single_all_of_member(&mut self, place: &Place, node: &Node) -> Option<Place> {
        let members = node.get("allOf")?.items()?;
        if node.get("properties").is_some() || self.is_objectish(place, node, &mut Vec::new()) {
            return None;
        }
        let typed: Vec<usize> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                ["$ref", "type", "enum", "oneOf", "anyOf", "items", "format"].iter().any(|k| m.get(k).is_some())
            })
            .map(|(i, _)| i)
            .collect();
        match typed.as_slice() {
            [only] => Some(place.child("allOf").child(&only.to_string())),
            _ => None,
        }
    }

    /// `oneOf: [X, {type: array, items: X}]` (or `anyOf`), with X an object: one X or an array of X.
    fn one_or_many(&mut self, place: &Place, node: &Node) -> Option<TypeRef> {
        let (key, members) = one_of_members(node)?;
        let [single, many] = members else { return None };
        let many_items = many.get("items")?;
        let single_ref = single.get("$ref")?.as_str()?;
        if many_items.get("$ref")?.as_str()? != single_ref {
            return None;
        }
        let single_place = place.child(key).child("0");
        let (target_place, target) = self.deref(&single_place, single)?;
        if !self.is_objectish(&target_place, &target, &mut Vec::new()) {
            return None;
        }
        let item = self.type_of(&single_place, "Item");
        Some(TypeRef::OneOrMany(Box::new(item)))
    }

    /// `oneOf: [X, {type: 'null'}]`: X, as every use is optional anyway.
    fn nullable_one_of(&mut self, place: &Place, node: &Node) -> Option<Place> {
        let (key, members) = one_of_members(node)?;
        for (index, member) in members.iter().enumerate() {
            if matches!(member.get("type"), Some(Node::Null)) {
                self.yaml_null_warning(&place.child(key).child(&index.to_string()).child("type"));
            }
        }
        let non_null: Vec<usize> =
            members.iter().enumerate().filter(|(_, m)| !is_null_schema(m)).map(|(i, _)| i).collect();
        match non_null.as_slice() {
            [only] if members.len() > 1 => Some(place.child(key).child(&only.to_string())),
            _ => None,
        }
    }

    fn one_of_kind(&mut self, place: &Place, node: &Node, name: &str) -> Option<TypeKind> {
        let (key, members) = one_of_members(node)?;
        if self.nullable_one_of(place, node).is_some() || self.one_or_many(place, node).is_some() {
            return None;
        }
        let members: Vec<(usize, Node)> =
            members.iter().cloned().enumerate().filter(|(_, m)| !is_null_schema(m)).collect();
        let mut names = Scope::with_reserved(&["Other"]);
        let mut variants = Vec::new();
        for (index, _) in members {
            let member_place = place.child(key).child(&index.to_string());
            let ty = self.type_of(&member_place, &format!("{name}Variant{}", index + 1));
            let base = self.variant_name(&ty);
            variants.push(OneOfVariant { name: names.claim(&base), ty });
        }
        Some(TypeKind::OneOf { variants, other: "Other".to_owned() })
    }

    fn variant_name(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => self.type_name(*id).to_owned(),
            TypeRef::Scalar(scalar) => match scalar {
                Scalar::String => "String",
                Scalar::Bool => "Boolean",
                Scalar::I32 | Scalar::I64 | Scalar::U64 => "Integer",
                Scalar::F64 => "Number",
                Scalar::Timestamp => "Timestamp",
                Scalar::Duration => "Duration",
                Scalar::Json => "Json",
                Scalar::JsonObject => "Object",
            }
            .to_owned(),
            TypeRef::Vec(_) => "Array".to_owned(),
            TypeRef::Map(_) => "Map".to_owned(),
            TypeRef::OneOrMany(_) => "OneOrMany".to_owned(),
            TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => self.variant_name(inner),
        }
    }
}

/// HAL `_embedded` keys vary in case across versions of an API (`vehicles`, `Vehicles`): each
/// key of an `_embedded` object also decodes with its first letter's case flipped (rule 7 of the
/// lenient contract), unless that name is taken.
fn add_embedded_case_aliases(fields: &mut [crate::ir::Field], wire_names: &mut BTreeSet<String>) {
    for field in fields {
        let mut chars = field.wire.chars();
        let Some(first) = chars.next() else { continue };
        let flipped: String = if first.is_uppercase() {
            first.to_lowercase().chain(chars).collect()
        } else {
            first.to_uppercase().chain(chars).collect()
        };
        if wire_names.insert(flipped.clone()) {
            field.aliases.push(flipped);
        }
    }
}

fn one_of_members(node: &Node) -> Option<(&'static str, &[Node])> {
    if let Some(members) = node.get("oneOf").and_then(Node::items) {
        return Some(("oneOf", members));
    }
    node.get("anyOf").and_then(Node::items).map(|members| ("anyOf", members))
}

fn is_null_schema(node: &Node) -> bool {
    node.get("type").is_some_and(is_null_type)
}

/// `type: 'null'`, or YAML's own `null` where the type's name was meant (`type: null`, `- null`).
fn is_null_type(word: &Node) -> bool {
    matches!(word, Node::Null) || word.as_str() == Some("null")
}

/// The scalar of an enum whose values are not strings (an integer or boolean enum).
fn enum_value_type(values: &[Node]) -> TypeRef {
    let all = |pred: fn(&Node) -> bool| values.iter().filter(|v| !matches!(v, Node::Null)).all(pred);
    if all(|v| matches!(v, Node::Bool(_))) {
        TypeRef::Scalar(Scalar::Bool)
    } else if all(|v| matches!(v, Node::Number(n) if n.is_i64() || n.is_u64())) {
        TypeRef::Scalar(Scalar::I64)
    } else if all(|v| matches!(v, Node::Number(_))) {
        TypeRef::Scalar(Scalar::F64)
    } else {
        TypeRef::Scalar(Scalar::Json)
    }
}

/// A name for a schema found outside `components/schemas`: its last segment that is not a schema
/// keyword (`#/x-fragment/general_error_fragment/schema` → `general_error_fragment`).
fn name_from_pointer(pointer: &str, fallback: &str) -> String {
    const STRUCTURAL: &[&str] = &[
        "schema",
        "schemas",
        "items",
        "properties",
        "additionalProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "content",
        "components",
        "responses",
        "requestBody",
        "parameters",
        "definitions",
    ];
    crate::schema::split_pointer(pointer)
        .unwrap_or_default()
        .into_iter()
        .rev()
        .find(|segment| {
            !STRUCTURAL.contains(&segment.as_str()) && !segment.contains('/') && segment.parse::<usize>().is_err()
        })
        .unwrap_or_else(|| fallback.to_owned())
}
