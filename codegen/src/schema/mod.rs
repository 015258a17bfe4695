//! Loading: schema files (YAML or JSON) → [`Node`] trees, and `$ref` resolution by JSON pointer across files.

mod node;
mod swagger2;

use std::collections::{BTreeMap, BTreeSet};

pub use node::{Node, escape_pointer_segment, split_pointer};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// Where schema text comes from. The generator does no file I/O of its own: the caller (the
/// xtask, a test) decides what a file name means. Names use `/` separators and are relative to
/// the schema folder; `$ref`s are resolved against them.
pub trait Sources {
    /// The bytes of a file, or a sentence saying why it cannot be read.
    ///
    /// # Errors
    /// When the file does not exist or cannot be read.
    fn read(&self, name: &str) -> Result<Vec<u8>, String>;
}

/// In-memory sources, for tests and for callers that already hold the text.
impl Sources for BTreeMap<String, String> {
    fn read(&self, name: &str) -> Result<Vec<u8>, String> {
        self.get(name).map(|text| text.clone().into_bytes()).ok_or_else(|| "no such file".to_owned())
    }
}

/// One loaded file.
#[derive(Debug)]
pub struct Document {
    /// The file's text (after a UTF-8 byte-order mark, if any, was dropped).
    pub text: String,
    /// The parsed document.
    pub root: Node,
}

/// A place in the loaded documents: a file and a JSON pointer into it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    /// The file name.
    pub file: String,
    /// The RFC 6901 pointer (escaped form).
    pub pointer: String,
}

impl Place {
    /// The root of a file.
    #[must_use]
    pub fn root(file: &str) -> Self {
        Place { file: file.to_owned(), pointer: String::new() }
    }

    /// The place of a child node.
    #[must_use]
    pub fn child(&self, segment: &str) -> Self {
        Place { file: self.file.clone(), pointer: format!("{}/{}", self.pointer, escape_pointer_segment(segment)) }
    }

    /// The place as a diagnostic location.
    #[must_use]
    pub fn location(&self) -> Location {
        Location::Pointer { file: self.file.clone(), pointer: self.pointer.clone() }
    }
}

/// Every document the run needs: the ones named by the caller and every file their `$ref`s reach.
#[derive(Debug, Default)]
pub struct Workspace {
    documents: BTreeMap<String, Document>,
    /// Files that failed to load: their diagnostics were recorded once.
    failed: BTreeSet<String>,
    /// The text of files that were read but did not parse, for diagnostic snippets.
    unparsed: BTreeMap<String, String>,
    /// Swagger 2.0 documents, converted to OpenAPI 3.0 after loading.
    converted: BTreeSet<String>,
}

impl Workspace {
    /// Loads the named files and, transitively, every file a `$ref` in them names.
    /// Problems (unreadable files, syntax errors) are recorded; what loaded is kept.
    pub fn load(sources: &dyn Sources, names: &[String], diagnostics: &mut Diagnostics) -> Self {
        let mut workspace = Workspace::default();
        let mut pending: Vec<String> = names.to_vec();
        pending.sort();
        pending.dedup();
        while let Some(name) = pending.pop() {
            if workspace.documents.contains_key(&name) || workspace.failed.contains(&name) {
                continue;
            }
            match load_document(sources, &name, diagnostics) {
                Ok(document) => {
                    let mut refs = Vec::new();
                    collect_refs(&document.root, &Place::root(&name), &mut refs);
                    for (place, reference) in refs {
                        if let Ok(Some(file)) = reference_file(&place.file, &reference) {
                            pending.push(file);
                        }
                    }
                    workspace.documents.insert(name, document);
                }
                Err(text) => {
                    if let Some(text) = text {
                        workspace.unparsed.insert(name.clone(), text);
                    }
                    workspace.failed.insert(name);
                }
            }
        }
        workspace.convert_swagger2(diagnostics);
        workspace
    }

    /// Every Swagger 2.0 document becomes the OpenAPI 3.0 document that says the same.
    fn convert_swagger2(&mut self, diagnostics: &mut Diagnostics) {
        let swagger: Vec<String> = self
            .documents
            .iter()
            .filter(|(_, d)| swagger2::is_swagger2(&d.root))
            .map(|(name, _)| name.clone())
            .collect();
        for name in swagger {
            let Some(root) = swagger2::convert(&name, &self.documents, diagnostics) else { continue };
            if let Some(document) = self.documents.get_mut(&name) {
                document.root = root;
            }
            self.converted.insert(name);
        }
    }

