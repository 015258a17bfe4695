//! The project's automation, as a library so that tests can run exactly what `cargo xtask` runs.
//!
//! `regenerate` is one function with two modes: write (only files whose content changed, and
//! remove stale ones) and check (write nothing; fail with a readable diff and the command to run).
//! `learn` (in [`learn`]) proposes schema changes from bodies seen on the wire.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::{Input, Sources};

pub mod corpus;
pub mod learn;

/// The command that regenerates the checked-in client, named in headers and messages.
pub const COMMAND: &str = "cargo xtask regenerate";

/// What to regenerate.
#[derive(Clone, Debug)]
pub struct Regenerate {
    /// A schema file, or a folder whose `.yaml`, `.yml` and `.json` files are all read.
    pub schema: PathBuf,
    /// The folder `$ref`s may reach anything under. `None`: the working directory when the
    /// schema is inside it, else the schema's own folder.
    pub root: Option<PathBuf>,
    /// Where the output goes.
    pub out: Target,
    /// Write nothing; report what differs.
    pub check: bool,
}

/// Where generated code goes.
#[derive(Clone, Debug)]
pub enum Target {
    /// A module folder inside an existing crate (`generated-client/src/generated`).
    Module(PathBuf),
    /// A standalone crate: `Cargo.toml` and `src/`, its types reachable from the crate root.
    Crate {
        /// The crate's folder.
        dir: PathBuf,
        /// The package name.
        name: String,
    },
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written (write mode) or that differ (check mode), relative to the output folder.
    pub changed: Vec<String>,
    /// Stale files removed (write mode) or that would be removed (check mode).
    pub removed: Vec<String>,
    /// Rendered warnings.
    pub warnings: String,
    /// In check mode: the unified diff of every difference.
    pub diff: String,
}

/// The workspace root (the folder above `xtask/`).
#[must_use]
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The default job: `schema/` → `generated-client/src/generated/`.
#[must_use]
pub fn default_job(check: bool) -> Regenerate {
    let root = workspace_root();
    let schema = root.join("schema");
    let out = Target::Module(root.join("generated-client/src/generated"));
    Regenerate { root: Some(schema.clone()), schema, out, check }
}

/// Reads files below one folder; names are `/`-separated paths relative to it.
struct FolderSources {
    root: PathBuf,
}

impl Sources for FolderSources {
    fn read(&self, name: &str) -> Result<Vec<u8>, String> {
        fs::read(self.root.join(name)).map_err(|error| error.to_string())
    }
}

/// Runs one regeneration.
///
/// # Errors
/// The rendered diagnostics when the schema is wrong, an I/O error message, or, in check mode,
/// a message with the diff and the command to run when the output is not up to date.
pub fn regenerate(job: &Regenerate) -> Result<Report, String> {
    if let Target::Crate { name, .. } = &job.out
        && !is_package_name(name)
    {
        return Err(format!(
            "{name:?} is not a package name: use letters, digits, `-` and `_`, starting with a letter"
        ));
    }
    let (root, files) = schema_files(&job.schema, job.root.as_deref())?;
    let input = Input { files, command: COMMAND.to_owned() };
    let output =
        codegen::generate(&FolderSources { root: root.clone() }, &input).map_err(|failure| failure.render())?;
    let warnings = output.diagnostics.render(|_| None);
    let (dir, wanted) = match &job.out {
        Target::Module(dir) => (dir.clone(), output.files),
        Target::Crate { dir, name } => (dir.clone(), standalone_crate(dir, name, output.files)),
    };
    let mut report = sync(&dir, &wanted, job.check)?;
    report.warnings = warnings;
    if job.check && (!report.changed.is_empty() || !report.removed.is_empty()) {
        let command = match &job.out {
            Target::Module(_) => COMMAND.to_owned(),
            Target::Crate { dir, name } => {
                let root = job.root.as_ref().map_or_else(String::new, |root| format!(" --root {}", root.display()));
                format!("{COMMAND} --schema {}{root} --out {} --name {name}", job.schema.display(), dir.display())
            }
        };
        return Err(format!(
            "{}\nthe generated code in {} is not what the generator produces from {}.\nRun `{command}` and commit the result.",
            report.diff,
            dir.display(),
            job.schema.display()
        ));
    }
    Ok(report)
}

