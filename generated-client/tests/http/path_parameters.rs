//! Path parameters arrive as one encoded segment; ids that would change the path are refused.

use super::*;

/// Ids with `../`, `/`, `?`, `#`, `%` and spaces reach the server as one percent-encoded segment:
/// the path it received has exactly the template's segments, and the query is only `client_id`.
#[tokio::test]
async fn path_parameters_arrive_as_one_encoded_segment() {
    let server = FakeServer::start().await;
    let c = client_without_retries(&server);
    let cases = [
        ("../../admin", "..%2F..%2Fadmin"),
        ("a/b", "a%2Fb"),
        ("x?client_id=other&y=1", "x%3Fclient_id%3Dother%26y%3D1"),
        ("a#frag", "a%23frag"),
        ("%2e%2e", "%252e%252e"),
        ("..%2F", "..%252F"),
        ("..\\..", "..%5C.."),
        ("é ü", "%C3%A9%20%C3%BC"),
        ("...", "..."),
    ];
    for (id, _) in cases {
        // The server does not know these vehicles: 403.
        let error = failure(c.get_vehicle_status(id).await);
        assert!(matches!(error, Error::Forbidden(_)), "{id}: {error:?}");
    }
    let requests = server.requests();
    assert_eq!(requests.len(), cases.len());
    for (request, (id, encoded)) in requests.iter().zip(cases) {
        assert_eq!(request.path, format!("/connectedcar/v4/user/vehicles/{encoded}/status"), "{id}");
        assert_eq!(request.query.as_deref(), Some("client_id=fake-app-id"), "{id}");
    }

    // Several parameters, each in its own segment.
    server.clear_requests();
    let _ = c.get_vehicle_monitor_by_id("a/b", "../c", "d?e#f").await;
    let _ = c.get_vehicle_trip_alert_by_id(VEHICLE_1, "t/../x", "?").await;
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "/connectedcar/v4/user/vehicles/a%2Fb/callbacks/..%2Fc/monitors/d%3Fe%23f".to_owned(),
            format!("/connectedcar/v4/user/vehicles/{VEHICLE_1}/trips/t%2F..%2Fx/alerts/%3F"),
        ]
    );
}

/// `..`, `.` and the empty string cannot be encoded into a harmless segment: the call fails with
/// `Error::InvalidRequest` and nothing is sent.
#[tokio::test]
async fn dot_and_empty_ids_are_refused_without_any_request() {
    let server = FakeServer::start().await;
    let c = client(&server);
    for id in ["..", ".", ""] {
        let status = failure(c.get_vehicle_status(id).await);
        assert!(matches!(status, Error::InvalidRequest { .. }), "{id:?}: {status:?}");
        let trip = failure(c.get_trip_by_vehicle(VEHICLE_1, id).await);
        assert!(matches!(trip, Error::InvalidRequest { .. }), "{id:?}: {trip:?}");
        let deleted = failure(c.delete_vehicle_monitor(VEHICLE_1, CALLBACK_ID, id).await);
        assert!(matches!(deleted, Error::InvalidRequest { .. }), "{id:?}: {deleted:?}");
        let posted = failure(c.create_vehicle_monitor(VEHICLE_1, id, &monitor_parameter()).await);
        assert!(matches!(posted, Error::InvalidRequest { .. }), "{id:?}: {posted:?}");
        let mut stream = Box::pin(c.get_trips_by_vehicle_items(id, &GetTripsByVehicleParams::default()));
        let first = stream.next().await.expect("one item");
        assert!(matches!(first, Err(Error::InvalidRequest { .. })), "{id:?}: {first:?}");
        assert!(stream.next().await.is_none(), "{id:?}: the stream ends after the error");
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}
