//! Lowering: loaded schema documents → [`ir::Api`](crate::ir::Api): every named schema and every
//! inline object, enum and `oneOf` becomes a named type; `$ref`s become uses of those types.
//!
//! Types are created in a deterministic order (named schemas sorted by name, then inline types in
//! document order beneath them), so the same schemas always give the same names, whatever order
//! the files were read in. Problems are recorded as diagnostics and lowering carries on, so that
//! one run reports all of them.

mod cycles;
mod operations;
mod shapes;

use std::collections::{BTreeMap, HashMap};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::{Api, Module, Scalar, TypeDef, TypeId, TypeKind, TypeRef};
use crate::naming::{self, Scope};
use crate::schema::{Node, Place, Workspace};

/// Lowers every schema of the workspace; diagnostics go to `diagnostics`.
pub fn lower(workspace: &Workspace, diagnostics: &mut Diagnostics) -> Api {
    let mut lowerer = Lowerer::new(workspace, diagnostics);
    lowerer.read_info();
    let named = lowerer.named_schemas();
    // Named schemas claim their names before any inline type does, so `StatusIgnition` written
    // in the schema wins over an inline object that would be named the same.
    let ids: Vec<TypeId> = named.iter().map(|(name, place)| lowerer.declare(&naming::camel(name), place)).collect();
    for ((_, place), id) in named.iter().zip(ids) {
        lowerer.define(id, place);
    }
    lowerer.lower_operations();
    if lowerer.api.types.is_empty() && lowerer.api.operations.is_empty() && !lowerer.diagnostics.has_errors() {
        for (file, _) in workspace.documents() {
            lowerer
                .warn(&Place::root(file), "no `components/schemas` and no `paths`: nothing to generate from this file");
        }
    }
    let mut api = lowerer.finish();
    check_link_targets(&api, diagnostics);
    cycles::break_cycles(&mut api, diagnostics);
    api
}

/// `x-link-target` only makes sense on a link relation: a link object with a string `href`, or
/// one-or-many of them.
fn check_link_targets(api: &Api, diagnostics: &mut Diagnostics) {
    // A relation is a link object, or one-or-many of them, possibly boxed, behind aliases.
    fn is_link(api: &Api, ty: &TypeRef) -> bool {
        match api.through_aliases(ty) {
            TypeRef::Boxed(inner) | TypeRef::OneOrMany(inner) => is_link(api, inner),
            TypeRef::Named(id) => api.link_href(*id).is_some(),
            _ => false,
        }
    }
    for def in &api.types {
        let TypeKind::Struct { fields } = &def.kind else { continue };
        for field in fields.iter().filter(|f| f.link_target.is_some() && !is_link(api, &f.ty)) {
            let (file, pointer) = def.origin.split_once('#').unwrap_or((&def.origin, ""));
            let pointer =
                format!("{pointer}/properties/{}/x-link-target", crate::schema::escape_pointer_segment(&field.wire));
            diagnostics.push(Diagnostic::error(
                crate::diagnostics::Location::Pointer { file: file.to_owned(), pointer },
                format!("`x-link-target` on `{}`, which is not a link (an object with a string `href`, or an array of them)", field.wire),
            ));
        }
    }
}

pub(crate) struct Lowerer<'w> {
    pub(crate) workspace: &'w Workspace,
    pub(crate) diagnostics: &'w mut Diagnostics,
    api: Api,
    type_names: Scope,
    /// The type made for a schema place (named schemas, and `$ref` targets outside `components`).
    by_place: HashMap<Place, TypeId>,
    /// File → module name.
    module_of_file: BTreeMap<String, String>,
    /// `$ref` places being followed right now, to catch a reference that leads back to itself.
    pub(crate) following: Vec<Place>,
}

impl<'w> Lowerer<'w> {
    fn new(workspace: &'w Workspace, diagnostics: &'w mut Diagnostics) -> Self {
        // `client` holds the generated `Client` when the schema has operations.
        // `lib`, `main` and `mod` would be taken for a crate root or a module's own file.
        let mut module_names = Scope::with_reserved(&["generated", "client", "lib", "main", "mod"]);
        let mut module_of_file = BTreeMap::new();
        for (file, _) in workspace.documents() {
            let stem = file.rsplit_once('/').map_or(file, |(_, base)| base);
            let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
            // A module is named by a plain identifier: `r#mod` would not do as a file name, so
            // keywords take a `_` suffix like `self_` does.
            let name = naming::snake(stem);
            let name = match name.strip_prefix("r#") {
                Some(keyword) => format!("{keyword}_"),
                None => name,
            };
            module_of_file.insert(file.to_owned(), module_names.claim(&name));
        }
        // Modules and types share the namespace of the module that re-exports them; `Client` is
        // the generated API client's.
        let mut reserved: Vec<&str> = module_of_file.values().map(String::as_str).collect();
        reserved.push("Client");
        Lowerer {
            workspace,
            diagnostics,
            api: Api::default(),
            type_names: Scope::with_reserved(&reserved),
            by_place: HashMap::new(),
            module_of_file,
            following: Vec::new(),
        }
    }

