//! Proves with trybuild that the generated code of every fixture, and of every vendor OpenAPI file
//! in `../shared` when it is there, compiles under `#![deny(warnings)]`, and runs the fixture's
//! `check.rs` (behaviour asserts on the generated types) where there is one, plus a few seeded
//! variants of the fixtures whose properties turned into arrays and maps of themselves. One
//! trybuild run builds the dependencies once for all of them.

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
    for (case, files) in seeded_variants() {
        cases.pass(harness(&root.join(&case), &case, &files, None));
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

/// Variants of a few fixtures, chosen by a fixed seed: each property schema becomes an array of
/// itself, a map of itself, or stays, so that `List` and `Entries` of every kind of item (named
/// types, enums, `oneOf`s, nullable and recursive ones) are compiled. Each variant must generate.
fn seeded_variants() -> Vec<(String, BTreeMap<String, String>)> {
    let mut rng = fastrand::Rng::with_seed(0xa77a_c0de);
    ["all_of", "nullable", "one_of", "recursion"]
        .into_iter()
        .map(|fixture| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
            let mut files = support::sources(&dir);
            for text in files.values_mut() {
                let mut tree: serde_yaml::Value = serde_yaml::from_slice(text).expect("fixture YAML");
                wrap_properties(&mut tree, &mut rng);
                *text = serde_yaml::to_string(&tree).expect("YAML").into_bytes();
            }
            let names: Vec<String> = files.keys().cloned().collect();
            let input = codegen::Input { files: names, command: support::COMMAND.to_owned() };
            let output = codegen::generate(&support::Bytes(files), &input)
                .unwrap_or_else(|failure| panic!("variant of {fixture}:\n{}", failure.render()));
            (format!("variant_{fixture}"), output.files)
        })
        .collect()
}

fn wrap_properties(node: &mut serde_yaml::Value, rng: &mut fastrand::Rng) {
    use serde_yaml::{Mapping, Value};
    let Value::Mapping(map) = node else { return };
    if let Some(Value::Mapping(properties)) = map.get_mut("properties") {
        for (_, schema) in properties.iter_mut() {
            let key = match rng.usize(..3) {
                0 => "items",
                1 => "additionalProperties",
                _ => continue,
            };
            let kind = if key == "items" { "array" } else { "object" };
            let inner = schema.clone();
            *schema = Value::Mapping(Mapping::from_iter([("type".into(), kind.into()), (key.into(), inner)]));
        }
    }
    for (_, child) in map.iter_mut() {
        wrap_properties(child, rng);
    }
}
