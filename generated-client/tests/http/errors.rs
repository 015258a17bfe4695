//! Each error status and body shape, retries of 429 and 5xx, timeouts and broken connections.

use super::*;

/// Each error status and body shape: the variant is chosen by the status (404 by the backend
/// code), the known JSON shapes are decoded into `ApiError::parsed`, and the raw body, the
/// content type and the status are kept.
#[tokio::test]
async fn each_error_status_maps_to_its_variant_and_keeps_the_raw_body() {
    let server = FakeServer::start().await;
    let c = client_without_retries(&server);
    let backend = |code: Value, message: &str| {
        json!({"uuid": "5a0c1e7e-1111-4c4c-9d9d-000000000001", "code": code, "message": message}).to_string()
    };
    let gateway_404 =
        json!({"httpCode": "404", "httpMessage": "Not Found", "moreInformation": "No resources match requested URI"});
    type Check = fn(&Error) -> bool;
    let cases: Vec<(Canned, Check, Option<ErrorBody>)> = vec![
        (
            Canned::json(400, backend(json!(40000), "Bad Request: extension odometer is not supported")),
            |e| matches!(e, Error::BadRequest(_)),
            Some(ErrorBody::Backend {
                uuid: Some("5a0c1e7e-1111-4c4c-9d9d-000000000001".into()),
                code: Some("40000".into()),
                message: Some("Bad Request: extension odometer is not supported".into()),
                timestamp: None,
            }),
        ),
        (
            Canned::sample(400, "error-oauth.json"),
            |e| matches!(e, Error::BadRequest(_)),
            Some(ErrorBody::OAuth {
                error: "invalid_grant".into(),
                description: Some("The provided access grant is invalid, expired, or revoked.".into()),
            }),
        ),
        (
            Canned::sample(401, "error-gateway-401.json"),
            |e| matches!(e, Error::Unauthorized(_)),
            Some(ErrorBody::Gateway {
                http_code: Some("401".into()),
                http_message: Some("Unauthorized".into()),
                more_information: Some("Token is invalid".into()),
            }),
        ),
        (Canned::json(403, backend(json!(40300), "Forbidden")), |e| matches!(e, Error::Forbidden(_)), None),
        (
            Canned::sample(404, "error-backend-404.json"),
            |e| matches!(e, Error::NoData(_)),
            Some(ErrorBody::Backend {
                uuid: Some("257bbbd1-673e-5ec4-965e-47b7b3b066b4".into()),
                code: Some("40400".into()),
                message: Some("Not Found: We didn't find the status for this vehicule.".into()),
                timestamp: Some("2024-02-11T06:30:12.345Z".into()),
            }),
        ),
        (Canned::json(404, backend(json!("40410"), "No vehicule found")), |e| matches!(e, Error::NoData(_)), None),
        (Canned::json(404, backend(json!(40499), "Not Found")), |e| matches!(e, Error::NotFound(_)), None),
        (
            Canned::json(404, gateway_404.to_string()).content_type("application/json"),
            |e| matches!(e, Error::NotFound(_)),
            Some(ErrorBody::Gateway {
                http_code: Some("404".into()),
                http_message: Some("Not Found".into()),
                more_information: Some("No resources match requested URI".into()),
            }),
        ),
        (Canned::status(404), |e| matches!(e, Error::NotFound(_)), None),
        (
            Canned::status(404).content_type("text/html").body("<h1>Not Found</h1>"),
            |e| matches!(e, Error::NotFound(_)),
            None,
        ),
        (Canned::status(429), |e| matches!(e, Error::TooManyRequests(_)), None),
        (
            Canned::sample(500, "error-backend-code-string.json"),
            |e| matches!(e, Error::Server(_)),
            Some(ErrorBody::Backend {
                uuid: Some("4fd091bc-0803-525b-967a-85e656998ff7".into()),
                code: Some("50000".into()),
                message: Some("CORVET Error".into()),
                timestamp: None,
            }),
        ),
        (Canned::sample(503, "error-502.html"), |e| matches!(e, Error::Server(_)), None),
        (Canned::json(409, backend(json!(40900), "Conflict")), |e| matches!(e, Error::UnexpectedStatus(_)), None),
        (Canned::status(418).body("I'm a teapot"), |e| matches!(e, Error::UnexpectedStatus(_)), None),
        // A redirect without a Location is not followed: another non-success status.
        (Canned::status(302), |e| matches!(e, Error::UnexpectedStatus(_)), None),
    ];
    let path = format!("/user/vehicles/{VEHICLE_1}/status");
    for (canned, variant, parsed) in cases {
        let (status, body) = (canned.status, canned.body.clone());
        let content_type = canned.headers.iter().find(|(n, _)| n == "content-type").map(|(_, v)| v.clone());
        server.script(Method::GET, &path, canned);
        let error = failure(c.get_vehicle_status(VEHICLE_1).await);
        assert!(variant(&error), "{status}: {error:?}");
        assert_eq!(error.status(), Some(status));
        let api = error.api().expect("an answer arrived");
        assert_eq!(api.status, status);
        assert_eq!(api.body, body, "{status}: the raw body is kept byte for byte");
        assert_eq!(api.content_type, content_type, "{status}");
        if parsed.is_some() {
            assert_eq!(api.parsed, parsed, "{status}");
        } else if !api.body.starts_with(b"{") {
            assert_eq!(api.parsed, None, "{status}: not JSON, nothing parsed");
        }
        assert!(error.to_string().contains(&status.to_string()), "{status}: {error}");
    }
    assert_eq!(server.requests().len(), 16, "one request each: no retries, no refresh with a static token");
}

