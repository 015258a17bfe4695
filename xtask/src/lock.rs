//! Generated crates built with the workspace's locked versions: a copy of its `Cargo.lock` seeds
//! each crate's lock, and a comparison after the build proves nothing was resolved afresh, so
//! somebody else's release changes nothing until the workspace's lock is updated on purpose.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde::Deserialize;

/// A `Cargo.lock`, as far as pinning goes.
#[derive(Deserialize)]
struct LockFile {
    #[serde(default)]
    package: Vec<LockedPackage>,
}

#[derive(Deserialize)]
struct LockedPackage {
    name: String,
    version: String,
    /// `registry+…` or `git+…`; none for path packages, which are built from source anyway.
    source: Option<String>,
}

/// Copies `lock` (a workspace's `Cargo.lock`) into the crate in `dir`, so that cargo keeps every
/// version it pins. Cargo drops what the crate does not use on its first build.
///
/// # Errors
/// An I/O error message.
pub fn seed(dir: &Path, lock: &Path) -> Result<(), String> {
    fs::copy(lock, dir.join("Cargo.lock"))
        .map(drop)
        .map_err(|error| format!("cannot copy {} into {}: {error}", lock.display(), dir.display()))
}

/// Every registry package of `crate_lock` whose version `pinned` does not hold (`name@version`,
/// sorted): what cargo resolved afresh.
///
/// # Errors
/// When either file cannot be read or is not a lock file.
pub fn unpinned(crate_lock: &Path, pinned: &Path) -> Result<Vec<String>, String> {
    let registry_packages = |path: &Path| -> Result<BTreeSet<String>, String> {
        let text = fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let lock: LockFile =
            toml::from_str(&text).map_err(|error| format!("{} is not a Cargo.lock: {error}", path.display()))?;
        Ok(lock
            .package
            .into_iter()
            .filter(|package| package.source.as_deref().is_some_and(|source| source.starts_with("registry+")))
            .map(|package| format!("{}@{}", package.name, package.version))
            .collect())
    };
    let pinned = registry_packages(pinned)?;
    Ok(registry_packages(crate_lock)?.difference(&pinned).cloned().collect())
}
