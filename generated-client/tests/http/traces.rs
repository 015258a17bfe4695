//! The `tracing` spans and events of the HTTP runtime: what they name, and that no credential, id
//! or other personal value is ever in a field.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use super::*;

/// Every span and event of the runtime, one line each: `span request: method=GET …`,
/// `event: message=retrying status=503 …`; span fields recorded later become `record` lines.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicU64>,
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push_str(&format!(" {}={value}", field.name()));
    }
}

impl Recorder {
    fn push(&self, line: String) {
        self.lines.lock().unwrap().push(line);
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("client_runtime")
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(format!("span {}:", span.metadata().name()));
        span.record(&mut fields);
        self.push(fields.0);
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut fields = Fields("record:".to_owned());
        values.record(&mut fields);
        self.push(fields.0);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(format!("event {}:", event.metadata().level()));
        event.record(&mut fields);
        self.push(fields.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn assert_nothing_personal(lines: &[String]) {
    for line in lines {
        for secret in SECRETS.iter().chain(&[CLIENT_ID, VEHICLE_1, "fresh-token-1"]) {
            assert!(!line.contains(secret), "{secret} in a trace: {line}");
        }
    }
}

/// A request is one span with the method, the path template, the status, the attempt and the
/// duration; a drifted answer is one event with its count of drift items.
#[tokio::test]
async fn a_request_is_a_span_with_its_template_status_and_attempt() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = FakeServer::start().await;
    let path = format!("/user/vehicles/{VEHICLE_1}/status");
    server.script(Method::GET, &path, Canned::sample(200, "status-2023.json"));
    client(&server).get_vehicle_status(VEHICLE_1).await.expect("status");
    let lines = recorder.lines();
    let text = lines.join("\n");
    assert!(text.contains("span request: method=GET path=/user/vehicles/{id}/status"), "{text}");
    assert!(text.contains("record: status=200\nrecord: attempt=1"), "{text}");
    assert!(lines.iter().any(|l| l.starts_with("record: duration_ms=")), "{text}");
    assert!(text.contains("message=the answer departs from the schema drift_items=3"), "{text}");
    assert_nothing_personal(&lines);
}

/// A retry is an event with its wait; a refresh after 401 is an event; nothing personal in either.
#[tokio::test]
async fn retries_and_token_refreshes_are_events() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = FakeServer::start().await;
    let path = format!("/user/vehicles/{VEHICLE_1}/status");
    server.script(Method::GET, &path, Canned::status(503).header("retry-after", "0"));
    refreshing_client(&server).get_vehicle_status(VEHICLE_1).await.expect("after a refresh and a retry");
    let lines = recorder.lines();
    let text = lines.join("\n");
    assert!(text.contains("message=access token refused; refreshing it once"), "{text}");
    assert!(text.contains("message=access token refreshed"), "{text}");
    assert!(text.contains("message=retrying status=503 attempt=1 wait_ms=0"), "{text}");
    assert!(text.contains("record: status=200\nrecord: attempt=3"), "{text}");
    assert_nothing_personal(&lines);
}
