//! Replays every input a fuzz target failed on: `fuzz/regressions/<target>/<file>`, run through
//! the same `fuzz_*` function the target runs (`tests/support/properties.rs`), so that a crash
//! the fuzzer once found fails `cargo test` if it comes back.

#[path = "support/properties.rs"]
mod properties;

use std::path::Path;

#[test]
fn every_fuzz_regression_passes() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../fuzz/regressions"));
    let mut replayed = 0;
    for (target, run) in properties::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&bytes));
            assert!(outcome.is_ok(), "fuzz regression {} fails again", path.display());
            replayed += 1;
        }
    }
    // Every directory name is a target, so that a misspelt one is not silently skipped.
    for entry in std::fs::read_dir(root).into_iter().flatten() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(properties::TARGETS.iter().any(|(target, _)| *target == name) || name == "README.md", "{name}");
    }
    println!("{replayed} fuzz regressions replayed");
}

/// The choices of a structure-aware target are read the same way in the fuzzer and here.
#[test]
fn byte_choices_are_stable() {
    let mut choices = properties::ByteChoices::new(&[0, 7, 1, 0, 9]);
    assert_eq!([choices.below(5), choices.below(300), choices.below(5), choices.below(5)], [2, 256, 4, 0]);
}
