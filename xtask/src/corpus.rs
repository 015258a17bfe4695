//! `cargo xtask corpus`: every root document of the public corpus (`../shared/corpus`, third-party
//! files read in place, never copied) → a standalone crate, optionally `cargo check`ed, as a table.
//!
//! Every check builds with the workspace's locked versions ([`crate::lock`]): another crate's
//! release cannot change the outcome until the lock is updated on purpose.
//!
//! Each document says what it must come to: a crate that compiles warning-free, or (for a
//! document broken upstream) located diagnostics. A run fails when any document does otherwise.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::{Regenerate, Runtime, Target, lock, regenerate, workspace_root};

/// What a document must come to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A crate that compiles without warnings.
    Compiles,
    /// Errors located in the document (it is broken upstream).
    Diagnosed,
}

/// One root document of the corpus.
#[derive(Clone, Copy, Debug)]
pub struct Document {
    /// Short name, for `--only` and the table.
    pub id: &'static str,
    /// The corpus entry's folder: the root that `$ref`s may reach anything under.
    pub entry: &'static str,
    /// The root document, relative to the entry's folder.
    pub file: &'static str,
    /// What it must come to.
    pub expect: Expect,
}

const fn compiles(id: &'static str, entry: &'static str, file: &'static str) -> Document {
    Document { id, entry, file, expect: Expect::Compiles }
}

/// Every root document that `../shared/corpus/SOURCES.md` lists, plus its known-broken file.
pub const DOCUMENTS: &[Document] = &[
    compiles("oai-v2-uber", "oai-examples-v2", "examples/v2.0/json/uber.json"),
    compiles("oai-v2-petstore-minimal", "oai-examples-v2", "examples/v2.0/json/petstore-minimal.json"),
    compiles("oai-v2-petstore-simple", "oai-examples-v2", "examples/v2.0/json/petstore-simple.json"),
    compiles("oai-v2-petstore-external-docs", "oai-examples-v2", "examples/v2.0/json/petstore-with-external-docs.json"),
    compiles("oai-v2-petstore-expanded", "oai-examples-v2", "examples/v2.0/json/petstore-expanded.json"),
    compiles("oai-v2-api-with-examples", "oai-examples-v2", "examples/v2.0/json/api-with-examples.json"),
    compiles("oai-v2-petstore-separate", "oai-examples-v2", "examples/v2.0/json/petstore-separate/spec/swagger.json"),
    compiles("oai-v3-api-with-examples", "oai-examples-v3", "examples/v3.0/api-with-examples.yaml"),
    compiles("oai-v3-callback-example", "oai-examples-v3", "examples/v3.0/callback-example.yaml"),
    compiles("oai-v3-link-example", "oai-examples-v3", "examples/v3.0/link-example.yaml"),
    compiles("oai-v3-non-oauth-scopes", "oai-examples-v3", "examples/v3.1/non-oauth-scopes.yaml"),
    compiles("vonage-conversation", "vonage-conversation", "definitions/conversation.yml"),
    compiles("govuk-pay", "govuk-pay", "openapi/publicapi_spec.json"),
    compiles("ogc-edr", "ogc-edr", "ogcapi-environmental-data-retrieval-1-oas30.bundled.json"),
    Document {
        id: "ogc-edr-oas31",
        entry: "ogc-edr",
        file: "ogcapi-environmental-data-retrieval-1-oas31.bundled.json",
        expect: Expect::Diagnosed,
    },
    compiles("woosmap", "woosmap", "dist/woosmap-openapi3.json"),
    compiles("docker-engine", "docker-engine", "api/swagger.yaml"),
    compiles("argo-workflows", "argo-workflows", "api/openapi-spec/swagger.json"),
    compiles("discord", "discord", "specs/openapi.json"),
    compiles("digitalocean", "digitalocean", "specification/DigitalOcean-public.v2.yaml"),
    compiles("openai", "openai", "openapi.yaml"),
    compiles("stripe", "stripe", "openapi/spec3.yaml"),
];

/// What to run.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// The corpus folder (`../shared/corpus` by default).
    pub dir: PathBuf,
    /// Where the crates go, one folder per document, plus the shared `cargo check` target.
    pub out: PathBuf,
    /// Only these ids (all when empty).
    pub only: Vec<String>,
    /// Not these ids.
    pub skip: Vec<String>,
    /// Also `cargo check` each generated crate with warnings denied.
    pub check: bool,
    /// Also `cargo doc` each generated crate with warnings denied (rustdoc's link and HTML lints).
    pub doc: bool,
    /// The `Cargo.lock` whose versions every check builds with (the workspace's).
    pub lock: PathBuf,
}

