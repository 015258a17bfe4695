//! Tokens: one refresh after a 401, shared by concurrent calls, and a refused refresh token.

use super::*;

/// A 401 makes the client refresh once at the token endpoint (form body
/// `grant_type=refresh_token`, client credentials in HTTP Basic) and retry once with the new
/// token; the next refresh sends the refresh token the server rotated in.
#[tokio::test]
async fn a_401_refreshes_the_token_once_and_retries_with_the_new_one() {
    let server = FakeServer::start().await;
    let c = refreshing_client(&server);
    let status = c.get_vehicle_status(VEHICLE_1).await.expect("the retry succeeds");
    assert_eq!(status.status, 200);

    let requests = server.requests();
    let lines: Vec<String> = requests.iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    let status_path = format!("/connectedcar/v4/user/vehicles/{VEHICLE_1}/status");
    assert_eq!(
        lines,
        [format!("GET {status_path}"), "POST /am/oauth2/access_token".into(), format!("GET {status_path}")]
    );
    assert_eq!(requests[0].bearer(), Some("expired-token"));
    let token = &requests[1];
    assert_eq!(token.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(token.header("authorization"), Some("Basic ZmFrZS1hcHAtaWQ6YXBwLXNlY3JldA=="), "fake-app-id:app-secret");
    assert_eq!(String::from_utf8_lossy(&token.body), "grant_type=refresh_token&refresh_token=refresh-0");
    assert_eq!(requests[2].bearer(), Some("fresh-token-1"));
    assert_eq!(requests[2].header("x-introspect-realm"), Some("clientsB2COpel"));

    // The new token is kept; when it expires too, the rotated refresh token is used.
    c.get_vehicle_status(VEHICLE_1).await.expect("no refresh needed");
    assert_eq!(server.requests().len(), 4);
    assert_eq!(server.requests()[3].bearer(), Some("fresh-token-1"));
    server.expire_token("fresh-token-1");
    c.get_vehicle_status(VEHICLE_1).await.expect("second refresh");
    let tokens = server.token_requests();
    assert_eq!(tokens.len(), 2);
    assert_eq!(String::from_utf8_lossy(&tokens[1].body), "grant_type=refresh_token&refresh_token=rotated-refresh-1");
    assert_eq!(server.api_requests().last().and_then(Recorded::bearer), Some("fresh-token-2"));
}

/// A 401 again after the refresh is returned as `Error::Unauthorized`: one refresh, one retry,
/// no loop.
#[tokio::test]
async fn a_second_401_after_the_refresh_is_returned_without_a_loop() {
    let server = FakeServer::start().await;
    let c = refreshing_client(&server);
    server.expire_token("*");
    let error = failure(c.get_vehicle_status(VEHICLE_1).await);
    let Error::Unauthorized(api) = &error else { panic!("{error:?}") };
    assert!(
        matches!(&api.parsed, Some(ErrorBody::Gateway { more_information: Some(m), .. }) if m == "Token is invalid")
    );
    let bearers: Vec<Option<String>> = server.requests().iter().map(|r| r.bearer().map(str::to_owned)).collect();
    assert_eq!(bearers, [Some("expired-token".to_owned()), None, Some("fresh-token-1".to_owned())]);
    assert_eq!(server.token_requests().len(), 1);
}

/// A refresh token the identity provider refuses (`invalid_grant`) ends in
/// `Error::LoginRequired`, after one token request.
#[tokio::test]
async fn a_refused_refresh_token_asks_for_a_new_login() {
    let server = FakeServer::start().await;
    let c = refreshing_client(&server);
    server.script_token(Canned::sample(400, "error-oauth.json").content_type("application/json"));
    let error = failure(c.get_vehicle_status(VEHICLE_1).await);
    let Error::LoginRequired { message } = &error else { panic!("{error:?}") };
    assert_eq!(message, "invalid_grant: The provided access grant is invalid, expired, or revoked.");
    assert_eq!(server.requests().len(), 2, "the call, the token request, and no retry");
}

/// Concurrent calls that all meet a 401 share one refresh.
#[tokio::test]
async fn concurrent_401s_share_one_refresh() {
    let server = FakeServer::start().await;
    let c = refreshing_client(&server);
    let calls = fake_server::VEHICLES.iter().map(|id| c.get_vehicle_status(id));
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(server.token_requests().len(), 1);
    assert!(server.api_requests().iter().all(|r| matches!(r.bearer(), Some("expired-token" | "fresh-token-1"))));
}
