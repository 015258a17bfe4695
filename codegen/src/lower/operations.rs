//! Operations: every `paths` entry of the root document → [`Operation`]s with typed parameters,
//! bodies and responses.
//!
//! Path items may be `$ref`s (to `components/pathItems` in another file, or to `#/x-fragment/…`);
//! so may operations, parameters, request bodies and responses. Operations without an `operationId`, or with
//! one another operation already uses, still get a unique method name, with a warning.

use super::{Lowerer, doc_lines, doc_lines_of};
use crate::diagnostics::Diagnostic;
use crate::ir::{Body, Operation, Parameter, ParameterLocation, ParameterStyle, Response, TypeRef};
use crate::naming::{self, Scope};
use crate::schema::{Node, Place};

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options", "trace"];

impl Lowerer<'_> {
    /// Lowers the `paths` of the root document (the file with an `openapi` key).
    pub(super) fn lower_operations(&mut self) {
        let Some(root) =
            self.workspace.documents().find(|(_, d)| d.root.get("openapi").is_some()).map(|(name, _)| name.to_owned())
        else {
            return;
        };
        let paths_place = Place::root(&root).child("paths");
        let Some(paths) = self.workspace.node(&paths_place).cloned() else { return };
        let Some(entries) = paths.entries() else {
            if !matches!(paths, Node::Null) {
                self.error(&paths_place, format!("`paths` must be a mapping, found {}", paths.kind()));
            }
            return;
        };
        // The generated `Client` has `new` and `http` of its own.
        let mut names = Scope::with_reserved(&["new", "http"]);
        let mut operations = Vec::new();
        for (path, _) in entries {
            let Some((item_place, item)) = self.follow(&paths_place.child(path)) else { continue };
            let shared = self.parameters(&item_place.child("parameters"), item.get("parameters"), "");
            for method in METHODS {
                if item.get(method).is_none() {
                    continue;
                }
                // An operation may itself be a `$ref` to a file of its own (DigitalOcean's 650).
                let Some((place, operation)) = self.follow(&item_place.child(method)) else { continue };
                if let Some(operation) = self.operation(path, method, &place, &operation, &shared, &mut names) {
                    operations.push(operation);
                }
            }
        }
        operations.sort_by(|a, b| (&a.path, method_rank(&a.method)).cmp(&(&b.path, method_rank(&b.method))));
        self.set_operations(operations);
    }

    /// Follows `$ref`s from a place to the node they end at, reporting what cannot be followed.
    fn follow(&mut self, place: &Place) -> Option<(Place, Node)> {
        let mut place = place.clone();
        let mut seen = Vec::new();
        loop {
            let node = self.workspace.node(&place)?.clone();
            let Some(reference) = node.get("$ref").and_then(Node::as_str) else { return Some((place, node)) };
            if seen.contains(&place) {
                self.error(&place, "a chain of `$ref`s leads back to itself");
                return None;
            }
            seen.push(place.clone());
            match self.workspace.resolve(&place, reference) {
                Ok(target) => place = target,
                Err(diagnostic) => {
                    self.diagnostics.push(diagnostic);
                    return None;
                }
            }
        }
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        place: &Place,
        node: &Node,
        shared: &[Parameter],
        names: &mut Scope,
    ) -> Option<Operation> {
        if !matches!(node, Node::Object(_)) {
            self.error(place, format!("an operation must be a mapping, found {}", node.kind()));
            return None;
        }
        let synthesized = || format!("{method} {path}");
        let operation_id = match node.get("operationId") {
            Some(Node::String(id)) if !id.trim().is_empty() => id.trim().to_owned(),
            _ => {
                self.warn(place, format!("no `operationId`; the method is named from `{}`", synthesized()));
                synthesized()
            }
        };
        let base = naming::snake(&operation_id);
        if names.is_taken(&base) {
            self.warn(
                &place.child("operationId"),
                format!("`operationId: {operation_id}` is used by another operation too"),
            );
        }
        let name = names.claim(&base);
        let hint = naming::camel(&operation_id);
        let mut parameters = shared.to_vec();
        for parameter in self.parameters(&place.child("parameters"), node.get("parameters"), &hint) {
            // An operation's parameter replaces a path-level one with the same name and location.
            parameters.retain(|p| !(p.wire == parameter.wire && p.location == parameter.location));
            parameters.push(parameter);
        }
        self.match_path_template(path, place, &mut parameters);
        // Parameters become arguments (or fields of the params struct) side by side: names must be
        // unique across locations (a path `id` and a query `id`), and not the method's own.
        let mut argument_names = Scope::with_reserved(&["params", "body", "request", "self"]);
        for parameter in &mut parameters {
            parameter.name = argument_names.claim(&parameter.name);
        }
        let docs = doc_lines_of(node, "summary", "description");
        let body = self.request_body(&place.child("requestBody"), &hint);
        let responses = self.responses(&place.child("responses"), &hint);
        let has_optional = parameters.iter().any(|p| !p.required && p.location != ParameterLocation::Path);
        let params_struct = has_optional.then(|| self.claim_type_name(&format!("{hint}Params")));
        let by_status = has_bodies_by_status(&responses).then(|| self.claim_type_name(&format!("{hint}Answer")));
        Some(Operation {
            name,
            operation_id,
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            docs,
            deprecated: node.get("deprecated").is_some_and(Node::is_true),
            parameters,
            body,
            responses,
            params_struct,
            by_status,
        })
    }

    /// Makes the path parameters agree with the path template: a `{name}` nobody declared gets a
    /// string parameter (specs forget them; the call could not be made without one), and a
    /// declared path parameter the template does not use is dropped. Both with a warning.
    fn match_path_template(&mut self, path: &str, place: &Place, parameters: &mut Vec<Parameter>) {
        let mut names = Scope::default();
        for parameter in parameters.iter() {
            names.claim(&parameter.name);
        }
        let placeholders: Vec<&str> =
            path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect();
        for placeholder in &placeholders {
            if !parameters.iter().any(|p| p.location == ParameterLocation::Path && p.wire == *placeholder) {
                self.warn(
                    place,
                    format!(
                        "the path has `{{{placeholder}}}` but no path parameter of that name; one is added as a string"
                    ),
                );
                parameters.push(Parameter {
                    name: names.claim(&naming::snake(placeholder)),
                    wire: (*placeholder).to_owned(),
                    location: ParameterLocation::Path,
                    required: true,
                    ty: TypeRef::Scalar(crate::ir::Scalar::String),
                    style: ParameterStyle::Simple,
                    explode: false,
                    docs: vec![format!("`{{{placeholder}}}` in the path (not declared by the schema).")],
                    deprecated: false,
                });
            }
        }
        let unused: Vec<String> = parameters
            .iter()
            .filter(|p| p.location == ParameterLocation::Path && !placeholders.contains(&p.wire.as_str()))
            .map(|p| p.wire.clone())
            .collect();
        for wire in unused {
            self.warn(place, format!("path parameter `{wire}` is not in the path `{path}`; it is dropped"));
            parameters.retain(|p| !(p.location == ParameterLocation::Path && p.wire == wire));
        }
        // Path parameters come first, in the order of the path.
        parameters.sort_by_key(|p| match p.location {
            ParameterLocation::Path => placeholders.iter().position(|name| *name == p.wire).unwrap_or(usize::MAX),
            _ => usize::MAX,
        });
    }

    fn parameters(&mut self, place: &Place, list: Option<&Node>, hint: &str) -> Vec<Parameter> {
        let Some(list) = list else { return Vec::new() };
        let Some(items) = list.items() else {
            if !matches!(list, Node::Null) {
                self.error(place, format!("`parameters` must be a list, found {}", list.kind()));
            }
            return Vec::new();
        };
        let mut names = Scope::default();
        let mut parameters: Vec<Parameter> = Vec::new();
        for index in 0..items.len() {
            let Some((param_place, param)) = self.follow(&place.child(&index.to_string())) else { continue };
            let Some(wire) = param.get("name").and_then(Node::as_str).map(str::to_owned) else {
                self.error(&param_place, "a parameter needs a `name`");
                continue;
            };
            let location = match param.get("in").and_then(Node::as_str) {
                Some("path") => ParameterLocation::Path,
                Some("query") => ParameterLocation::Query,
                Some("header") => ParameterLocation::Header,
                Some("cookie") => {
                    self.warn(
                        &param_place,
                        format!("cookie parameter `{wire}` is not sent: cookies are not supported"),
                    );
                    ParameterLocation::Cookie
                }
                other => {
                    self.error(
                        &param_place.child("in"),
                        format!("`in` must be path, query, header or cookie, found {other:?}"),
                    );
                    continue;
                }
            };
            // OpenAPI: header parameters named Accept, Content-Type or Authorization are ignored;
            // the runtime sends those, and `client_id`, itself.
            let owned_by_runtime = match location {
                ParameterLocation::Header => ["accept", "content-type", "authorization", "x-introspect-realm"]
                    .contains(&wire.to_ascii_lowercase().as_str()),
                ParameterLocation::Query => wire == "client_id",
                _ => false,
            };
            if owned_by_runtime {
                self.warn(
                    &param_place,
                    format!("parameter `{wire}` is ignored: the client runtime sends it on every call"),
                );
                continue;
            }
            if location == ParameterLocation::Header && !is_header_name(&wire) {
                self.warn(&param_place, format!("header parameter {wire:?} is not a valid header name; it is ignored"));
                continue;
            }
            if parameters.iter().any(|p| p.wire == wire && p.location == location) {
                self.warn(&param_place, format!("parameter `{wire}` is declared twice; the first declaration is used"));
                continue;
            }
            let ty = if param.get("schema").is_some() {
                self.type_of(&param_place.child("schema"), &format!("{hint}{}", naming::camel(&wire)))
            } else {
                TypeRef::Scalar(crate::ir::Scalar::String)
            };
            let style = self.style(&param_place, &param, location);
            let explode = param.get("explode").map_or(style == ParameterStyle::Form, Node::is_true);
            parameters.push(Parameter {
                name: names.claim(&naming::snake(&wire)),
                wire,
                location,
                required: location == ParameterLocation::Path || param.get("required").is_some_and(Node::is_true),
                ty,
                style,
                explode,
                docs: doc_lines(&param),
                deprecated: param.get("deprecated").is_some_and(Node::is_true),
            });
        }
        parameters
    }

    /// A parameter's `style`: the location's default, or one the runtime lays out for it; any
    /// other (`label` and `matrix` paths, a `form` header) is sent in the default, with a warning.
    fn style(&mut self, place: &Place, param: &Node, location: ParameterLocation) -> ParameterStyle {
        let default = if location == ParameterLocation::Query { ParameterStyle::Form } else { ParameterStyle::Simple };
        let Some(written) = param.get("style").and_then(Node::as_str) else { return default };
        let style = match written {
            "simple" => Some(ParameterStyle::Simple),
            "form" => Some(ParameterStyle::Form),
            "spaceDelimited" => Some(ParameterStyle::SpaceDelimited),
            "pipeDelimited" => Some(ParameterStyle::PipeDelimited),
            "deepObject" => Some(ParameterStyle::DeepObject),
            _ => None,
        };
        let fits = |style: ParameterStyle| match location {
            ParameterLocation::Query => style != ParameterStyle::Simple,
            ParameterLocation::Path | ParameterLocation::Header | ParameterLocation::Cookie => {
                style == ParameterStyle::Simple
            }
        };
        if let Some(style) = style.filter(|style| fits(*style)) {
            return style;
        }
        let default_name = if default == ParameterStyle::Form { "form" } else { "simple" };
        self.warn(
            &place.child("style"),
            format!("`style: {written}` is not laid out for this parameter; it is sent in `{default_name}` style"),
        );
        default
    }

    fn request_body(&mut self, place: &Place, hint: &str) -> Option<Body> {
        self.workspace.node(place)?;
        let (body_place, body) = self.follow(place)?;
        let content = self.content(&body_place.child("content"), body.get("content"), &format!("{hint}Body"));
        let (content_type, ty) = content.into_iter().min_by_key(|(media, _)| !media.contains("json"))?;
        Some(Body { content_type, ty, required: body.get("required").is_some_and(Node::is_true) })
    }

    fn responses(&mut self, place: &Place, hint: &str) -> Vec<Response> {
        let Some(node) = self.workspace.node(place).cloned() else { return Vec::new() };
        let Some(entries) = node.entries() else {
            self.error(place, format!("`responses` must be a mapping, found {}", node.kind()));
            return Vec::new();
        };
        let mut responses = Vec::new();
        for (status, _) in entries {
            let valid = status == "default"
                || (status.len() == 3 && status.chars().all(|c| c.is_ascii_digit() || c == 'X' || c == 'x'));
            if !valid {
                self.warn(&place.child(status), format!("`{status}` is not a status code; the response is ignored"));
                continue;
            }
            let Some((response_place, response)) = self.follow(&place.child(status)) else { continue };
            let suffix = if status == "default" { "Default".to_owned() } else { status.to_ascii_uppercase() };
            let content = self.content(
                &response_place.child("content"),
                response.get("content"),
                &format!("{hint}Response{suffix}"),
            );
            responses.push(Response {
                status: status.to_ascii_uppercase().replace("DEFAULT", "default"),
                docs: doc_lines(&response),
                content,
            });
        }
        responses.sort_by(|a, b| a.status.cmp(&b.status));
        responses
    }

    /// A `content` map: media type (trimmed) → the type of its schema.
    fn content(&mut self, place: &Place, content: Option<&Node>, hint: &str) -> Vec<(String, TypeRef)> {
        let Some(entries) = content.and_then(Node::entries) else { return Vec::new() };
        let mut out: Vec<(String, TypeRef)> = Vec::new();
        for (media, value) in entries {
            let trimmed = media.trim().to_owned();
            if trimmed != *media {
                self.diagnostics.push(Diagnostic::warning(
                    place.child(media).location(),
                    format!("media type {media:?} has stray spaces; read as {trimmed:?}"),
                ));
            }
            let ty = if value.get("schema").is_some() {
                self.type_of(&place.child(media).child("schema"), hint)
            } else {
                TypeRef::Scalar(crate::ir::Scalar::Json)
            };
            if !out.iter().any(|(m, _)| *m == trimmed) {
                out.push((trimmed, ty));
            }
        }
        out.sort();
        out
    }
}

/// True when two successes have different JSON bodies: the status then says which type to read.
fn has_bodies_by_status(responses: &[Response]) -> bool {
    let mut bodies = responses.iter().filter(|r| r.is_success()).filter_map(Response::json_body);
    bodies.next().is_some_and(|first| bodies.any(|other| other != first))
}

/// An HTTP header name: one or more token characters (RFC 9110).
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn method_rank(method: &str) -> usize {
    METHODS.iter().position(|m| m.eq_ignore_ascii_case(method)).unwrap_or(METHODS.len())
}