    fn read_info(&mut self) {
        let mut roots = self
            .workspace
            .documents()
            .filter(|(_, d)| d.root.get("openapi").is_some() || d.root.get("swagger").is_some());
        let Some((file, document)) = roots.next() else { return };
        let root = Place::root(file);
        if let Some(version) = document.root.get("openapi") {
            let version = scalar_text(version);
            if !(version.starts_with("3.0") || version.starts_with("3.1")) {
                self.diagnostics.push(Diagnostic::warning(
                    root.child("openapi").location(),
                    format!("OpenAPI {version} is read as if it were 3.1"),
                ));
            }
        }
        if let Some(info) = document.root.get("info") {
            self.api.title = info.get("title").and_then(Node::as_str).map(str::to_owned);
            self.api.version = info.get("version").map(scalar_text);
            self.api.docs = doc_lines(info);
        }
    }

    /// Every `components/schemas` entry of every file, sorted by name then file.
    fn named_schemas(&mut self) -> Vec<(String, Place)> {
        let mut named = Vec::new();
        for (file, document) in self.workspace.documents() {
            let Some(schemas) = document.root.get("components").and_then(|c| c.get("schemas")) else { continue };
            let place = Place::root(file).child("components").child("schemas");
            match schemas.entries() {
                Some(entries) => named.extend(entries.iter().map(|(name, _)| (name.clone(), place.child(name)))),
                None if matches!(schemas, Node::Null) => {}
                None => self.diagnostics.push(Diagnostic::error(
                    place.location(),
                    format!("`components/schemas` must be a mapping of schemas, found {}", schemas.kind()),
                )),
            }
        }
        named.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        named
    }

    /// Creates a type with a fresh unique name in the module of `place`'s file; its kind is filled in by [`Self::define`].
    pub(crate) fn declare(&mut self, base_name: &str, place: &Place) -> TypeId {
        let id = TypeId(self.api.types.len());
        let module = self.module_of_file.get(&place.file).cloned().unwrap_or_else(|| "types".to_owned());
        self.api.types.push(TypeDef {
            name: self.type_names.claim(base_name),
            module: module.clone(),
            origin: format!("{}#{}", place.file, place.pointer),
            docs: Vec::new(),
            deprecated: false,
            kind: TypeKind::Alias { target: TypeRef::Scalar(Scalar::Json) },
        });
        self.api
            .modules
            .entry(module)
            .or_insert_with(|| Module { source: place.file.clone(), types: Vec::new() })
            .types
            .push(id);
        self.by_place.insert(place.clone(), id);
        id
    }

    /// Fills in the type declared for the schema at `place`.
    pub(crate) fn define(&mut self, id: TypeId, place: &Place) {
        let Some(node) = self.workspace.node(place) else { return };
        let docs = doc_lines(node);
        let deprecated = node.get("deprecated").is_some_and(Node::is_true);
        let name = self.api.types[id.0].name.clone();
        let kind = self.kind_of(place, node, &name);
        let def = &mut self.api.types[id.0];
        def.docs = docs;
        def.deprecated = deprecated;
        def.kind = kind;
    }

    /// The type made for a schema place, if one was declared.
    pub(crate) fn type_at(&self, place: &Place) -> Option<TypeId> {
        self.by_place.get(place).copied()
    }

    /// Claims a type name that is not a schema type (a parameters struct).
    pub(crate) fn claim_type_name(&mut self, base: &str) -> String {
        self.type_names.claim(base)
    }

    pub(crate) fn type_name(&self, id: TypeId) -> &str {
        &self.api.types[id.0].name
    }

    pub(crate) fn error(&mut self, place: &Place, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(place.location(), message));
    }

    pub(crate) fn warn(&mut self, place: &Place, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(place.location(), message));
    }

    pub(crate) fn set_operations(&mut self, operations: Vec<crate::ir::Operation>) {
        self.api.operations = operations;
    }

    fn finish(self) -> Api {
        self.api
    }
}

/// A scalar's text (`3.0.3`, `4.17.2`, `2.0`), whatever YAML read it as.
pub(crate) fn scalar_text(node: &Node) -> String {
    match node {
        Node::String(s) => s.clone(),
        Node::Number(n) => n.to_string(),
        Node::Bool(b) => b.to_string(),
        Node::Null | Node::Array(_) | Node::Object(_) => String::new(),
    }
}

/// Doc lines from a schema's `title` and `description`.
pub(crate) fn doc_lines(node: &Node) -> Vec<String> {
    doc_lines_of(node, "title", "description")
}

/// Doc lines from two text keys of a node (`title`/`description`, `summary`/`description`), with
/// a blank line between them, lines trimmed at the end and tabs expanded.
pub(crate) fn doc_lines_of(node: &Node, first: &str, second: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for key in [first, second] {
        let Some(text) = node.get(key).and_then(Node::as_str) else { continue };
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(text.trim().lines().map(|l| l.trim_end().replace('\t', "    ")));
    }
    lines
}
