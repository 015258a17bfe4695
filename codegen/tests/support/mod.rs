//! Shared by the generator's test binaries: reading fixture folders and running the generator on them.

#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The command fixtures name in their headers (the same as the real one).
pub const COMMAND: &str = "cargo xtask regenerate";

/// The fixture folders below `tests/<group>/`, sorted by name.
pub fn cases(group: &str) -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(group);
    let mut cases: Vec<(String, PathBuf)> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .map(|path| (path.file_name().unwrap_or_default().to_string_lossy().into_owned(), path))
        .collect();
    cases.sort();
    cases
}

/// Every schema file of a fixture (`.yaml`, `.yml`, `.json`, recursively), by `/`-separated
/// relative name, as in-memory sources. Files are read as bytes, so a fixture may hold non-UTF-8.
pub fn sources(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in
            fs::read_dir(&current).unwrap_or_else(|e| panic!("cannot read {}: {e}", current.display())).flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
                let name = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(name, fs::read(&path).unwrap_or_default());
            }
        }
    }
    files
}

/// Byte sources for the generator.
pub struct Bytes(pub BTreeMap<String, Vec<u8>>);

impl codegen::Sources for Bytes {
    fn read(&self, name: &str) -> Result<Vec<u8>, String> {
        self.0.get(name).cloned().ok_or_else(|| "no such file".to_owned())
    }
}

/// Runs the generator on a fixture folder, reading its files in the given order.
pub fn generate(dir: &Path, reverse: bool) -> Result<codegen::Output, codegen::Failure> {
    let files = sources(dir);
    let mut names: Vec<String> = files.keys().cloned().collect();
    if reverse {
        names.reverse();
    }
    codegen::generate(&Bytes(files), &codegen::Input { files: names, command: COMMAND.to_owned() })
}

/// All output files of a run as one text, each under a `// ==== path ====` line, for snapshots.
pub fn concatenate(files: &BTreeMap<String, String>) -> String {
    files.iter().map(|(path, text)| format!("// ==== {path} ====\n{text}")).collect::<Vec<_>>().join("\n")
}

/// The vendor's OpenAPI files in `../shared/psa-api/openapi/` beside the clone, sorted, or `None`
/// when that folder is absent (a user's clone: the vendor files carry the vendor's licence and are
/// not part of the project).
/// When it is absent, says so on stderr: the test that asked passes, having checked nothing.
pub fn vendor_files() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/psa-api/openapi");
    let Ok(entries) = fs::read_dir(&dir) else {
        eprintln!(
            "skipped: ../shared/psa-api/openapi is absent (a user's clone); the vendor files are not part of the project"
        );
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    Some(files)
}

/// Runs the generator on one vendor file.
pub fn generate_file(path: &Path) -> Result<codegen::Output, codegen::Failure> {
    let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let files = BTreeMap::from([(name.clone(), fs::read(path).unwrap_or_default())]);
    codegen::generate(&Bytes(files), &codegen::Input { files: vec![name], command: COMMAND.to_owned() })
}
