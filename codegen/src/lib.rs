//! The generator library: OpenAPI-style YAML schemas → lenient, typed Rust code, with no file I/O of its own.
//!
//! Data flows one way, one function per arrow:
//!
//! ```text
//! Sources --schema::Workspace::load--> documents (Node trees)
//!         --lower::lower--------------> ir::Api (named types, cycles boxed) + diagnostics
//!         --emit::emit----------------> per file: inner attributes, items made lazily
//!         --format::format_file-------> prettyplease text, one item at a time, @generated header
//! ```
//!
//! [`generate`] runs the whole pipeline and returns either every output file or every diagnostic.

pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod schema;

use std::collections::BTreeMap;

pub use diagnostics::{Diagnostic, Diagnostics, Location, Severity};
pub use schema::Sources;

/// What to generate from.
#[derive(Clone, Debug)]
pub struct Input {
    /// The schema files to read (names for [`Sources`]); files their `$ref`s name are read too.
    pub files: Vec<String>,
    /// The command that regenerates the output, named in every file's header.
    pub command: String,
}

/// The result of a successful run.
#[derive(Clone, Debug)]
pub struct Output {
    /// Formatted files by path relative to the generated module's folder: `mod.rs` and one file
    /// per schema file that defines types.
    pub files: BTreeMap<String, String>,
    /// Warnings (a run with errors returns [`Failure`] instead).
    pub diagnostics: Diagnostics,
}

/// A failed run: every diagnostic, and the text of each file for rendering snippets.
#[derive(Debug)]
pub struct Failure {
    /// Everything that was found, errors and warnings.
    pub diagnostics: Diagnostics,
    /// File name → text, for [`Diagnostics::render`].
    pub texts: BTreeMap<String, String>,
}

impl Failure {
    /// The diagnostics rendered like rustc's, in stable order.
    #[must_use]
    pub fn render(&self) -> String {
        self.diagnostics.render(|file| self.texts.get(file).map(String::as_str))
    }
}

/// Runs the pipeline: load → lower → emit → format.
///
/// # Errors
/// A [`Failure`] carrying every diagnostic when any of them is an error.
pub fn generate(sources: &dyn Sources, input: &Input) -> Result<Output, Failure> {
    let mut diagnostics = Diagnostics::default();
    let workspace = schema::Workspace::load(sources, &input.files, &mut diagnostics);
    for dangling in workspace.dangling_refs() {
        diagnostics.push(dangling);
    }
    let api = lower::lower(&workspace, &mut diagnostics);
    // Lowering saw converted Swagger 2.0 documents; the user wrote the 2.0 ones.
    diagnostics.relocate(|file, pointer| workspace.source_pointer(file, pointer));
    let texts = || workspace.texts();
    if diagnostics.has_errors() {
        return Err(Failure { diagnostics, texts: texts() });
    }
    let mut files = BTreeMap::new();
    // Formatting is most of the time a large document takes; the text does not depend on this.
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    for (path, file) in emit::emit(&api) {
        let threads = cores.min(file.items.len() / format::GROUPS_PER_THREAD);
        match format::format_file(&file, &input.command, threads) {
            Ok(text) => {
                files.insert(path, text);
            }
            Err(message) => {
                diagnostics.push(Diagnostic::error(Location::File { file: path.clone() }, message));
                return Err(Failure { diagnostics, texts: texts() });
            }
        }
    }
    Ok(Output { files, diagnostics })
}