    /// Where a pointer into a loaded document came from: for a converted Swagger 2.0 document,
    /// its 2.0 pointer (`/components/schemas/X` → `/definitions/X`).
    #[must_use]
    pub fn source_pointer(&self, file: &str, pointer: &str) -> String {
        if self.converted.contains(file) { swagger2::backward(pointer) } else { pointer.to_owned() }
    }

    /// The loaded documents, by name, in name order.
    pub fn documents(&self) -> impl Iterator<Item = (&str, &Document)> {
        self.documents.iter().map(|(name, document)| (name.as_str(), document))
    }

    /// The text of every file that was read (parsed or not), for diagnostic snippets.
    #[must_use]
    pub fn texts(&self) -> BTreeMap<String, String> {
        let parsed = self.documents.iter().map(|(name, document)| (name.clone(), document.text.clone()));
        parsed.chain(self.unparsed.iter().map(|(name, text)| (name.clone(), text.clone()))).collect()
    }

    /// The node at a place, if it exists.
    #[must_use]
    pub fn node(&self, place: &Place) -> Option<&Node> {
        let document = self.documents.get(&place.file)?;
        document.root.lookup(&split_pointer(&place.pointer)?)
    }

    /// A warning for a `$ref` whose fragment lacks the leading `/` of a JSON pointer, if it does.
    #[must_use]
    pub fn fragment_warning(at: &Place, reference: &str) -> Option<Diagnostic> {
        let (_, fragment) = reference.split_once('#')?;
        (!fragment.is_empty() && !fragment.starts_with('/')).then(|| {
            Diagnostic::warning(
                at.child("$ref").location(),
                format!("`$ref: {reference}` has a fragment that is not a JSON pointer; read as `#/{fragment}`"),
            )
            .with_help("a fragment starts with `/`, as in `#/components/schemas/Link`")
        })
    }

    /// Resolves a `$ref` string found at `at` to the place it names.
    ///
    /// # Errors
    /// A diagnostic when the reference is malformed, remote, into a file that did not load, or
    /// points at nothing.
    pub fn resolve(&self, at: &Place, reference: &str) -> Result<Place, Diagnostic> {
        let here = at.child("$ref").location();
        let file = match reference_file(&at.file, reference) {
            Ok(Some(file)) => file,
            Ok(None) => at.file.clone(),
            Err(RefError::Remote) => {
                return Err(Diagnostic::error(
                    here,
                    format!("`$ref: {reference}` is remote; only files under the root folder are read"),
                ));
            }
            Err(RefError::AboveRoot) => {
                return Err(Diagnostic::error(
                    here,
                    format!("`$ref: {reference}` leaves the root folder, above which no file is read"),
                )
                .with_help("to read files higher up, name a higher root folder with `--root <folder>`"));
            }
        };
        let fragment = reference.split_once('#').map_or("", |(_, fragment)| fragment);
        let fragment = percent_decode(fragment);
        // `#components/schemas/X` (no leading slash) is in the vendor's 4.17.2 file: read as the
        // pointer it obviously means. `resolve_lenient` reports it as a warning.
        let fragment = if fragment.is_empty() || fragment.starts_with('/') { fragment } else { format!("/{fragment}") };
        // A Swagger 2.0 document's own pointers (`#/definitions/X`) name where the node is now.
        let fragment = if self.converted.contains(&file) { swagger2::forward(&fragment) } else { fragment };
        let Some(segments) = split_pointer(&fragment) else {
            return Err(Diagnostic::error(
                here,
                format!("`$ref: {reference}` has a fragment that is not a JSON pointer"),
            ));
        };
        if self.failed.contains(&file) {
            return Err(Diagnostic::error(
                here,
                format!("`$ref: {reference}` points into `{file}`, which could not be loaded"),
            ));
        }
        let Some(document) = self.documents.get(&file) else {
            return Err(Diagnostic::error(
                here,
                format!("`$ref: {reference}` points into `{file}`, which was not loaded"),
            ));
        };
        // OpenAPI 3.1 (JSON Schema 2020-12): inside a schema with its own `$id`, a same-document
        // pointer is relative to that schema. Bundlers that embed such a schema still write
        // pointers from the file's root into it, so the file's root is tried next.
        let base = if reference.starts_with('#') { resource_base(&document.root, &at.pointer) } else { Vec::new() };
        let scoped: Vec<String> = base.iter().cloned().chain(segments.iter().cloned()).collect();
        let segments = if base.is_empty() || document.root.lookup(&scoped).is_none() { segments } else { scoped };
        if document.root.lookup(&segments).is_none() {
            return Err(Diagnostic::error(
                here,
                format!("dangling `$ref: {reference}`: nothing at `{file}#{fragment}`"),
            ));
        }
        let pointer: String = segments.iter().map(|s| format!("/{}", escape_pointer_segment(s))).collect();
        Ok(Place { file, pointer })
    }

