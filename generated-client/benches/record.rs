//! What drift recording adds to a call, on the 2024 status sample (which drifts: `Level6`):
//! the drift walk every answer pays once recording is on, and the whole record of a drifted
//! answer (walk, re-read, redaction, one JSON line) before it reaches the sink. Decoding the
//! same body is the yardstick.
//!
//! Run with `cargo bench -p generated-client --bench record`.

use client_runtime::http::DriftRecord;
use client_runtime::{Drift, redact};
use divan::{Bencher, black_box};
use generated_client::Status;

const BODY: &[u8] = include_bytes!("../tests/fixtures/samples/status-2024.json");

fn main() {
    divan::main();
}

fn decoded() -> Status {
    client_runtime::from_json_slice(BODY).expect("the sample decodes")
}

#[divan::bench]
fn decode_only(bencher: Bencher) {
    bencher.bench(|| client_runtime::from_json_slice::<Status>(black_box(BODY)).expect("decodes"));
}

#[divan::bench]
fn drift_walk(bencher: Bencher) {
    let status = decoded();
    bencher.bench(|| black_box(&status).drift());
}

#[divan::bench]
fn whole_record(bencher: Bencher) {
    let status = decoded();
    bencher.bench(|| {
        let drift = black_box(&status).drift();
        let body: serde_json::Value = serde_json::from_slice(BODY).expect("JSON");
        let record = DriftRecord {
            time: jiff::Timestamp::UNIX_EPOCH,
            operation: Some("getVehicleStatus"),
            schema: "Status".to_owned(),
            status: 200,
            shape: redact::redacted_shape(&body, &drift),
            drift: redact::redacted_report(&drift),
        };
        record.to_json_line()
    });
}
