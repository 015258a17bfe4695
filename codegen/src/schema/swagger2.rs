//! Swagger 2.0 → OpenAPI 3.0, on [`Node`] trees, before lowering: what lowering reads is then one
//! model whatever the document's version.
//!
//! `definitions`, `responses` and `securityDefinitions` move under `components`; every operation's
//! `body` and `formData` parameters become its `requestBody`, the rest get a `schema` and a
//! `style`/`explode` from `collectionFormat`; response `schema`s go under `content`, one entry per
//! `produces` media type; `host`, `basePath` and `schemes` become `servers`. Parameters reached
//! through a `$ref` are copied in, their own `$ref`s rebased onto the converted file. References
//! into the document keep their 2.0 pointers (`#/definitions/X`): [`forward`] maps
//! them at resolution. A fact that has no OpenAPI 3 form is a warning at its 2.0 place.

use std::collections::BTreeMap;

use super::{Document, Place, reference_file, split_pointer};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::schema::Node;

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

/// Where the top-level sections of a converted document went: 2.0 pointer prefix → 3.0 one.
const MOVES: &[(&str, &str)] = &[
    ("/definitions", "/components/schemas"),
    ("/responses", "/components/responses"),
    ("/securityDefinitions", "/components/securitySchemes"),
];

/// A 2.0 pointer into a converted document (`/definitions/X`) → where that node is now.
pub(crate) fn forward(pointer: &str) -> String {
    moved(pointer, MOVES.iter().map(|(old, new)| (*old, *new)))
}

/// A pointer into a converted document → the 2.0 place it came from, for diagnostics.
pub(crate) fn backward(pointer: &str) -> String {
    moved(pointer, MOVES.iter().map(|(old, new)| (*new, *old)))
}

fn moved<'a>(pointer: &str, mut moves: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    moves
        .find_map(|(from, to)| {
            let rest = pointer.strip_prefix(from)?;
            (rest.is_empty() || rest.starts_with('/')).then(|| format!("{to}{rest}"))
        })
        .unwrap_or_else(|| pointer.to_owned())
}

/// True for a Swagger 2.0 root document.
pub(crate) fn is_swagger2(root: &Node) -> bool {
    root.get("swagger").is_some() && root.get("openapi").is_none()
}

/// Converts the Swagger 2.0 document `file`; `documents` resolves the `$ref`s of parameters.
pub(crate) fn convert(
    file: &str,
    documents: &BTreeMap<String, Document>,
    diagnostics: &mut Diagnostics,
) -> Option<Node> {
    let root = &documents.get(file)?.root;
    let mut converter = Converter { file, documents, diagnostics };
    Some(converter.document(root))
}

struct Converter<'a> {
    file: &'a str,
    documents: &'a BTreeMap<String, Document>,
    diagnostics: &'a mut Diagnostics,
}

