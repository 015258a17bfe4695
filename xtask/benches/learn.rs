//! Learning throughput: `cargo xtask learn --as Status` over 10 MB of drifted status bodies (the
//! three status samples, varied: new keys, new enum values, fractions in integer fields).
//!
//! Run with `cargo bench -p xtask --bench learn`; throughput is reported in bytes of JSON read.
//! Memory does not grow with the inputs: one body is held at a time (compare the peak RSS of
//! runs over 10 and 40 MB, as the project's notes on issue 11 do).

use std::fs;
use std::path::{Path, PathBuf};

use divan::Bencher;
use divan::counter::BytesCount;
use serde_json::{Value, json};
use xtask::learn::{Learn, learn};
use xtask::workspace_root;

const TOTAL_BYTES: usize = 10 << 20;

fn main() {
    divan::main();
}

/// Writes drifted status bodies into `dir` until they total `bytes`; returns the total.
fn write_bodies(dir: &Path, bytes: usize) -> usize {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).expect("create the bodies folder");
    let samples: Vec<Value> = ["status-2020.json", "status-2023.json", "status-2024.json"]
        .iter()
        .map(|name| {
            let path = workspace_root().join("generated-client/tests/fixtures/samples").join(name);
            serde_json::from_slice(&fs::read(path).expect("read a sample")).expect("JSON")
        })
        .collect();
    let (mut total, mut index) = (0, 0);
    while total < bytes {
        let mut body = samples[index % samples.len()].clone();
        body["ignition"]["type"] = json!(["Parked", "Stop", "Towed"][index % 3]);
        body["connectivity"] = json!({"createdAt": "2024-01-24T07:12:40Z", "band": format!("{}G", 3 + index % 3)});
        if let Some(energy) = body["energies"].get_mut(0) {
            energy["autonomy"] = json!(f64::from(u32::try_from(index % 500).unwrap_or(0)) + 0.5);
        }
        let text = serde_json::to_vec(&body).expect("encode");
        total += text.len();
        fs::write(dir.join(format!("{index:06}.json")), text).expect("write a body");
        index += 1;
    }
    total
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn learn_10_mb_of_status_bodies(bencher: Bencher) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("learn-bench");
    let total = write_bodies(&dir.join("bodies"), TOTAL_BYTES);
    let job = Learn {
        schema: workspace_root().join("schema"),
        inputs: vec![dir.join("bodies")],
        as_schema: Some("Status".to_owned()),
        write: false,
    };
    bencher.counter(BytesCount::new(total)).bench(|| {
        let learned = learn(&job).expect("learns");
        assert!(!learned.proposals.is_empty());
    });
}
