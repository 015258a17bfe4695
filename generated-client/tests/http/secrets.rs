//! No token or secret ever shows in `Debug` or `Display` output.

use super::*;

/// The clients, their builder and token sources show no token in `Debug`; every error variant
/// the tests above produce is checked the same way through `failure`, and here the ones that
/// carry the most text.
#[tokio::test]
async fn no_output_shows_the_token() {
    let server = FakeServer::start().await;
    let generated = client(&server);
    let debug = format!("{generated:?} {:?}", generated.http());
    assert!(!debug.contains(TOKEN) && debug.contains("Opel") && debug.contains(server.base_url()), "{debug}");
    let builder_debug = format!("{:?}", builder(server.base_url()));
    assert!(!builder_debug.contains(TOKEN), "{builder_debug}");
    let tokens = RefreshingToken::new(token_app(&server, "SECRET-client"), "SECRET-refresh")
        .with_access_token(TOKEN, Duration::from_secs(60));
    let tokens_debug = format!("{tokens:?}");
    assert!(!tokens_debug.contains("SECRET"), "{tokens_debug}");

    // Errors that carry the most text: a parsed body, a decode failure with the body, a token
    // endpoint failure, a connection failure.
    let status_path = format!("/user/vehicles/{VEHICLE_1}/status");
    server.script(Method::GET, &status_path, Canned::json(400, r#"{"code": 40000, "message": "bad"}"#));
    let _ = failure(generated.get_vehicle_status(VEHICLE_1).await);
    server.script(Method::GET, &status_path, Canned::sample(200, "error-502.html"));
    let _ = failure(generated.get_vehicle_status(VEHICLE_1).await);
    let refreshing = refreshing_client(&server);
    server.script_token(Canned::json(500, "{}"));
    let error = failure(refreshing.get_vehicle_status(VEHICLE_1).await);
    assert!(matches!(error, Error::Token { .. }), "{error:?}");
    let unreachable =
        client_with(builder("http://127.0.0.1:9/connectedcar/v4").connect_timeout(Duration::from_millis(300)));
    let _ = failure(unreachable.get_vehicle_status(VEHICLE_1).await);
}

/// The samples decode through the client with the same drift the decoders report offline:
/// `lastPosition` of vehicle 2 is the old form, with the catch-all position type.
#[tokio::test]
async fn served_samples_keep_their_drift() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let position = c.get_car_last_position(VEHICLE_2).await.expect("old lastPosition").body;
    let drift = position.drift().to_string();
    assert!(drift.contains("Aquire"), "{drift}");
    let status = c.get_vehicle_status(VEHICLE_3).await.expect("2020 status").body;
    assert!(!status.drift().is_empty());
    let links = status.links.expect("links");
    assert!(links.vehicle.as_ref().and_then(OneOrMany::first).is_some(), "the 2020 `vehicles` link read by its alias");
}
