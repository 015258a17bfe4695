//! The webhook receiver alone: every check of a delivery, one case each, over real HTTP on
//! 127.0.0.1 and through the framework-neutral function; a refused delivery never reaches user
//! code, and no body makes it panic.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::http::{HeaderMap, HeaderValue};
use client_runtime::webhook::{ConfigError, Refusal};
use generated_client::webhook::{Receiver, RemoteOutcome};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::webhooks::{HOOK_SECRET, Hook, plain_http};
use super::*;

/// The header value every endpoint under test expects.
const SECRET_HEADER: &str = HOOK_SECRET;
/// The cap of the endpoint under test: the sample batch fits, a padded one does not.
const CAP: usize = 4096;

/// One delivery attempt: its headers and body, and the status the endpoint must answer.
struct Case {
    name: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: Vec<u8>,
    status: u16,
}

const GOOD: &[(&str, &str)] = &[("authorization", SECRET_HEADER), ("content-type", "application/json")];

fn cases() -> Vec<Case> {
    let sample = fake_server::sample("callback-message.json").as_bytes().to_vec();
    let case = |name, headers, body: &[u8], status| Case { name, headers, body: body.to_vec(), status };
    vec![
        case("the sample batch", GOOD, &sample, 200),
        case("one message, as the vendor's spec has it", GOOD, br#"{"type": "Remote"}"#, 200),
        case("an empty batch", GOOD, b"[]", 200),
        case(
            "a +json type with a charset",
            &[("authorization", SECRET_HEADER), ("content-type", "application/hal+json;charset=UTF-8")],
            b"[]",
            200,
        ),
        case("no authorization", &[("content-type", "application/json")], &sample, 401),
        case("a wrong secret", &[("authorization", "Bearer guess"), ("content-type", JSON)], &sample, 401),
        case(
            "the secret and one byte more",
            &[("authorization", "Bearer hook-SECRET-9f2c41x"), ("content-type", JSON)],
            b"[]",
            401,
        ),
        case(
            "the secret but its last byte",
            &[("authorization", "Bearer hook-SECRET-9f2c4"), ("content-type", JSON)],
            b"[]",
            401,
        ),
        case(
            "the secret in another case",
            &[("authorization", "bearer hook-secret-9f2c41"), ("content-type", JSON)],
            b"[]",
            401,
        ),
        case(
            "the secret twice",
            &[("authorization", SECRET_HEADER), ("authorization", SECRET_HEADER), ("content-type", JSON)],
            b"[]",
            401,
        ),
        case(
            "a wrong secret and a body that is not JSON",
            &[("authorization", "x"), ("content-type", JSON)],
            b"{{{",
            401,
        ),
        case("no content type", &[("authorization", SECRET_HEADER)], b"[]", 415),
        case(
            "a form",
            &[("authorization", SECRET_HEADER), ("content-type", "application/x-www-form-urlencoded")],
            b"a=1",
            415,
        ),
        case("text", &[("authorization", SECRET_HEADER), ("content-type", "text/plain")], b"[]", 415),
        case("a body over the cap", GOOD, &[b' '; CAP + 1], 413),
        case("not JSON", GOOD, b"<html>", 400),
        case("JSON cut short", GOOD, br#"[{"type": "Mon"#, 400),
        case("a string", GOOD, br#""Monitor""#, 400),
        case("null", GOOD, b"null", 400),
        case("a number", GOOD, b"42", 400),
        case("trailing bytes", GOOD, b"[] []", 400),
        case("nesting past the parser's limit", GOOD, "[".repeat(3000).as_bytes(), 400),
        case("an empty body", GOOD, b"", 400),
    ]
}

#[tokio::test]
async fn every_check_answers_its_status_and_only_accepted_deliveries_reach_user_code() {
    let receiver = Receiver::new([("authorization", SECRET_HEADER)]).expect("valid").max_body_bytes(CAP);
    let mut hook = Hook::start_with(receiver, 64).await;
    let http = plain_http();
    let mut failures = Vec::new();
    for case in cases() {
        let mut request = http.post(&hook.url).body(case.body.clone());
        for (name, value) in case.headers {
            request = request.header(*name, *value);
        }
        let status = request.send().await.map(|answer| answer.status().as_u16());
        let queued = hook.deliveries.try_recv().is_ok();
        if status.as_ref().ok() != Some(&case.status) || queued != (case.status == 200) {
            failures.push(format!("{}: {status:?}, queued: {queued} (expected {})", case.name, case.status));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let counts = hook.tally.counts();
    assert_eq!((counts.accepted, counts.unauthorized, counts.unsupported_media_type), (4, 7, 3));
    assert_eq!((counts.too_large, counts.malformed, counts.busy), (1, 8, 0));
}

#[tokio::test]
async fn only_post_is_answered() {
    let hook = Hook::start(1).await;
    let answer = plain_http().get(&hook.url).send().await.expect("an answer");
    assert_eq!(answer.status(), 405);
}

#[tokio::test]
async fn a_busy_answer_says_when_to_retry() {
    let hook = Hook::start(1).await;
    let post =
        || plain_http().post(&hook.url).header("authorization", SECRET_HEADER).header("content-type", JSON).body("[]");
    assert_eq!(post().send().await.expect("an answer").status(), 200);
    let busy = post().send().await.expect("an answer");
    assert_eq!(busy.status(), 503);
    assert_eq!(busy.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("10"));
}

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            axum::http::HeaderName::from_bytes(name.as_bytes()).expect("a name"),
            HeaderValue::from_str(value).expect("a value"),
        );
    }
    map
}

#[test]
fn a_batch_keeps_its_good_messages_and_names_the_bad_items() {
    let receiver = Receiver::new([("authorization", SECRET_HEADER)]).expect("valid");
    let body = br#"[{"type": "Monitor", "colour": "red"}, 42, null, {"type": "Remote"}]"#;

    let delivery = receiver.receive(&headers(GOOD), body).expect("accepted");

    let types: Vec<_> = delivery.messages.iter().map(|m| m.r#type.clone()).collect();
    assert_eq!(types, [Some(CallbackType::Monitor), Some(CallbackType::Remote)]);
    assert_eq!(delivery.rejected, [(1, json!(42)), (2, Value::Null)]);
    assert_eq!(
        delivery.drift.to_string(),
        "/0/colour: unknown field (a string)\n\
         /1: expected an object (Message), found an integer\n\
         /2: expected an object (Message), found null\n"
    );
}

#[test]
fn one_message_is_not_a_batch() {
    let receiver = Receiver::unauthenticated();
    let delivery = receiver.receive(&headers(&[("content-type", JSON)]), br#"{"type": "Remote"}"#).expect("accepted");
    assert!(!delivery.batch);
    assert_eq!(delivery.len(), 1);
}

#[test]
fn the_cap_holds_without_a_content_length() {
    let receiver = Receiver::unauthenticated().max_body_bytes(8);
    let refusal = receiver.receive(&headers(&[("content-type", JSON)]), b"[{}, {}, {}]").expect_err("over the cap");
    assert!(matches!(refusal, Refusal::PayloadTooLarge { limit: 8 }), "{refusal:?}");
    assert_eq!(refusal.status(), 413);
}

#[test]
fn a_declared_length_over_the_cap_is_refused_before_the_body() {
    let receiver = Receiver::unauthenticated().max_body_bytes(8);
    let refusal = receiver.check_head(&headers(&[("content-type", JSON), ("content-length", "9")])).expect_err("413");
    assert_eq!(refusal.status(), 413);
}

#[test]
fn a_receiver_needs_a_header_to_check_unless_told_otherwise() {
    let none: [(&str, &str); 0] = [];
    assert_eq!(Receiver::new(none).map(|_| ()), Err(ConfigError::NoExpectedHeader));
    let bad = Receiver::new([("bad header", "x")]).map(|_| ());
    assert_eq!(bad, Err(ConfigError::InvalidHeaderName("bad header".into())));
}

#[test]
fn several_expected_headers_must_all_match() {
    let receiver = Receiver::new([("authorization", "Bearer a"), ("x-fleet", "b")]).expect("valid");
    let one = headers(&[("authorization", "Bearer a"), ("content-type", JSON)]);
    let both = headers(&[("authorization", "Bearer a"), ("x-fleet", "b"), ("content-type", JSON)]);
    assert!(matches!(receiver.receive(&one, b"[]"), Err(Refusal::Unauthorized)));
    assert!(receiver.receive(&both, b"[]").is_ok());
}

#[test]
fn the_expected_secret_never_shows() {
    let receiver = Receiver::new([("authorization", SECRET_HEADER)]).expect("valid");
    let debug = format!("{receiver:?}");
    assert!(!debug.contains("SECRET"), "{debug}");
    assert!(debug.contains("authorization"), "{debug}");
    let refusal = receiver.receive(&headers(&[("authorization", "Bearer wrong")]), b"[]").expect_err("401");
    assert_eq!(refusal.to_string(), "missing or wrong header attribute");
}

/// Every prefix of the sample batch, and the batch with each byte flipped, decodes or is refused
/// as malformed: no body makes the receiver panic.
#[test]
fn no_cut_or_corrupted_body_makes_it_panic() {
    let receiver = Receiver::unauthenticated();
    let sample = fake_server::sample("callback-message.json").as_bytes();
    let mut outcomes = (0, 0);
    let mut check = |body: &[u8]| match receiver.decode(body) {
        Ok(_) => outcomes.0 += 1,
        Err(Refusal::Malformed(_)) => outcomes.1 += 1,
        Err(other) => panic!("{other:?} for {:?}", String::from_utf8_lossy(body)),
    };
    for end in 0..=sample.len() {
        check(&sample[..end]);
    }
    for index in 0..sample.len() {
        let mut corrupted = sample.to_vec();
        corrupted[index] ^= 0x20;
        check(&corrupted);
    }
    assert!(outcomes.0 > 0 && outcomes.1 > sample.len(), "{outcomes:?}");
}

/// A sender that sends the head and then stalls gets 408, and the endpoint goes on serving.
#[tokio::test]
async fn a_body_that_never_comes_times_out() {
    let receiver = Receiver::new([("authorization", SECRET_HEADER)]).expect("valid");
    let (endpoint, deliveries, remotes) = generated_client::webhook::endpoint(receiver, 4);
    let hook = Hook::serve(endpoint.read_timeout(Duration::from_millis(50)), deliveries, remotes).await;
    let address = hook.url.trim_start_matches("http://").trim_end_matches("/psa-events").to_owned();
    let mut socket = tokio::net::TcpStream::connect(&address).await.expect("connects");
    let head = format!(
        "POST /psa-events HTTP/1.1\r\nhost: {address}\r\nauthorization: {SECRET_HEADER}\r\n\
         content-type: application/json\r\ncontent-length: 100\r\n\r\n["
    );
    socket.write_all(head.as_bytes()).await.expect("sends the head");

    let mut answer = vec![0; 12];
    socket.read_exact(&mut answer).await.expect("an answer");

    assert_eq!(String::from_utf8_lossy(&answer), "HTTP/1.1 408");
    assert_eq!(hook.tally.counts().malformed, 1);
}

/// An observer of the user's own comes on top of the remote tracker's: both see the delivery.
#[tokio::test]
async fn observers_add_up() {
    let seen = Arc::new(AtomicUsize::new(0));
    let receiver = Receiver::new([("authorization", SECRET_HEADER)]).expect("valid");
    let (endpoint, deliveries, remotes) = generated_client::webhook::endpoint(receiver, 4);
    let counter = Arc::clone(&seen);
    let endpoint = endpoint.observe(move |delivery| {
        counter.fetch_add(delivery.len(), Ordering::Relaxed);
    });
    let hook = Hook::serve(endpoint, deliveries, remotes).await;
    let body = json!([{"remoteEvent": {"remoteActionId": "r1", "eventStatus": {"type": "Done", "status": "Success"}}}]);

    let answer = plain_http()
        .post(&hook.url)
        .header("authorization", SECRET_HEADER)
        .header("content-type", JSON)
        .body(body.to_string())
        .send()
        .await;

    assert_eq!(answer.expect("an answer").status(), 200);
    assert_eq!(seen.load(Ordering::Relaxed), 1);
    assert_eq!(hook.remotes.outcome("r1"), Some(RemoteOutcome::Succeeded));
}
