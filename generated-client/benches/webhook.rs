//! What receiving a delivery costs: a full batch of 100 messages (the vendor's maximum, made of
//! the sample messages) through the webhook receiver (header check, cap, decoding with drift
//! and rejected items), against decoding the same bytes as `List<Message>` and as `serde_json::Value`.
//!
//! Run with `cargo bench -p generated-client --bench webhook`; throughput is in bytes of JSON read.

use std::sync::LazyLock;

use axum::http::{HeaderMap, HeaderValue};
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use generated_client::Message;
use generated_client::webhook::Receiver;

const SAMPLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/samples/callback-message.json"));
const SECRET: &str = "Bearer bench-callback-secret";

/// The sample's two messages, repeated to a batch of 100.
static BATCH: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let messages: Vec<serde_json::Value> = serde_json::from_str(SAMPLE).expect("the sample is a JSON array");
    let batch: Vec<&serde_json::Value> = messages.iter().cycle().take(100).collect();
    serde_json::to_vec(&batch).expect("JSON encodes")
});

fn headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("authorization", HeaderValue::from_static(SECRET));
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers
}

fn main() {
    let receiver = Receiver::new([("authorization", SECRET)]).expect("a valid header name");
    let delivery = receiver.receive(&headers(), &BATCH).expect("the batch is accepted");
    assert_eq!((delivery.len(), delivery.drift.len()), (100, 0));
    divan::main();
}

#[divan::bench]
fn receiver(bencher: Bencher) {
    let receiver = Receiver::new([("authorization", SECRET)]).expect("a valid header name");
    let headers = headers();
    bencher.counter(BytesCount::of_slice(&*BATCH)).bench(|| receiver.receive(&headers, black_box(&BATCH)).is_ok());
}

#[divan::bench]
fn messages(bencher: Bencher) {
    bencher
        .counter(BytesCount::of_slice(&*BATCH))
        .bench(|| client_runtime::from_json_slice::<client_runtime::List<Message>>(black_box(&BATCH)).is_ok());
}

#[divan::bench]
fn value(bencher: Bencher) {
    bencher
        .counter(BytesCount::of_slice(&*BATCH))
        .bench(|| serde_json::from_slice::<serde_json::Value>(black_box(&BATCH)).is_ok());
}

/// A refused delivery costs only the header comparison: the body is never looked at.
#[divan::bench]
fn refused(bencher: Bencher) {
    let receiver = Receiver::new([("authorization", SECRET)]).expect("a valid header name");
    let mut headers = headers();
    headers.insert("authorization", HeaderValue::from_static("Bearer bench-callback-secreT"));
    bencher.bench(|| receiver.receive(&headers, black_box(&BATCH)).is_err());
}
