//! Proves with trybuild that the generated code of every fixture compiles under `#![deny(warnings)]`,
//! and runs the fixture's `check.rs` (behaviour asserts on the generated types) where there is one.

mod support;

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

#[test]
fn generated_code_of_every_fixture_compiles_and_behaves() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("generated-fixtures");
    let _ = fs::remove_dir_all(&root);
    let cases = trybuild::TestCases::new();
    for (case, dir) in support::cases("fixtures") {
        let output = support::generate(&dir, false).unwrap_or_else(|failure| panic!("fixture {case} failed:\n{}", failure.render()));
        let out = root.join(&case);
        for (path, text) in &output.files {
            let file = out.join("generated").join(path);
            fs::create_dir_all(file.parent().unwrap_or(&out)).expect("create the fixture output folder");
            fs::write(&file, text).expect("write a generated file");
        }
        let mut wrapper = String::from("#![deny(warnings)]\n");
        // The harness is a binary: types it does not use would be dead code, which says nothing
        // about the generated code. Every other warning is an error.
        let _ = writeln!(wrapper, "#[allow(dead_code)]\n#[path = {:?}]\nmod generated;", out.join("generated/mod.rs"));
        let check = dir.join("check.rs");
        if check.is_file() {
            let _ = writeln!(wrapper, "include!({:?});", check);
        } else {
            wrapper.push_str("fn main() {}\n");
        }
        let main = out.join(format!("{case}.rs"));
        fs::write(&main, wrapper).expect("write the trybuild wrapper");
        cases.pass(&main);
    }
}