impl Corpus {
    /// The default corpus folder and output folder (`target/corpus/`).
    #[must_use]
    pub fn new(only: Vec<String>, skip: Vec<String>, check: bool) -> Self {
        let root = workspace_root();
        Corpus {
            dir: root.join("../shared/corpus"),
            out: root.join("target/corpus"),
            only,
            skip,
            check,
            doc: false,
            lock: root.join("Cargo.lock"),
        }
    }
}

/// What happened to one document.
#[derive(Debug)]
pub struct Row {
    /// The document.
    pub document: Document,
    /// Generated or diagnosed, with counts.
    pub outcome: Outcome,
    /// Time to generate (read, lower, emit, format, write).
    pub generate: Duration,
    /// The crate's files were already what the generator wrote: a check then only confirms
    /// the one before, and its time says nothing.
    pub unchanged: bool,
    /// The check, when one ran: passed or not, its time.
    pub check: Option<(Result<(), String>, Duration)>,
    /// The docs build, when one ran: passed or not, its time.
    pub doc: Option<(Result<(), String>, Duration)>,
}

/// Generated or diagnosed.
#[derive(Debug)]
pub enum Outcome {
    /// A crate was written.
    Generated {
        /// Lines of Rust written.
        lines: usize,
        /// Warnings reported.
        warnings: usize,
    },
    /// Generation stopped with errors.
    Diagnosed {
        /// Errors reported.
        errors: usize,
        /// The rendered diagnostics.
        rendered: String,
    },
}

impl Row {
    /// True when the document came to what it must.
    #[must_use]
    pub fn as_expected(&self) -> bool {
        match (&self.outcome, self.document.expect) {
            (Outcome::Generated { .. }, Expect::Compiles) => {
                [&self.check, &self.doc].iter().all(|step| step.as_ref().is_none_or(|(result, _)| result.is_ok()))
            }
            (Outcome::Diagnosed { errors, .. }, Expect::Diagnosed) => *errors > 0,
            _ => false,
        }
    }
}

/// The documents a run covers, in table order: `only` these (all when empty), but not `skip`.
///
/// # Errors
/// When an id names no document.
pub fn selected(only: &[String], skip: &[String]) -> Result<Vec<Document>, String> {
    if let Some(unknown) = only.iter().chain(skip).find(|id| !DOCUMENTS.iter().any(|d| d.id == id.as_str())) {
        let ids: Vec<&str> = DOCUMENTS.iter().map(|d| d.id).collect();
        return Err(format!("no corpus document `{unknown}`; the ids are: {}", ids.join(", ")));
    }
    let wanted =
        |d: &&Document| (only.is_empty() || only.iter().any(|id| id == d.id)) && !skip.iter().any(|id| id == d.id);
    Ok(DOCUMENTS.iter().filter(wanted).copied().collect())
}

/// Runs one document: generate into `out/<id>`, then check when asked.
#[must_use]
pub fn run_one(corpus: &Corpus, document: Document) -> Row {
    let entry = corpus.dir.join(document.entry);
    let dir = corpus.out.join(document.id);
    let job = Regenerate {
        schema: entry.join(document.file),
        root: Some(entry),
        out: Target::Crate { dir: dir.clone(), name: format!("corpus-{}", document.id), runtime: Runtime::Auto },
        check: false,
    };
    let started = Instant::now();
    let result = regenerate(&job);
    let generate = started.elapsed();
    let unchanged = result.as_ref().is_ok_and(|report| report.changed.is_empty() && report.removed.is_empty());
    let outcome = match result {
        Ok(report) => {
            Outcome::Generated { lines: rust_lines(&dir.join("src")), warnings: count(&report.warnings, "warning") }
        }
        Err(rendered) => Outcome::Diagnosed { errors: count(&rendered, "error"), rendered },
    };
    let generated = matches!(outcome, Outcome::Generated { .. });
    let target = corpus.out.join("check-target");
    let check = (corpus.check && generated).then(|| cargo(Step::Check, &dir, &target, &corpus.lock));
    let doc = (corpus.doc && generated).then(|| cargo(Step::Doc, &dir, &target, &corpus.lock));
    Row { document, outcome, generate, unchanged, check, doc }
}

