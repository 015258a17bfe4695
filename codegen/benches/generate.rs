//! Generation time of the largest real documents of the public corpus (read from
//! `../shared/corpus`, never copied; nothing is measured, and that is said, when it is absent),
//! and of one document read 1, 2 and 4 times over (as that many files), to show the growth.
//!
//! Run with `cargo bench -p codegen --bench generate`. Throughput is in bytes of schema read.

use std::collections::BTreeMap;
use std::path::Path;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};

/// The allocator `cargo xtask regenerate` runs with, so that the figures are what a user sees.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");

/// The largest documents: Stripe (4.2 MB of YAML), OpenAI (3.0 MB of YAML), Discord (1.2 MB of JSON).
const LARGEST: &[&str] = &["stripe/openapi/spec3.yaml", "openai/openapi.yaml", "discord/specs/openapi.json"];

fn main() {
    if !Path::new(CORPUS).is_dir() {
        eprintln!("skipped: ../shared/corpus is absent (a user's clone); the corpus is not part of the project");
        return;
    }
    divan::main();
}

/// `copies` copies of one corpus file, as `copy1.yaml`, `copy2.yaml`, …
fn sources(file: &str, copies: usize) -> (BTreeMap<String, String>, Vec<String>) {
    let text = std::fs::read_to_string(Path::new(CORPUS).join(file)).unwrap_or_default();
    let extension = file.rsplit_once('.').map_or("yaml", |(_, e)| e);
    let names: Vec<String> = (1..=copies).map(|i| format!("copy{i}.{extension}")).collect();
    (names.iter().map(|name| (name.clone(), text.clone())).collect(), names)
}

fn generate(bencher: Bencher, file: &str, copies: usize) {
    let (sources, files) = sources(file, copies);
    let bytes: usize = sources.values().map(String::len).sum();
    let input = codegen::Input { files, command: "cargo xtask regenerate".to_owned() };
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let output = codegen::generate(black_box(&sources), &input);
        assert!(output.is_ok(), "{file} does not generate");
        output
    });
}

#[divan::bench(args = LARGEST, sample_count = 3, sample_size = 1)]
fn largest(bencher: Bencher, file: &str) {
    generate(bencher, file, 1);
}

/// OpenAI's document read 1, 2 and 4 times: time should double with each step.
#[divan::bench(args = [1, 2, 4], sample_count = 3, sample_size = 1)]
fn openai_times(bencher: Bencher, copies: usize) {
    generate(bencher, "openai/openapi.yaml", copies);
}
