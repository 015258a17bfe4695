//! The project's automation, as a library so that tests can run exactly what `cargo xtask` runs.
//!
//! `regenerate` is one function with two modes: write (only files whose content changed, and
//! remove stale ones) and check (write nothing; fail with a readable diff and the command to run).
//! `learn` (in [`learn`]) proposes schema changes from bodies seen on the wire. [`cli`] is the
//! command line of both `cargo xtask` and the installable `psa-client-gen`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::{Input, Sources};

pub mod cli;
pub mod corpus;
pub mod latest;
pub mod learn;
pub mod lock;

/// The command that regenerates the checked-in client, named in headers and messages.
pub const COMMAND: &str = "cargo xtask regenerate";

/// The version of `client-runtime` this generator writes code for: the workspace shares one
/// version, so the generator's own is the runtime's.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

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
        /// Where the crate gets `client-runtime` from.
        runtime: Runtime,
    },
}

/// Where a standalone crate gets `client-runtime` from. Never an absolute path of the generating
/// machine, so the crate can be moved, committed elsewhere, and built on another machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Runtime {
    /// A path relative to the crate when it is inside the generator's repository (the corpus,
    /// a test's scratch folder), else [`RUNTIME_VERSION`] from crates.io.
    Auto,
    /// This `client-runtime` folder (absolute, or relative to the working directory), written
    /// into the manifest relative to the crate.
    Path(PathBuf),
    /// A git repository holding `client-runtime`, at a commit, tag or branch.
    Git {
        /// Any URL cargo fetches: `https://…`, `ssh://…`, `file://…`.
        url: String,
        /// The commit, tag or branch.
        rev: String,
    },
    /// A version requirement on crates.io's `client-runtime`.
    Version(String),
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
    /// What a user should know about the output, one sentence each (where the runtime comes from
    /// when the generator chose it).
    pub notes: Vec<String>,
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
    let (dir, wanted, notes) = match &job.out {
        Target::Module(dir) => (dir.clone(), output.files, Vec::new()),
        Target::Crate { dir, name, runtime } => {
            let (dependency, note) = runtime_dependency(dir, runtime)?;
            (dir.clone(), standalone_crate(name, &dependency, output.files), note.into_iter().collect())
        }
    };
    let mut report = sync(&dir, &wanted, job.check)?;
    report.warnings = warnings;
    report.notes = notes;
    if job.check && (!report.changed.is_empty() || !report.removed.is_empty()) {
        let command = match &job.out {
            Target::Module(_) => COMMAND.to_owned(),
            Target::Crate { dir, name, runtime } => {
                let runtime = match runtime {
                    Runtime::Auto => String::new(),
                    Runtime::Path(path) => format!(" --runtime-path {}", path.display()),
                    Runtime::Git { url, rev } => format!(" --runtime-git {url} --runtime-rev {rev}"),
                    Runtime::Version(version) => format!(" --runtime-version {version}"),
                };
                let root = job.root.as_ref().map_or_else(String::new, |root| format!(" --root {}", root.display()));
                format!(
                    "{COMMAND} --schema {}{root} --out {} --name {name}{runtime}",
                    job.schema.display(),
                    dir.display()
                )
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

/// The `client-runtime = { … }` entry of a standalone crate in `dir`, and a note when the
/// generator chose the source.
fn runtime_dependency(dir: &Path, runtime: &Runtime) -> Result<(String, Option<String>), String> {
    let quoted = |text: &str| toml::Value::from(text).to_string();
    let relative = |runtime: &Path, dir: &Path| {
        relative_path(dir, runtime)
            .map(|path| quoted(&path.display().to_string().replace('\\', "/")))
            .ok_or_else(|| format!("no relative path leads from {} to {}", dir.display(), runtime.display()))
    };
    match runtime {
        Runtime::Auto => {
            let workspace = workspace_root();
            let inside =
                absolute(dir).zip(fs::canonicalize(&workspace).ok()).is_some_and(|(dir, root)| dir.starts_with(root));
            if inside {
                Ok((format!("path = {}", relative(&workspace.join("client-runtime"), dir)?), None))
            } else {
                let note = format!(
                    "the crate is outside the generator's repository, so it depends on client-runtime {RUNTIME_VERSION} from crates.io; --runtime-path or --runtime-git choose another source"
                );
                Ok((format!("version = {}", quoted(RUNTIME_VERSION)), Some(note)))
            }
        }
        Runtime::Path(path) => {
            if !path.join("Cargo.toml").is_file() {
                return Err(format!(
                    "--runtime-path {}: no Cargo.toml there (the client-runtime folder)",
                    path.display()
                ));
            }
            Ok((format!("path = {}", relative(path, dir)?), None))
        }
        Runtime::Git { url, rev } => Ok((format!("git = {}, rev = {}", quoted(url), quoted(rev)), None)),
        Runtime::Version(version) => Ok((format!("version = {}", quoted(version)), None)),
    }
}

/// Lays the generated module out as a crate: `src/lib.rs` is the module root. `runtime` is where
/// `client-runtime` comes from (`path = "…"`, `git = "…", rev = "…"` or `version = "…"`).
fn standalone_crate(name: &str, runtime: &str, files: BTreeMap<String, String>) -> BTreeMap<String, String> {
    // Endpoint methods (in `client.rs`) need the runtime's HTTP client, and its TLS a crypto
    // provider, which the crate's own features choose; types alone need neither.
    let (features, provider) = if files.contains_key("client.rs") {
        (
            ", features = [\"http\"]",
            "\n# rustls's crypto provider: aws-lc-rs (post-quantum key exchange) by default, or ring,\n\
             # which builds faster (`default-features = false, features = [\"ring\"]`).\n\
             [features]\ndefault = [\"aws-lc-rs\"]\naws-lc-rs = [\"client-runtime/aws-lc-rs\"]\nring = [\"client-runtime/ring\"]\n",
        )
    } else {
        ("", "")
    };
    let manifest = format!(
        "# @generated by `{COMMAND}`: do not edit by hand.\n\
         [package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         # Docs are the schema authors' Markdown; their indented examples are not Rust to test.\n\
         [lib]\ndoctest = false\n\n\
         [dependencies]\nclient-runtime = {{ {runtime}, default-features = false{features} }}\n{provider}\n\
         # A crate of its own, even when generated inside another workspace.\n[workspace]\n"
    );
    let mut out = BTreeMap::from([("Cargo.toml".to_owned(), manifest)]);
    for (path, text) in files {
        let path = if path == "mod.rs" { "lib.rs".to_owned() } else { path };
        out.insert(format!("src/{path}"), text);
    }
    out
}

/// `path` made absolute, through its symbolic links when it exists.
fn absolute(path: &Path) -> Option<PathBuf> {
    fs::canonicalize(path).ok().or_else(|| std::path::absolute(path).ok())
}

/// `to` relative to `from` (either may be relative to the working directory; `to` must exist).
fn relative_path(from: &Path, to: &Path) -> Option<PathBuf> {
    let from = absolute(from)?;
    let to = fs::canonicalize(to).ok()?;
    let common = from.components().zip(to.components()).take_while(|(a, b)| a == b).count();
    // Different roots (Windows drives): no relative path exists.
    if common == 0 {
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