impl Converter<'_> {
    fn warn(&mut self, place: &Place, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(place.location(), message));
    }

    fn document(&mut self, root: &Node) -> Node {
        let here = Place::root(self.file);
        let global_consumes = media_list(root.get("consumes"));
        let global_produces = media_list(root.get("produces"));
        let mut out = vec![("openapi".to_owned(), Node::String("3.0.3".to_owned()))];
        let mut components = Vec::new();
        for (key, value) in root.entries().unwrap_or_default() {
            match key.as_str() {
                "swagger" | "host" | "basePath" | "schemes" | "consumes" | "produces" => {}
                "definitions" => components.push(("schemas".to_owned(), schemas(value))),
                "responses" => {
                    let converted = map_entries(value, |name, response| {
                        self.response(&here.child("responses").child(name), response, &global_produces)
                    });
                    components.push(("responses".to_owned(), converted));
                }
                "securityDefinitions" => {
                    let converted = map_entries(value, |name, scheme| {
                        self.security_scheme(&here.child("securityDefinitions").child(name), scheme)
                    });
                    components.push(("securitySchemes".to_owned(), converted));
                }
                // Top-level parameters are copied into each operation that refers to them.
                "parameters" => {}
                "paths" => {
                    let paths = map_entries(value, |path, item| {
                        self.path_item(&here.child("paths").child(path), item, &global_consumes, &global_produces)
                    });
                    out.push(("paths".to_owned(), paths));
                }
                _ => out.push((key.clone(), value.clone())),
            }
        }
        if let Some(server) = server_url(root) {
            out.push((
                "servers".to_owned(),
                Node::Array(vec![Node::Object(vec![("url".to_owned(), Node::String(server))])]),
            ));
        }
        if !components.is_empty() {
            out.push(("components".to_owned(), Node::Object(components)));
        }
        Node::Object(out)
    }

    fn path_item(&mut self, place: &Place, item: &Node, consumes: &[String], produces: &[String]) -> Node {
        if item.get("$ref").is_some() {
            return item.clone();
        }
        let shared = item.get("parameters").and_then(Node::items).unwrap_or_default();
        let mut out = Vec::new();
        for (key, value) in item.entries().unwrap_or_default() {
            if METHODS.contains(&key.as_str()) {
                let operation =
                    self.operation(&place.child(key), value, shared, &place.child("parameters"), consumes, produces);
                out.push((key.clone(), operation));
            } else if key != "parameters" {
                out.push((key.clone(), value.clone()));
            }
        }
        Node::Object(out)
    }

    fn operation(
        &mut self,
        place: &Place,
        node: &Node,
        shared: &[Node],
        shared_place: &Place,
        consumes: &[String],
        produces: &[String],
    ) -> Node {
        let consumes = node.get("consumes").map_or_else(|| consumes.to_vec(), |list| media_list(Some(list)));
        let produces = node.get("produces").map_or_else(|| produces.to_vec(), |list| media_list(Some(list)));
        // Path-level parameters first; an operation's own replaces one with the same name and place.
        let mut parameters: Vec<(Place, Node)> = Vec::new();
        let own = node.get("parameters").and_then(Node::items).unwrap_or_default();
        let listed = shared.iter().enumerate().map(|(i, p)| (shared_place.child(&i.to_string()), p));
        let listed =
            listed.chain(own.iter().enumerate().map(|(i, p)| (place.child("parameters").child(&i.to_string()), p)));
        for (at, parameter) in listed {
            let Some((at, parameter)) = self.deref(&at, parameter) else { continue };
            let key = |p: &Node| (p.get("name").cloned(), p.get("in").cloned());
            parameters.retain(|(_, p)| key(p) != key(&parameter));
            parameters.push((at, parameter));
        }
        let mut out = Vec::new();
        for (key, value) in node.entries().unwrap_or_default() {
            match key.as_str() {
                "parameters" | "consumes" | "produces" => {}
                "schemes" => self.warn(
                    &place.child("schemes"),
                    "per-operation `schemes` are not kept: every call goes to the client's base URL",
                ),
                "responses" => {
                    let responses = map_entries(value, |status, response| {
                        self.response(&place.child("responses").child(status), response, &produces)
                    });
                    out.push((key.clone(), responses));
                }
                _ => out.push((key.clone(), value.clone())),
            }
        }
        let mut converted = Vec::new();
        let mut body = None;
        let mut form: Vec<(Place, Node)> = Vec::new();
        for (at, parameter) in parameters {
            match parameter.get("in").and_then(Node::as_str) {
                Some("body") => body = Some((at, parameter)),
                Some("formData") => form.push((at, parameter)),
                _ => converted.push(self.parameter(&at, &parameter)),
            }
        }
        if !converted.is_empty() {
            out.push(("parameters".to_owned(), Node::Array(converted)));
        }
        if let Some(request_body) = self.request_body(body, &form, &consumes) {
            out.push(("requestBody".to_owned(), request_body));
        }
        Node::Object(out)
    }

    /// A parameter as written, or the one its `$ref` names, rebased onto the converted file.
    fn deref(&mut self, place: &Place, parameter: &Node) -> Option<(Place, Node)> {
        let Some(reference) = parameter.get("$ref").and_then(Node::as_str) else {
            return Some((place.clone(), parameter.clone()));
        };
        let file = match reference_file(&place.file, reference) {
            Ok(file) => file.unwrap_or_else(|| place.file.clone()),
            Err(_) => return Some((place.clone(), parameter.clone())),
        };
        let fragment = reference.split_once('#').map_or("", |(_, fragment)| fragment);
        let target = self.documents.get(&file).zip(split_pointer(fragment)).and_then(|(d, s)| d.root.lookup(&s));
        match target {
            Some(target) => {
                Some((Place { file: file.clone(), pointer: fragment.to_owned() }, rebase(target, &file, self.file)))
            }
            // Lowering reports the dangling reference where it stands.
            None => Some((place.clone(), parameter.clone())),
        }
    }

    /// A query, path or header parameter: its type words become its `schema`, its
    /// `collectionFormat` a `style` and `explode`.
    fn parameter(&mut self, place: &Place, parameter: &Node) -> Node {
        if parameter.get("$ref").is_some() {
            return parameter.clone();
        }
        // What describes the parameter stays on it; the rest describes its value.
        let on_parameter = |key: &str| {
            matches!(key, "name" | "in" | "description" | "required" | "deprecated" | "allowEmptyValue")
                || key.starts_with("x-")
        };
        let mut out: Vec<(String, Node)> =
            parameter.entries().unwrap_or_default().iter().filter(|(key, _)| on_parameter(key)).cloned().collect();
        let schema = value_schema(parameter, on_parameter);
        let location = parameter.get("in").and_then(Node::as_str).unwrap_or_default();
        let is_array = parameter.get("type").and_then(Node::as_str) == Some("array");
        if is_array {
            let format = parameter.get("collectionFormat").and_then(Node::as_str).unwrap_or("csv");
            let (style, explode) = match format {
                "multi" if location == "query" => ("form", true),
                "ssv" if location == "query" => ("spaceDelimited", false),
                "pipes" if location == "query" => ("pipeDelimited", false),
                "csv" => (if location == "query" { "form" } else { "simple" }, false),
                other => {
                    self.warn(
                        &place.child("collectionFormat"),
                        format!("`collectionFormat: {other}` has no OpenAPI 3 form for a {location} parameter; the values are sent comma-separated"),
                    );
                    (if location == "query" { "form" } else { "simple" }, false)
                }
            };
            out.push(("style".to_owned(), Node::String(style.to_owned())));
            out.push(("explode".to_owned(), Node::Bool(explode)));
        }
        if location == "path" && !parameter.get("required").is_some_and(Node::is_true) {
            out.push(("required".to_owned(), Node::Bool(true)));
        }
        out.push(("schema".to_owned(), schema));
        Node::Object(out)
    }

    /// The `body` parameter, or the `formData` ones as the properties of one object.
    fn request_body(
        &mut self,
        body: Option<(Place, Node)>,
        form: &[(Place, Node)],
        consumes: &[String],
    ) -> Option<Node> {
        let (schema, media, required, description) = if let Some((at, body)) = body {
            if !form.is_empty() {
                self.warn(
                    &at,
                    "an operation with both a `body` and `formData` parameters: the form fields are dropped",
                );
            }
            let schema = body.get("schema").map_or(Node::Object(Vec::new()), schema_node);
            (
                schema,
                consumes.to_vec(),
                body.get("required").is_some_and(Node::is_true),
                body.get("description").cloned(),
            )
        } else if !form.is_empty() {
            let mut properties = Vec::new();
            let mut required = Vec::new();
            for (_, field) in form {
                let Some(name) = field.get("name").and_then(Node::as_str) else { continue };
                if field.get("required").is_some_and(Node::is_true) {
                    required.push(Node::String(name.to_owned()));
                }
                properties
                    .push((name.to_owned(), value_schema(field, |key| matches!(key, "name" | "in" | "required"))));
            }
            let has_file = form.iter().any(|(_, f)| f.get("type").and_then(Node::as_str) == Some("file"));
            let multipart = has_file || consumes.iter().any(|m| m == "multipart/form-data");
            let media = if multipart { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
            let mut schema = vec![("type".to_owned(), Node::String("object".to_owned()))];
            schema.push(("properties".to_owned(), Node::Object(properties)));
            let any_required = !required.is_empty();
            if any_required {
                schema.push(("required".to_owned(), Node::Array(required)));
            }
            (Node::Object(schema), vec![media.to_owned()], any_required, None)
        } else {
            return None;
        };
        let mut out = Vec::new();
        if let Some(description) = description {
            out.push(("description".to_owned(), description));
        }
        out.push(("content".to_owned(), content(&media, &schema)));
        out.push(("required".to_owned(), Node::Bool(required)));
        Some(Node::Object(out))
    }

    fn response(&mut self, place: &Place, response: &Node, produces: &[String]) -> Node {
        if response.get("$ref").is_some() {
            return response.clone();
        }
        let mut out = Vec::new();
        for (key, value) in response.entries().unwrap_or_default() {
            match key.as_str() {
                "schema" | "examples" => {}
                "headers" => {
                    let headers = map_entries(value, |_, header| {
                        let mut converted: Vec<(String, Node)> = header
                            .get("description")
                            .map_or_else(Vec::new, |d| vec![("description".to_owned(), d.clone())]);
                        converted.push(("schema".to_owned(), value_schema(header, |key| key == "description")));
                        Node::Object(converted)
                    });
                    out.push((key.clone(), headers));
                }
                _ => out.push((key.clone(), value.clone())),
            }
        }
        let examples = response.get("examples").and_then(Node::entries).unwrap_or_default();
        match response.get("schema") {
            Some(schema) => {
                let mut content = content(produces, &schema_node(schema));
                for (media, example) in examples {
                    let entry = content.entries_mut().and_then(|entries| entries.iter_mut().find(|(m, _)| m == media));
                    match entry.and_then(|(_, entry)| entry.entries_mut()) {
                        Some(fields) => fields.push(("example".to_owned(), example.clone())),
                        None => self.warn(
                            &place.child("examples").child(media),
                            format!("an example for `{media}`, which the operation does not produce, is dropped"),
                        ),
                    }
                }
                out.push(("content".to_owned(), content));
            }
            None if !examples.is_empty() => {
                self.warn(&place.child("examples"), "the examples of a response without a `schema` are dropped");
            }
            None => {}
        }
        if response.get("description").is_none() {
            self.warn(place, "a response without a `description`");
        }
        Node::Object(out)
    }

    fn security_scheme(&mut self, place: &Place, scheme: &Node) -> Node {
        let kind = scheme.get("type").and_then(Node::as_str).unwrap_or_default();
        let text = |s: &str| Node::String(s.to_owned());
        let mut out: Vec<(String, Node)> = Vec::new();
        match kind {
            "basic" => {
                out.push(("type".to_owned(), text("http")));
                out.push(("scheme".to_owned(), text("basic")));
            }
            "oauth2" => {
                let flow = match scheme.get("flow").and_then(Node::as_str) {
                    Some("accessCode") => "authorizationCode",
                    Some("application") => "clientCredentials",
                    Some(other @ ("implicit" | "password")) => other,
                    other => {
                        self.warn(
                            &place.child("flow"),
                            format!("unknown OAuth2 flow `{}`; read as `implicit`", other.unwrap_or_default()),
                        );
                        "implicit"
                    }
                };
                let mut details = Vec::new();
                for key in ["authorizationUrl", "tokenUrl", "scopes"] {
                    if let Some(value) = scheme.get(key) {
                        details.push((key.to_owned(), value.clone()));
                    }
                }
                if scheme.get("scopes").is_none() {
                    details.push(("scopes".to_owned(), Node::Object(Vec::new())));
                }
                out.push(("type".to_owned(), text("oauth2")));
                out.push(("flows".to_owned(), Node::Object(vec![(flow.to_owned(), Node::Object(details))])));
            }
            _ => {
                for (key, value) in scheme.entries().unwrap_or_default() {
                    out.push((key.clone(), value.clone()));
                }
                return Node::Object(out);
            }
        }
        if let Some(description) = scheme.get("description") {
            out.push(("description".to_owned(), description.clone()));
        }
        Node::Object(out)
    }
}

