//! Emitting: [`ir::Api`](crate::ir::Api) → one token stream per output file. Paths are fully
//! qualified, so schema names such as `Option`, `Box` or `Result` cannot shadow what the generated
//! code means.

mod answers;
mod doc_text;
mod enums;
mod objects;
mod operations;

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Scalar, TypeDef, TypeKind, TypeRef};

/// One output file as the emitter makes it: inner attributes, then its top-level items, one group
/// at a time (a type and its impls, say). Groups are made only when the formatter calls for them,
/// so that a large API never holds the tokens of all its types at once, and they may be made on
/// any thread, in any order: each depends on the API alone.
pub struct File<'a> {
    /// The file's inner attributes (`#![doc]`, `#![allow]`).
    pub inner: TokenStream,
    /// The file's item groups, in output order; a group may be empty.
    pub items: Vec<Group<'a>>,
}

/// Makes one group of items.
pub type Group<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// A group made by `make`; `None` makes an empty group.
fn group<'a, T: Into<Option<TokenStream>>>(make: impl Fn() -> T + Send + Sync + 'a) -> Group<'a> {
    Box::new(move || make().into().unwrap_or_default())
}

/// The output files, by path relative to the output module's folder (`mod.rs`, `status.rs`, …).
pub fn emit(api: &Api) -> BTreeMap<String, File<'_>> {
    let mut files = BTreeMap::new();
    for (module, contents) in &api.modules {
        let defs: Vec<&TypeDef> = contents.types.iter().map(|id| &api.types[id.0]).collect();
        let uses_deprecated = defs.iter().any(|def| def.deprecated || has_deprecated_part(api, def));
        // Generated impls read deprecated fields and name deprecated types: that is the point of
        // decoding them, so the lint is silenced here; users still see it where they use them.
        let allow = uses_deprecated.then(|| quote! { #![allow(deprecated)] });
        // Descriptions are the schema authors' Markdown, copied as written; where they hold lists
        // or quotes, clippy's layout lints for hand-written docs would flag their indentation.
        let markdown = defs.iter().any(|def| has_markdown_blocks(def));
        let allow_markdown =
            markdown.then(|| quote! { #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)] });
        let items = defs.into_iter().map(|def| group(move || type_def(api, def))).collect();
        let module_doc = doc_attrs(&[format!("Types from `{}`.", contents.source)], true);
        let inner = quote! { #module_doc #allow #allow_markdown };
        files.insert(format!("{module}.rs"), File { inner, items });
    }
    if !api.operations.is_empty() {
        files.insert("client.rs".to_owned(), operations::client_file(api));
    }
    let mut api_docs = description(&api.docs);
    if api_docs.is_empty() {
        api_docs.push(match (&api.title, &api.version) {
            (Some(title), Some(version)) => format!("Types of {title} {version}."),
            (Some(title), None) => format!("Types of {title}."),
            _ => "Generated types.".to_owned(),
        });
    }
    api_docs.extend(operations_table(api));
    let inner_doc = doc_attrs(&api_docs, true);
    let allow_markdown = api_docs
        .iter()
        .any(|line| is_markdown_block(line))
        .then(|| quote! { #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)] });
    let inner = quote! { #inner_doc #allow_markdown };
    files.insert("mod.rs".to_owned(), File { inner, items: vec![group(|| module_declarations(api))] });
    files
}

/// `mod` for each type module (and `client`), then their re-exports.
fn module_declarations(api: &Api) -> TokenStream {
    let client = (!api.operations.is_empty()).then_some("client");
    let modules: Vec<Ident> = api.modules.keys().map(String::as_str).chain(client).map(ident).collect();
    quote! {
        #(mod #modules;)*
        #(pub use #modules::*;)*
    }
}

/// True when a type's or its fields' docs hold Markdown lists or block quotes.
fn has_markdown_blocks(def: &TypeDef) -> bool {
    let block = |line: &String| is_markdown_block(line);
    let field_docs = match &def.kind {
        TypeKind::Struct { fields } => fields.iter().flat_map(|f| f.docs.iter()).any(block),
        TypeKind::Enum { .. } | TypeKind::OneOf { .. } | TypeKind::Alias { .. } => false,
    };
    def.docs.iter().any(block) || field_docs
}

/// The documented surface: a table from each path and method to the types it answers with, so a
/// user finds their way without reading generated code.
fn operations_table(api: &Api) -> Vec<String> {
    if api.operations.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        String::new(),
        "# Operations".to_owned(),
        String::new(),
        "| Method | Path | operationId | Success | Request body |".to_owned(),
        "|---|---|---|---|---|".to_owned(),
    ];
    for operation in &api.operations {
        let declared_success = operation.responses.iter().any(|r| r.status.starts_with('2'));
        let success: Vec<String> = operation
            .responses
            .iter()
            .filter(|r| r.status.starts_with('2') || (!declared_success && r.status == "default"))
            .map(|r| match r.content.first() {
                None => format!("{} (no body)", r.status),
                Some((media, ty)) => format!("{} {} `{media}`", r.status, doc_type(api, ty)),
            })
            .collect();
        let body = operation.body.as_ref().map_or_else(String::new, |b| doc_type(api, &b.ty));
        let deprecated = if operation.deprecated { " (deprecated)" } else { "" };
        lines.push(format!(
            "| `{}` | `{}` | `{}`{deprecated} | {} | {body} |",
            operation.method,
            operation.path,
            operation.operation_id,
            success.join("<br>")
        ));
    }
    lines
}

/// How a type is named in docs: a link for generated types.
fn doc_type(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => format!("[`{0}`]", api.types[id.0].name),
        TypeRef::Vec(inner) => format!("array of {}", doc_type(api, inner)),
        TypeRef::Map(inner) => format!("map of {}", doc_type(api, inner)),
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => doc_type(api, inner),
        TypeRef::OneOrMany(inner) => format!("one or many {}", doc_type(api, inner)),
        TypeRef::Scalar(scalar) => format!("`{scalar:?}`"),
    }
}

/// A Markdown list item or block quote line.
fn is_markdown_block(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with('>')
        || line.split_once(". ").is_some_and(|(n, _)| n.parse::<u32>().is_ok())
}

/// A deprecated field, or a use of a deprecated type (from any module).
fn has_deprecated_part(api: &Api, def: &TypeDef) -> bool {
    match &def.kind {
        TypeKind::Struct { fields } => fields.iter().any(|f| f.deprecated || names_deprecated(api, &f.ty)),
        TypeKind::OneOf { variants, .. } => variants.iter().any(|v| names_deprecated(api, &v.ty)),
        TypeKind::Alias { target } => names_deprecated(api, target),
        TypeKind::Enum { .. } => false,
    }
}

fn names_deprecated(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => api.types[id.0].deprecated,
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::OneOrMany(inner)
        | TypeRef::Boxed(inner) => names_deprecated(api, inner),
        TypeRef::Scalar(_) => false,
    }
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct { fields } => objects::object(api, def, fields),
        TypeKind::Enum { variants, catch_all } => enums::open_enum(def, variants, catch_all),
        TypeKind::OneOf { variants, other } => enums::one_of(api, def, variants, other),
        TypeKind::Alias { target } => {
            let name = ident(&def.name);
            let docs = type_docs(def);
            let deprecated = deprecated_attr(def.deprecated);
            let target = rust_type(api, target);
            quote! { #docs #deprecated pub type #name = #target; }
        }
    }
}

/// An identifier from a name the naming module produced (`r#type` becomes a raw identifier).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// A schema description as doc lines: the authors' Markdown, with what rustdoc would take for
/// links, HTML or Rust examples escaped (see [`doc_text`]). Only descriptions go through here: the
/// generator's own lines link on purpose.
pub(crate) fn description(lines: &[String]) -> Vec<String> {
    doc_text::rustdoc_markdown(lines)
}

/// One `#[doc]` (or `#![doc]`) attribute per line; prettyplease prints them as `///` comments.
/// The lines are written as they are: a schema description goes through [`description`] first.
pub(crate) fn doc_attrs(lines: &[String], inner: bool) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        if inner {
            quote! { #![doc = #text] }
        } else {
            quote! { #[doc = #text] }
        }
    });
    quote! { #(#attrs)* }
}

/// The type's docs, with a last line naming where in the schema it comes from.
pub(crate) fn type_docs(def: &TypeDef) -> TokenStream {
    let mut lines = description(&def.docs);
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("Schema: `{}`.", def.origin));
    doc_attrs(&lines, false)
}

/// `#[lenient(rename = …, alias = …)]` when the wire name is not the Rust name or there are aliases.
pub(crate) fn wire_attr(rust_name: &str, wire: &str, aliases: &[String]) -> TokenStream {
    let rename = (rust_name.strip_prefix("r#").unwrap_or(rust_name) != wire).then(|| quote! { rename = #wire });
    let aliases = aliases.iter().map(|alias| quote! { alias = #alias });
    let parts: Vec<TokenStream> = rename.into_iter().chain(aliases).collect();
    if parts.is_empty() {
        TokenStream::new()
    } else {
        quote! { #[lenient(#(#parts),*)] }
    }
}

pub(crate) fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote! { #[deprecated] }
    } else {
        TokenStream::new()
    }
}

/// The fully qualified Rust type of a use of a type.
pub(crate) fn rust_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Scalar(scalar) => match scalar {
            Scalar::String => quote! { ::std::string::String },
            Scalar::Bool => quote! { bool },
            Scalar::I32 => quote! { i32 },
            Scalar::I64 => quote! { i64 },
            Scalar::U64 => quote! { u64 },
            Scalar::F64 => quote! { f64 },
            Scalar::Timestamp => quote! { ::client_runtime::Timestamp },
            Scalar::Duration => quote! { ::client_runtime::IsoDuration },
            Scalar::Json => quote! { ::client_runtime::serde_json::Value },
            Scalar::JsonObject => {
                quote! { ::client_runtime::serde_json::Map<::std::string::String, ::client_runtime::serde_json::Value> }
            }
        },
        TypeRef::Named(id) => {
            let name = ident(&api.types[id.0].name);
            quote! { super::#name }
        }
        TypeRef::Vec(inner) => {
            let inner = rust_type(api, inner);
            quote! { ::client_runtime::List<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(api, inner);
            quote! { ::client_runtime::Entries<#inner> }
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(api, inner);
            quote! { ::std::option::Option<#inner> }
        }
        TypeRef::OneOrMany(inner) => {
            let inner = rust_type(api, inner);
            quote! { ::client_runtime::OneOrMany<#inner> }
        }
        TypeRef::Boxed(inner) => {
            let inner = rust_type(api, inner);
            quote! { ::std::boxed::Box<#inner> }
        }
    }
}