/// A 502 HTML page from the gateway: retried (GET is idempotent) with the policy's backoff, then
/// returned as `Error::Server` with the page kept byte for byte and nothing parsed.
#[tokio::test]
async fn a_502_html_page_is_retried_then_kept_raw() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let path = format!("/user/vehicles/{VEHICLE_1}/status");
    for _ in 0..4 {
        server.script(Method::GET, &path, Canned::sample(502, "error-502.html"));
    }
    let error = failure(c.get_vehicle_status(VEHICLE_1).await);
    let Error::Server(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.status, 502);
    assert_eq!(api.body, fake_server::sample("error-502.html").as_bytes());
    assert_eq!(api.content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(api.parsed, None);
    assert!(api.body_text().contains("502 - Bad Gateway"));
    assert_eq!(error.to_string(), "server error: HTTP 502, 450 bytes of text/html; charset=utf-8");
    assert_eq!(server.requests().len(), 4, "the first attempt and max_retries = 3 retries");

    // One 502, then the default answer: the retry succeeds.
    server.clear_requests();
    server.script(Method::GET, &path, Canned::sample(502, "error-502.html"));
    let status = c.get_vehicle_status(VEHICLE_1).await.expect("the retry succeeds");
    assert_eq!(status.status, 200);
    assert_eq!(server.requests().len(), 2);
}

/// A 429 with `Retry-After: 1` is waited for (one second, not the 10 ms backoff), then retried.
#[tokio::test]
async fn a_429_with_retry_after_is_waited_for_then_the_call_succeeds() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let path = format!("/user/vehicles/{VEHICLE_1}/status");
    let limited = Canned::json(429, "{}").header("Retry-After", "1").header("X-RateLimit-Remaining-2", "0");
    server.script(Method::GET, &path, limited);
    let started = Instant::now();
    let status = c.get_vehicle_status(VEHICLE_1).await.expect("success after the wait");
    let waited = started.elapsed();
    assert_eq!(status.status, 200);
    assert!(waited >= Duration::from_millis(950), "Retry-After was not waited for: {waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    assert_eq!(server.requests().len(), 2);
    assert_eq!(status.rate_limit.burst_remaining, Some(19), "the rate limits of the answer that succeeded");
}