/// `scheme://host/basePath` (the first scheme; `https` when none is given).
fn server_url(root: &Node) -> Option<String> {
    let host = root.get("host").and_then(Node::as_str);
    let base = root.get("basePath").and_then(Node::as_str).unwrap_or("");
    let scheme =
        root.get("schemes").and_then(Node::items).and_then(|s| s.first()).and_then(Node::as_str).unwrap_or("https");
    match host {
        Some(host) => Some(format!("{scheme}://{host}{base}")),
        None if !base.is_empty() => Some(base.to_owned()),
        None => None,
    }
}

/// A `content` map: the same schema under each media type (`application/json` when none is given).
fn content(media: &[String], schema: &Node) -> Node {
    let entry = || Node::Object(vec![("schema".to_owned(), schema.clone())]);
    if media.is_empty() {
        return Node::Object(vec![("application/json".to_owned(), entry())]);
    }
    Node::Object(media.iter().map(|m| (m.clone(), entry())).collect())
}

/// The schema of a parameter's, header's or form field's value: its keys but those `describes`
/// claims for the holder, without `collectionFormat` or `allowEmptyValue`, in 3.0 words.
fn value_schema(node: &Node, describes: impl Fn(&str) -> bool) -> Node {
    let entries = node
        .entries()
        .unwrap_or_default()
        .iter()
        .filter(|(key, _)| !describes(key) && key != "collectionFormat" && key != "allowEmptyValue");
    let schema = entries.map(|(key, value)| (key.clone(), if key == "items" { items(value) } else { value.clone() }));
    schema_node(&Node::Object(schema.collect()))
}