    /// Every `$ref` of every document that points at nothing, wherever it is (under keywords the
    /// generator does not read, too): a document broken upstream is told so, every place at once.
    #[must_use]
    pub fn dangling_refs(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for (name, document) in &self.documents {
            let mut refs = Vec::new();
            collect_refs(&document.root, &Place::root(name), &mut refs);
            for (place, reference) in refs {
                let loaded = match reference_file(&place.file, &reference) {
                    Ok(file) => file.is_none_or(|file| self.documents.contains_key(&file)),
                    Err(_) => false,
                };
                // Refs into files that did not load, and remote ones, are reported where they are used.
                if loaded && let Err(diagnostic) = self.resolve(&place, &reference) {
                    found.push(diagnostic);
                }
            }
        }
        found
    }
}

/// The pointer segments of the innermost schema with its own `$id` that holds `pointer`, or
/// none (the file's root).
fn resource_base(root: &Node, pointer: &str) -> Vec<String> {
    let Some(segments) = split_pointer(pointer) else { return Vec::new() };
    let mut node = root;
    let mut base = 0;
    for (depth, segment) in segments.iter().enumerate() {
        let Some(child) = node.lookup(std::slice::from_ref(segment)) else { break };
        node = child;
        if matches!(node.get("$id"), Some(Node::String(_))) {
            base = depth + 1;
        }
    }
    segments[..base].to_vec()
}

/// Why a reference names no file that may be read.
enum RefError {
    /// An `http://…` (or any `scheme://`) reference.
    Remote,
    /// A relative path that climbs above the root folder, which file names are relative to.
    AboveRoot,
}

/// The file a reference names (`None` for a same-document reference), resolved against the file
/// that holds it. File names are relative to the root folder; nothing above it is read.
fn reference_file(current: &str, reference: &str) -> Result<Option<String>, RefError> {
    let path = reference.split_once('#').map_or(reference, |(path, _)| path);
    if path.is_empty() {
        return Ok(None);
    }
    if path.contains("://") {
        return Err(RefError::Remote);
    }
    let mut parts: Vec<&str> = match current.rsplit_once('/') {
        Some((dir, _)) => dir.split('/').collect(),
        None => Vec::new(),
    };
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(RefError::AboveRoot);
                }
            }
            other => parts.push(other),
        }
    }
    Ok(Some(parts.join("/")))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

fn collect_refs(node: &Node, place: &Place, out: &mut Vec<(Place, String)>) {
    match node {
        Node::Object(entries) => {
            for (key, value) in entries {
                if key == "$ref"
                    && let Node::String(reference) = value
                {
                    out.push((place.clone(), reference.clone()));
                } else {
                    collect_refs(value, &place.child(key), out);
                }
            }
        }
        Node::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect_refs(item, &place.child(&index.to_string()), out);
            }
        }
        _ => {}
    }
}

/// Reads and parses one file; on failure, the text if it could be read (for snippets).
fn load_document(sources: &dyn Sources, name: &str, diagnostics: &mut Diagnostics) -> Result<Document, Option<String>> {
    let file_location = Location::File { file: name.to_owned() };
    let bytes = match sources.read(name) {
        Ok(bytes) => bytes,
        Err(why) => {
            diagnostics.push(Diagnostic::error(file_location, format!("cannot read `{name}`: {why}")));
            return Err(None);
        }
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match String::from_utf8(bytes.to_vec()) {
        Ok(text) => text,
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(
                    file_location,
                    format!("`{name}` is not UTF-8 (invalid byte at offset {})", error.utf8_error().valid_up_to()),
                )
                .with_help("save the file as UTF-8"),
            );
            return Err(None);
        }
    };
    let (root, complex) = match node::parse_yaml(&text) {
        Ok(parsed) => parsed,
        Err(error) => {
            let message = yaml_message(&error);
            let location = match error.location() {
                Some(at) => Location::Position { file: name.to_owned(), line: at.line(), column: at.column() },
                None => file_location,
            };
            diagnostics.push(Diagnostic::error(location, message));
            return Err(Some(text));
        }
    };
    for key in complex {
        diagnostics.push(Diagnostic::error(
            Location::Pointer { file: name.to_owned(), pointer: key.pointer },
            "a mapping key here is itself a mapping or a sequence; keys must be scalars",
        ));
    }
    Ok(Document { text, root })
}

/// The parser's message without the position it appends (the location carries that).
fn yaml_message(error: &serde_yaml::Error) -> String {
    let message = error.to_string();
    match message.find(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message,
    }
}