/// A `Retry-After` longer than `max_backoff` is not waited for: the 429 comes back at once with
/// the wait in its rate limits. A malformed one falls back to the backoff.
#[tokio::test]
async fn a_long_retry_after_is_returned_at_once_and_a_malformed_one_falls_back_to_backoff() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let path = format!("/user/vehicles/{VEHICLE_1}/status");
    server.script(
        Method::GET,
        &path,
        Canned::status(429).header("Retry-After", "1045").header("X-RateLimit-Reset", "1045"),
    );
    let started = Instant::now();
    let error = failure(c.get_vehicle_status(VEHICLE_1).await);
    assert!(started.elapsed() < Duration::from_secs(1));
    let Error::TooManyRequests(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.rate_limit.retry_after, Some(Duration::from_secs(1045)));
    assert_eq!(api.rate_limit.reset, Some(Duration::from_secs(1045)));
    assert_eq!(server.requests().len(), 1);

    server.clear_requests();
    server.script(Method::GET, &path, Canned::status(429).header("Retry-After", "in a while"));
    c.get_vehicle_status(VEHICLE_1).await.expect("retried after the backoff");
    assert_eq!(server.requests().len(), 2);
}

/// The server answers after 2 s; the client gives up after 300 ms with `Error::Timeout`.
#[tokio::test]
async fn a_server_slower_than_the_timeout_gives_error_timeout() {
    let server = FakeServer::start().await;
    let c = client_with(builder(server.base_url()).timeout(Duration::from_millis(300)));
    let path = format!("/user/vehicles/{VEHICLE_1}/status");
    server.script(Method::GET, &path, Canned::sample(200, "status-2024.json").delay(Duration::from_secs(2)));
    let started = Instant::now();
    let error = failure(c.get_vehicle_status(VEHICLE_1).await);
    let elapsed = started.elapsed();
    assert!(matches!(error, Error::Timeout { during: "the API" }), "{error:?}");
    assert!(elapsed >= Duration::from_millis(280) && elapsed < Duration::from_millis(1500), "{elapsed:?}");
    assert_eq!(error.status(), None);
    assert_eq!(server.requests().len(), 1, "a timeout is not retried");
}

/// Nothing listens on the port: `Error::Connect`.
#[tokio::test]
async fn a_refused_connection_gives_error_connect() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    let c = client_with(builder(&format!("http://{addr}/connectedcar/v4")));
    let error = failure(c.get_vehicle_status(VEHICLE_1).await);
    let Error::Connect { message } = &error else { panic!("{error:?}") };
    assert!(message.to_lowercase().contains("refused"), "{message}");
    assert!(!message.contains(CLIENT_ID), "the URL (with client_id) is left out: {message}");
}

/// The server announces a `Content-Length` larger than what it sends, then closes: reqwest
/// reports a body error, which the runtime returns as `Error::BodyCutOff` with the status that
/// had arrived.
#[tokio::test]
async fn a_body_cut_off_before_its_content_length_gives_error_body_cut_off() {
    let body = fake_server::sample("status-2024.json");
    let raw = RawServer::cut_off(body, body.len(), 200).await;
    let c = client_with(builder(&raw.base_url()));
    let error = failure(c.get_vehicle_status(VEHICLE_1).await);
    let Error::BodyCutOff { status, message } = &error else { panic!("{error:?}") };
    assert_eq!(*status, 200);
    assert_eq!(error.status(), Some(200));
    assert!(message.contains("error decoding response body"), "{message}");
    assert!(message.contains("end of file before message length reached"), "{message}");
}

/// The head and part of the body arrive, then the server stalls past the client's timeout:
/// `Error::Timeout` while reading the body (not `BodyCutOff`).
#[tokio::test]
async fn a_body_that_stalls_past_the_timeout_gives_error_timeout() {
    let body = fake_server::sample("status-2024.json");
    let raw = RawServer::stalled(body, body.len(), 200, Duration::from_secs(2)).await;
    let c = client_with(builder(&raw.base_url()).timeout(Duration::from_millis(300)));
    let started = Instant::now();
    let error = failure(c.get_vehicle_status(VEHICLE_1).await);
    assert!(matches!(error, Error::Timeout { during: "the response body" }), "{error:?}");
    assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
}