fn media_list(node: Option<&Node>) -> Vec<String> {
    node.and_then(Node::items).unwrap_or_default().iter().filter_map(Node::as_str).map(str::to_owned).collect()
}

fn map_entries(node: &Node, mut convert: impl FnMut(&str, &Node) -> Node) -> Node {
    match node.entries() {
        Some(entries) => Node::Object(entries.iter().map(|(key, value)| (key.clone(), convert(key, value))).collect()),
        None => node.clone(),
    }
}

fn schemas(definitions: &Node) -> Node {
    map_entries(definitions, |_, schema| schema_node(schema))
}

/// A parameter's `items`: a schema without `collectionFormat`.
fn items(node: &Node) -> Node {
    match node {
        Node::Object(entries) => Node::Object(
            entries
                .iter()
                .filter(|(k, _)| k != "collectionFormat")
                .map(|(k, v)| (k.clone(), items_or_schema(k, v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn items_or_schema(key: &str, value: &Node) -> Node {
    if key == "items" { items(value) } else { schema_node(value) }
}

/// A 2.0 schema in 3.0 words: `x-nullable` → `nullable`, `type: file` → binary string,
/// `discriminator: name` → `discriminator: {propertyName: name}`. Everything below is converted too.
fn schema_node(node: &Node) -> Node {
    match node {
        Node::Object(entries) => {
            let mut out = Vec::with_capacity(entries.len());
            for (key, value) in entries {
                match (key.as_str(), value) {
                    ("x-nullable", value) => out.push(("nullable".to_owned(), value.clone())),
                    ("type", Node::String(t)) if t == "file" => {
                        out.push(("type".to_owned(), Node::String("string".to_owned())));
                        out.push(("format".to_owned(), Node::String("binary".to_owned())));
                    }
                    ("discriminator", Node::String(name)) => out.push((
                        "discriminator".to_owned(),
                        Node::Object(vec![("propertyName".to_owned(), Node::String(name.clone()))]),
                    )),
                    (_, value) => out.push((key.clone(), schema_node(value))),
                }
            }
            Node::Object(out)
        }
        Node::Array(items) => Node::Array(items.iter().map(schema_node).collect()),
        other => other.clone(),
    }
}

/// A copy of `node` (found in `from`) whose `$ref`s still point where they did once it is placed
/// in `into`.
fn rebase(node: &Node, from: &str, into: &str) -> Node {
    if from == into {
        return node.clone();
    }
    match node {
        Node::Object(entries) => Node::Object(
            entries
                .iter()
                .map(|(key, value)| match (key.as_str(), value) {
                    ("$ref", Node::String(reference)) => {
                        (key.clone(), Node::String(rebase_reference(reference, from, into)))
                    }
                    _ => (key.clone(), rebase(value, from, into)),
                })
                .collect(),
        ),
        Node::Array(items) => Node::Array(items.iter().map(|item| rebase(item, from, into)).collect()),
        other => other.clone(),
    }
}

/// A reference written in `from`, rewritten to mean the same from `into`.
fn rebase_reference(reference: &str, from: &str, into: &str) -> String {
    let Ok(target) = reference_file(from, reference) else { return reference.to_owned() };
    let target = target.unwrap_or_else(|| from.to_owned());
    let fragment = reference.split_once('#').map_or(String::new(), |(_, f)| format!("#{f}"));
    if target == into {
        return fragment;
    }
    let base: Vec<&str> = into.rsplit_once('/').map_or_else(Vec::new, |(dir, _)| dir.split('/').collect());
    let parts: Vec<&str> = target.split('/').collect();
    let common = base.iter().zip(&parts).take_while(|(a, b)| a == b).count();
    let mut path: Vec<&str> = std::iter::repeat_n("..", base.len() - common).collect();
    path.extend(&parts[common..]);
    format!("{}{fragment}", path.join("/"))
}