/// Diagnostics of one severity in rendered text (`error:` / `warning:` at a line start).
fn count(rendered: &str, severity: &str) -> usize {
    rendered.lines().filter(|line| line.strip_prefix(severity).is_some_and(|rest| rest.starts_with(':'))).count()
}

fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "rs"))
        .filter_map(|entry| fs::read_to_string(entry.path()).ok())
        .map(|text| text.lines().count())
        .sum()
}

/// What to ask cargo of a generated crate.
#[derive(Clone, Copy)]
enum Step {
    Check,
    Doc,
}

/// `cargo check` or `cargo doc` with warnings denied and the versions `lock` pins, into one target
/// folder shared by every document (the runtime and its dependencies build once).
fn cargo(step: Step, dir: &Path, target: &Path, lock: &Path) -> (Result<(), String>, Duration) {
    let started = Instant::now();
    let result = lock::seed(dir, lock).and_then(|()| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut command = Command::new(cargo);
        match step {
            Step::Check => command.arg("check"),
            Step::Doc => command.args(["doc", "--no-deps"]),
        };
        // Offline: a seeded lock needs nothing the workspace's `cargo fetch --locked` did not fetch.
        let output = command
            .args(["--quiet", "--offline", "--message-format=short", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", target)
            .env("RUSTFLAGS", "-D warnings")
            .env("RUSTDOCFLAGS", "-D warnings")
            .output()
            .map_err(|error| format!("cannot run cargo: {error}"))?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).into_owned());
        }
        let unpinned = lock::unpinned(&dir.join("Cargo.lock"), lock)?;
        if unpinned.is_empty() {
            Ok(())
        } else {
            Err(format!("error: resolved afresh, not pinned by {}: {}", lock.display(), unpinned.join(", ")))
        }
    });
    (result, started.elapsed())
}

/// The table's header.
pub const HEADER: &str =
    "| document | result | lines | generate | check | check time | docs |\n|---|---|---:|---:|---|---:|---|";

/// One line of the table.
#[must_use]
pub fn table_line(row: &Row) -> String {
    let (result, lines) = match &row.outcome {
        Outcome::Generated { lines, warnings } => (format!("generated ({warnings} warnings)"), lines.to_string()),
        Outcome::Diagnosed { errors, .. } => (format!("diagnosed ({errors} errors)"), "-".to_owned()),
    };
    let (check, check_time) = match &row.check {
        None => ("-".to_owned(), "-".to_owned()),
        Some((Ok(()), time)) if row.unchanged => ("ok (unchanged since the last check)".to_owned(), seconds(*time)),
        Some((Ok(()), time)) => ("ok".to_owned(), seconds(*time)),
        Some((Err(output), time)) => (format!("FAILED ({} errors)", count(output, "error")), seconds(*time)),
    };
    let doc = match &row.doc {
        None => "-".to_owned(),
        Some((Ok(()), time)) => format!("ok ({})", seconds(*time)),
        Some((Err(output), _)) => format!("FAILED ({} errors)", count(output, "error")),
    };
    let mark = if row.as_expected() { "" } else { " **unexpected**" };
    format!(
        "| {} | {result}{mark} | {lines} | {} | {check} | {check_time} | {doc} |",
        row.document.id,
        seconds(row.generate)
    )
}

fn seconds(time: Duration) -> String {
    format!("{:.2} s", time.as_secs_f64())
}

/// Why each unexpected row is unexpected: the diagnostics or the compiler's errors, cut short.
#[must_use]
pub fn failure_details(rows: &[Row]) -> String {
    let mut out = String::new();
    for row in rows.iter().filter(|row| !row.as_expected()) {
        let detail = match (&row.outcome, &row.check, &row.doc) {
            (Outcome::Diagnosed { rendered, .. }, _, _) => rendered.as_str(),
            (_, Some((Err(output), _)), _) | (_, _, Some((Err(output), _))) => output.as_str(),
            _ => "generated, but the document is known to be broken upstream",
        };
        let shown: Vec<&str> = detail.lines().take(40).collect();
        let _ = writeln!(out, "\n==== {} ({})\n{}", row.document.id, row.document.file, shown.join("\n"));
    }
    out
}
