//! Proves with trybuild that the generated code of every fixture, and of every vendor OpenAPI file
//! in `../shared` when it is there, compiles under `#![deny(warnings)]`, and runs the fixture's
//! `check.rs` (behaviour asserts on the generated types) where there is one. One trybuild run
//! builds the dependencies once for all of them.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[test]
fn generated_code_of_every_fixture_compiles_and_behaves() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("generated-fixtures");
    let _ = fs::remove_dir_all(&root);
    let cases = trybuild::TestCases::new();
    for (case, dir) in support::cases("fixtures") {
        let output = support::generate(&dir, false)
            .unwrap_or_else(|failure| panic!("fixture {case} failed:\n{}", failure.render()));
        let check = dir.join("check.rs");
        cases.pass(harness(&root.join(&case), &case, &output.files, check.is_file().then_some(check.as_path())));
    }
    // Absent vendor files: `vendor_files` said so, and only the fixtures are compiled.
    if let Some(files) = support::vendor_files() {
        for path in files {
            let Ok(output) = support::generate_file(&path) else { continue }; // vendor.rs reports failures
            let case =
                format!("vendor_{}", path.file_stem().unwrap_or_default().to_string_lossy().replace(['-', '.'], "_"));
            cases.pass(harness(&root.join(&case), &case, &output.files, None));
        }
    }
}

/// Writes the generated files under `out/generated/` and a binary `out/<name>.rs` that includes
/// them as a module, with `check` as its `main` when there is one; returns the binary's path.
fn harness(out: &Path, name: &str, files: &BTreeMap<String, String>, check: Option<&Path>) -> PathBuf {
    for (path, text) in files {
        let file = out.join("generated").join(path);
        fs::create_dir_all(file.parent().unwrap_or(out)).expect("create the output folder");
        fs::write(&file, text).expect("write a generated file");
    }
    let mut wrapper = String::from("#![deny(warnings)]\n");
    // The harness is a binary: types it does not use would be dead code, and re-exports it does
    // not use unused imports, which says nothing about the generated code (in a library they are
    // its public API). Every other warning is an error.
    let _ = writeln!(
        wrapper,
        "#[allow(dead_code, unused_imports)]\n#[path = {:?}]\nmod generated;",
        out.join("generated/mod.rs")
    );
    match check {
        Some(check) => {
            let _ = writeln!(wrapper, "include!({check:?});");
        }
        None => wrapper.push_str("fn main() {}\n"),
    }
    let main = out.join(format!("{name}.rs"));
    fs::write(&main, wrapper).expect("write the trybuild wrapper");
    main
}
