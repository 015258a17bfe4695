//! `cargo xtask latest`: the workspace and the public corpus against the newest dependency
//! versions the manifests allow, as a user who resolves afresh gets them. CI builds with the
//! lock; this is how we learn, before users do, that an upstream release breaks or warns.
//!
//! It works in a copy of the repository's files under `target/latest/tree/` (the checkout and its
//! `Cargo.lock` are never touched): `cargo update` there, then every target of the workspace
//! checked with every feature and warnings denied, the runtime with its other crypto provider,
//! and `cargo xtask corpus --check` run by the copy itself, so each corpus crate is pinned to the
//! freshly updated lock.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workspace_root;

/// What to run.
#[derive(Clone, Debug, Default)]
pub struct Latest {
    /// Only these corpus documents (all when empty).
    pub only: Vec<String>,
    /// Not these corpus documents.
    pub skip: Vec<String>,
}

/// Runs every step, even after one fails, and prints progress as it goes.
///
/// # Errors
/// The steps that failed, when any did, or why the copy could not be made.
pub fn run(job: &Latest) -> Result<(), String> {
    let root = workspace_root();
    let copy = root.join("target/latest/tree");
    let files = copy_tracked_files(&root, &copy)?;
    eprintln!("copied {files} files of the repository into {}", copy.display());
    let corpus = root.join("../shared/corpus");
    let mut corpus_args = vec!["xtask".to_owned(), "corpus".to_owned(), "--check".to_owned()];
    corpus_args.push(format!("--dir={}", corpus.display()));
    if !job.only.is_empty() {
        corpus_args.push(format!("--only={}", job.only.join(",")));
    }
    if !job.skip.is_empty() {
        corpus_args.push(format!("--skip={}", job.skip.join(",")));
    }
    let steps: [(&str, Vec<String>); 4] = [
        ("update the copy's Cargo.lock to the newest compatible versions", words("update")),
        (
            "check every target of the workspace, every feature on, warnings denied",
            words("check --workspace --all-targets --all-features --message-format=short"),
        ),
        (
            "check the runtime with ring instead of aws-lc-rs, warnings denied",
            words("check -p client-runtime --no-default-features --features http,webhook,ring --message-format=short"),
        ),
        ("every corpus document generated and checked, pinned to the updated lock", corpus_args),
    ];
    let mut failed = Vec::new();
    for (what, args) in steps {
        eprintln!("\n==== {what}\n     cargo {}", args.join(" "));
        if let Err(message) = cargo(&copy, &args) {
            eprintln!("FAILED: {message}");
            failed.push(what);
        }
    }
    if failed.is_empty() {
        eprintln!("\nthe newest compatible versions build clean: no warning, no error");
        Ok(())
    } else {
        Err(format!("with the newest compatible versions, these steps failed:\n  {}", failed.join("\n  ")))
    }
}

fn words(command: &str) -> Vec<String> {
    command.split(' ').map(str::to_owned).collect()
}

/// Runs cargo in the copy, into the copy's own target folder, with its output shown as it comes.
fn cargo(copy: &Path, args: &[String]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(args)
        .current_dir(copy)
        .env("CARGO_TARGET_DIR", copy.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if status.success() { Ok(()) } else { Err(format!("cargo {} exited with {status}", args.join(" "))) }
}

/// Makes `copy` hold the repository's files as they are in the working tree (tracked, and new
/// ones git does not ignore), keeping the copy's `target/` so that a second run builds less.
fn copy_tracked_files(root: &Path, copy: &Path) -> Result<usize, String> {
    let output = Command::new("git")
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(root)
        .output()
        .map_err(|error| format!("cannot run git (latest copies the repository's files): {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "`git ls-files` failed in {}: {}",
            root.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    if let Ok(entries) = fs::read_dir(copy) {
        for entry in entries.flatten().filter(|entry| entry.file_name() != "target") {
            let path = entry.path();
            let removed = if path.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
            removed.map_err(|error| format!("cannot clear {}: {error}", path.display()))?;
        }
    }
    let names = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut copied = 0;
    for name in names.split('\0').filter(|name| !name.is_empty()) {
        let from = root.join(name);
        // A file deleted in the working tree but still in the index is not part of it.
        if !from.is_file() {
            continue;
        }
        let to: PathBuf = copy.join(name);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
        }
        fs::copy(&from, &to).map_err(|error| format!("cannot copy {}: {error}", from.display()))?;
        copied += 1;
    }
    Ok(copied)
}