/// A Cargo package name: ASCII letters, digits, `-` and `_`, starting with a letter.
fn is_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The root folder that file names are relative to, and the schema files to read, sorted.
pub(crate) fn schema_files(schema: &Path, root: Option<&Path>) -> Result<(PathBuf, Vec<String>), String> {
    let absolute =
        |path: &Path| fs::canonicalize(path).map_err(|error| format!("cannot read {}: {error}", path.display()));
    let schema = absolute(schema)?;
    let folder = if schema.is_file() {
        schema.parent().map_or_else(|| schema.clone(), Path::to_path_buf)
    } else {
        schema.clone()
    };
    let root = match root {
        Some(root) => absolute(root)?,
        None => std::env::current_dir()
            .ok()
            .and_then(|dir| fs::canonicalize(dir).ok())
            .filter(|dir| folder.starts_with(dir))
            .unwrap_or_else(|| folder.clone()),
    };
    let name = |path: &Path| {
        path.strip_prefix(&root)
            .map(|relative| {
                relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
            })
            .map_err(|_| format!("{} is not under the root folder {} (`--root`)", path.display(), root.display()))
    };
    if schema.is_file() {
        return Ok((root.clone(), vec![name(&schema)?]));
    }
    let mut paths = Vec::new();
    collect_schema_files(&schema, &mut paths).map_err(|error| format!("cannot read {}: {error}", schema.display()))?;
    if paths.is_empty() {
        return Err(format!("no .yaml, .yml or .json file in {}", schema.display()));
    }
    let mut files = paths.iter().map(|path| name(path)).collect::<Result<Vec<_>, _>>()?;
    files.sort();
    Ok((root, files))
}

fn collect_schema_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_schema_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// Lays the generated module out as a crate: `src/lib.rs` is the module root.
fn standalone_crate(dir: &Path, name: &str, files: BTreeMap<String, String>) -> BTreeMap<String, String> {
    let runtime = workspace_root().join("client-runtime");
    let runtime = relative_path(dir, &runtime).unwrap_or(runtime);
    // Endpoint methods (in `client.rs`) need the runtime's HTTP client; types alone do not.
    let features = if files.contains_key("client.rs") { ", features = [\"http\"]" } else { "" };
    let manifest = format!(
        "# @generated by `{COMMAND}`: do not edit by hand.\n\
         [package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         # Docs are the schema authors' Markdown; their indented examples are not Rust to test.\n\
         [lib]\ndoctest = false\n\n\
         [dependencies]\nclient-runtime = {{ path = \"{}\"{features} }}\n\n\
         # A crate of its own, even when generated inside another workspace.\n[workspace]\n",
        runtime.display().to_string().replace('\\', "/")
    );
    let mut out = BTreeMap::from([("Cargo.toml".to_owned(), manifest)]);
    for (path, text) in files {
        let path = if path == "mod.rs" { "lib.rs".to_owned() } else { path };
        out.insert(format!("src/{path}"), text);
    }
    out
}

/// `to` relative to `from`, when both are absolute or both are relative.
fn relative_path(from: &Path, to: &Path) -> Option<PathBuf> {
    let from = fs::canonicalize(from).ok().or_else(|| std::path::absolute(from).ok())?;
    let to = fs::canonicalize(to).ok()?;
    let common = from.components().zip(to.components()).take_while(|(a, b)| a == b).count();
    // Sharing only the root (`/`) is no reason to write `../../..`: use the absolute path.
    if common <= 1 {
        return None;
    }
    let mut path = PathBuf::new();
    for _ in from.components().skip(common) {
        path.push("..");
    }
    for component in to.components().skip(common) {
        path.push(component);
    }
    Some(path)
}

/// Makes `dir` hold exactly `wanted` (among files the generator owns), or in check mode reports
/// the differences without writing.
fn sync(dir: &Path, wanted: &BTreeMap<String, String>, check: bool) -> Result<Report, String> {
    let mut report = Report::default();
    for (path, text) in wanted {
        let full = dir.join(path);
        let current = fs::read_to_string(&full).ok();
        if current.as_deref() == Some(text.as_str()) {
            continue;
        }
        report.changed.push(path.clone());
        if check {
            let old = current.unwrap_or_default();
            let diff = similar::TextDiff::from_lines(old.as_str(), text.as_str());
            let _ = write!(
                report.diff,
                "{}",
                diff.unified_diff().context_radius(2).header(&format!("a/{path}"), &format!("b/{path}"))
            );
        } else {
            if let Some(parent) = full.parent() {
                fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            fs::write(&full, text).map_err(|e| format!("cannot write {}: {e}", full.display()))?;
        }
    }
    for stale in stale_files(dir, wanted) {
        if check {
            let _ = writeln!(report.diff, "--- a/{stale}\n+++ /dev/null\n(stale generated file: it would be removed)");
        } else {
            let full = dir.join(&stale);
            fs::remove_file(&full).map_err(|e| format!("cannot remove {}: {e}", full.display()))?;
        }
        report.removed.push(stale);
    }
    Ok(report)
}

/// Generated `.rs` files in the output that the generator no longer produces. Only files that
/// carry the `@generated` header are considered, so hand-written files are never touched.
fn stale_files(dir: &Path, wanted: &BTreeMap<String, String>) -> Vec<String> {
    let mut stale = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
                continue;
            }
            let Ok(relative) = path.strip_prefix(dir) else { continue };
            let relative = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let header = |line: &str| {
                line.strip_prefix("// ")
                    .or_else(|| line.strip_prefix("# "))
                    .is_some_and(|rest| rest.starts_with(&format!("@generated by `{COMMAND}`")))
            };
            let generated = fs::read_to_string(&path).is_ok_and(|text| text.lines().next().is_some_and(header));
            if generated && !wanted.contains_key(&relative) {
                stale.push(relative);
            }
        }
    }
    stale.sort();
    stale
}
