//! Limits on what an answer may be: a body past the size cap, announced or streamed, and JSON nested too deep.

use std::convert::Infallible;

use axum::body::{Body, Bytes};

use super::*;

/// Serves `router` on 127.0.0.1 until the handle is dropped; returns the API base URL.
async fn serve(router: axum::Router) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("a bound listener has an address");
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (format!("http://{addr}/connectedcar/v4"), task)
}

/// A body that announces more than the cap is refused before it is read.
#[tokio::test]
async fn an_announced_body_over_the_cap_is_refused() {
    let server = FakeServer::start().await;
    let c = client_with(builder(server.base_url()).max_body_size(1024));
    let path = format!("/user/vehicles/{VEHICLE_1}/status");
    server.script(Method::GET, &path, Canned::json(200, format!("{{\"pad\": \"{}\"}}", "x".repeat(2048))));
    let error = failure(c.get_vehicle_status(VEHICLE_1).await);
    assert!(matches!(error, Error::BodyTooLarge { status: 200, limit: 1024 }), "{error:?}");
    assert_eq!(error.status(), Some(200));
    // Just under the cap is fine, and the default cap takes a real answer.
    server.script(Method::GET, &path, Canned::json(200, format!("{{\"pad\": \"{}\"}}", "x".repeat(1000))));
    c.get_vehicle_status(VEHICLE_1).await.expect("under the cap");
    client(&server).get_vehicle_status(VEHICLE_1).await.expect("the default cap");
}

/// A body with no length that never ends is cut at the cap: the call ends with a typed error,
/// not with the memory or the timeout exhausted.
#[tokio::test]
async fn an_endless_body_is_cut_at_the_cap() {
    let endless = || async {
        let chunks = futures_util::stream::repeat_with(|| Ok::<_, Infallible>(Bytes::from_static(&[b' '; 8192])));
        ([("content-type", "application/json")], Body::from_stream(chunks))
    };
    let (base_url, _server) =
        serve(axum::Router::new().route("/connectedcar/v4/user", axum::routing::get(endless))).await;
    let c = client_with(builder(&base_url).max_body_size(256 * 1024).retry(RetryPolicy::none()));
    let error = failure(c.get_user(&GetUserParams::default()).await);
    assert!(matches!(error, Error::BodyTooLarge { status: 200, limit: 262_144 }), "{error:?}");
}

fn nested(depth: usize, open: &str, close: &str) -> String {
    format!("{{\"energies\": {}1{}}}", open.repeat(depth), close.repeat(depth))
}

/// JSON nested far deeper than any answer (100 000 levels inside a field of a generated type) is
/// a typed error, never a stack overflow; up to the limit it decodes.
#[tokio::test]
async fn deep_nesting_is_a_typed_error() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let path = format!("/user/vehicles/{VEHICLE_1}/status");
    for body in
        [nested(100_000, "[", "]"), nested(100_000, "{\"a\":", "}"), nested(client_runtime::http::MAX_DEPTH, "[", "]")]
    {
        server.script(Method::GET, &path, Canned::json(200, body));
        let error = failure(c.get_vehicle_status(VEHICLE_1).await);
        assert!(matches!(error, Error::TooDeep { status: 200, limit: 127 }), "{error:?}");
    }
    // One level less than the limit (the object around the field is one level) decodes.
    server.script(Method::GET, &path, Canned::json(200, nested(client_runtime::http::MAX_DEPTH - 1, "[", "]")));
    let status = c.get_vehicle_status(VEHICLE_1).await.expect("within the limit").into_body();
    assert!(status.energies.as_deref().unwrap_or_default().is_empty(), "no item is an Energy");
    // A broken body that is not deep stays a decode error.
    server.script(Method::GET, &path, Canned::json(200, "{\"energies\": [\"[[[[\""));
    let error = failure(c.get_vehicle_status(VEHICLE_1).await);
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
}
