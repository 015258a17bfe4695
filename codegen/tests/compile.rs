//! Proves with trybuild that the generated code of every fixture, and of every vendor OpenAPI file
//! in `../shared` when it is there, compiles under `#![deny(warnings)]`, and runs the fixture's
//! `check.rs` (behaviour asserts on the generated types) where there is one. One trybuild run
//! builds the dependencies once for all of them.

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
        let output = support::generate(&dir, false)
            .unwrap_or_else(|failure| panic!("fixture {case} failed:\n{}", failure.render()));
        let out = root.join(&case);
        for (path, text) in &output.files {
            let file = out.join("generated").join(path);
            fs::create_dir_all(file.parent().unwrap_or(&out)).expect("create the fixture output folder");
            fs::write(&file, text).expect("write a generated file");
        }
        let mut wrapper = String::from("#![deny(warnings)]\n");
        // The harness is a binary: types it does not use would be dead code, and re-exports it
        // does not use unused imports, which says nothing about the generated code (in a library
        // they are its public API). Every other warning is an error.
        let _ = writeln!(
            wrapper,
            "#[allow(dead_code, unused_imports)]\n#[path = {:?}]\nmod generated;",
            out.join("generated/mod.rs")
        );
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
    match support::vendor_files() {
        None => eprintln!("vendor files skipped: ../shared/psa-api/openapi is absent (a user's clone)"),
        Some(files) => {
            for path in files {
                let Ok(output) = support::generate_file(&path) else { continue }; // Swagger 2: refused, see vendor.rs
                let case = path.file_stem().unwrap_or_default().to_string_lossy().replace(['-', '.'], "_");
                let out = root.join(format!("vendor_{case}"));
                for (file, text) in &output.files {
                    let target = out.join("generated").join(file);
                    fs::create_dir_all(target.parent().unwrap_or(&out)).expect("create the vendor output folder");
                    fs::write(&target, text).expect("write a generated file");
                }
                let main = out.join(format!("vendor_{case}.rs"));
                let wrapper = format!(
                    "#![deny(warnings)]\n#[allow(dead_code, unused_imports)]\n#[path = {:?}]\nmod generated;\nfn main() {{}}\n",
                    out.join("generated/mod.rs")
                );
                fs::write(&main, wrapper).expect("write the trybuild wrapper");
                cases.pass(&main);
            }
        }
    }
}
