//! Rate-limit headers, optional and array query parameters, request bodies, DELETE answers and content types.

use super::*;

/// The rate-limit headers land in `Response::rate_limit`; malformed ones are `None` and do not
/// fail the call.
#[tokio::test]
async fn rate_limit_headers_are_parsed_and_malformed_ones_are_none() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let path = format!("/user/vehicles/{VEHICLE_1}/status");
    let good = Canned::sample(200, "status-2024.json")
        .header("X-RateLimit-Limit-1", "5000")
        .header("X-RateLimit-Remaining-1", "4873")
        .header("X-RateLimit-Limit-2", "10")
        .header("X-RateLimit-Remaining-2", " 9 ")
        .header("X-RateLimit-Limit", "5000")
        .header("X-RateLimit-Remaining", "4873")
        .header("X-RateLimit-Reset", "1045")
        .header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT");
    server.script(Method::GET, &path, good);
    let response = c.get_vehicle_status(VEHICLE_1).await.expect("status");
    let limits = response.rate_limit;
    assert_eq!((limits.day_limit, limits.day_remaining), (Some(5000), Some(4873)));
    assert_eq!((limits.burst_limit, limits.burst_remaining), (Some(10), Some(9)));
    assert_eq!((limits.limit, limits.remaining), (Some(5000), Some(4873)));
    assert_eq!(limits.reset, Some(Duration::from_secs(1045)));
    assert_eq!(limits.retry_after, Some(Duration::ZERO), "a date in the past");

    let malformed = Canned::sample(200, "status-2024.json")
        .header("X-RateLimit-Limit-1", "lots")
        .header("X-RateLimit-Remaining-1", "-3")
        .header("X-RateLimit-Limit-2", "1.5")
        .header("X-RateLimit-Remaining-2", "")
        .header("X-RateLimit-Limit", "0x10")
        .header("X-RateLimit-Remaining", "7")
        .header("X-RateLimit-Reset", "soon")
        .header("Retry-After", "Someday, 99 Foo");
    server.script(Method::GET, &path, malformed);
    let response = c.get_vehicle_status(VEHICLE_1).await.expect("malformed headers do not fail a call");
    let limits = response.rate_limit;
    assert_eq!(
        (limits.day_limit, limits.day_remaining, limits.burst_limit, limits.burst_remaining),
        (None, None, None, None)
    );
    assert_eq!((limits.limit, limits.remaining, limits.reset, limits.retry_after), (None, Some(7), None, None));
    assert!(response.body.odometer.is_some());

    let none = c.get_vehicle_maintenance(VEHICLE_1).await.expect("maintenance");
    assert_eq!(none.rate_limit.day_limit, Some(1000), "the fake server's default headers");
}

/// Optional parameters left `None` are not sent; arrays repeat their key; values are
/// form-encoded, so they cannot add parameters.
#[tokio::test]
async fn optional_query_parameters_are_omitted_and_arrays_repeat_their_key() {
    let server = FakeServer::start().await;
    let c = client(&server);
    c.get_vehicles_by_device(&GetVehiclesByDeviceParams::default()).await.expect("vehicles");
    let mut vehicles = GetVehiclesByDeviceParams::default();
    vehicles.page_size = Some(2);
    vehicles.locale = Some("fr-FR".to_owned());
    vehicles.extension = Some(vec![VehicleExtensionName::OnboardCapabilities, VehicleExtensionName::Branding]);
    c.get_vehicles_by_device(&vehicles).await.expect("vehicles");
    let mut trips = GetTripsByVehicleParams::default();
    trips.timestamps = Some(vec!["2024-06-12T00:00:00Z/".to_owned(), "/2024-01-01T00:00:00+01:00".to_owned()]);
    trips.distance = Some("0.1-".to_owned());
    trips.states = Some(vec![TripState::Nominal, TripState::Unfinished]);
    c.get_trips_by_vehicle(VEHICLE_1, &trips).await.expect("trips");
    let mut hostile = GetVehicleByIdParams::default();
    hostile.locale = Some("fr FR&client_id=other#x".to_owned());
    c.get_vehicle_by_id(VEHICLE_1, &hostile).await.expect("vehicle");

    let queries: Vec<String> = server.requests().iter().map(|r| r.query.clone().unwrap_or_default()).collect();
    assert_eq!(
        queries,
        [
            "client_id=fake-app-id",
            "pageSize=2&locale=fr-FR&extension=onboardCapabilities&extension=branding&client_id=fake-app-id",
            "timestamps=2024-06-12T00%3A00%3A00Z%2F&timestamps=%2F2024-01-01T00%3A00%3A00%2B01%3A00&distance=0.1-\
             &states=Nominal&states=Unfinished&client_id=fake-app-id",
            "locale=fr+FR%26client_id%3Dother%23x&client_id=fake-app-id",
        ]
    );
}

/// POST and PUT bodies (callbacks, monitors, remotes) arrive as the JSON of the value given, with
/// `Content-Type: application/json`; other calls send no body and no content type.
#[tokio::test]
async fn request_bodies_arrive_as_json() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let (v, cb, m) = (VEHICLE_1, CALLBACK_ID, MONITOR_ID);
    let running = CallbackStatusSetter { status: Some(CallbackStatusSetterStatus::Running), ..Default::default() };
    let paused = MonitorStatusSetter { status: Some(MonitorStatusSetterStatus::Paused), ..Default::default() };
    c.create_user_callback(&callback_subscribe()).await.expect("create callback");
    c.update_user_callback(cb, &callback_subscribe()).await.expect("update callback");
    c.set_user_callback_status(cb, &running).await.expect("callback status");
    c.create_vehicle_monitor(v, cb, &monitor_parameter()).await.expect("create monitor");
    c.update_vehicle_monitor(v, cb, m, &monitor_parameter()).await.expect("update monitor");
    c.set_vehicle_monitor_status(v, cb, m, &paused).await.expect("monitor status");
    c.send_remote_to_vhl(v, cb, &lock_doors()).await.expect("remote");
    c.delete_vehicle_monitor(v, cb, m).await.expect("delete");

    let subscribe = serde_json::to_value(callback_subscribe()).expect("serialisable");
    let monitor = serde_json::to_value(monitor_parameter()).expect("serialisable");
    let expected: [(Method, Value); 7] = [
        (Method::POST, subscribe.clone()),
        (Method::PUT, subscribe),
        (Method::PUT, json!({"status": "Running"})),
        (Method::POST, monitor.clone()),
        (Method::PUT, monitor),
        (Method::PUT, json!({"status": "Paused"})),
        (Method::POST, json!({"label": "lock", "door": {"state": "Locked"}})),
    ];
    let requests = server.requests();
    assert_eq!(requests.len(), 8);
    for (request, (method, body)) in requests.iter().zip(&expected) {
        assert_eq!(&request.method, method, "{}", request.line());
        assert_eq!(request.header("content-type"), Some("application/json"), "{}", request.line());
        let sent: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
        assert_eq!(&sent, body, "{}", request.line());
    }
    assert_eq!(
        expected[3].1,
        json!({"label": "battery below 20 %", "subscribeParam": {"refreshEvent": 0}}),
        "fields left None are not sent"
    );
    let delete = &requests[7];
    assert_eq!((delete.header("content-type"), delete.body.len()), (None, 0));
}

/// A DELETE answered 200 (with or without a body) or 204 is `Ok`.
#[tokio::test]
async fn a_delete_answered_200_or_204_is_ok() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let monitor = format!("/user/vehicles/{VEHICLE_1}/callbacks/{CALLBACK_ID}/monitors/{MONITOR_ID}");
    server.script(Method::DELETE, &monitor, Canned::status(200));
    server.script(Method::DELETE, &monitor, Canned::json(200, r#"{"status": "Deleted"}"#));
    server.script(Method::DELETE, &monitor, Canned::status(200).content_type("text/plain").body("OK"));
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(c.delete_vehicle_monitor(VEHICLE_1, CALLBACK_ID, MONITOR_ID).await.expect("deleted").status);
    }
    statuses.push(c.delete_user_callback(CALLBACK_ID).await.expect("deleted").status);
    assert_eq!(statuses, [200, 200, 200, 204, 204]);
}

/// `application/hal+json;charset=UTF-8`, `application/vnd.geo+json`, ` application/json ` (with
/// spaces), upper case and a missing type all decode as JSON; `text/html` on a 200 is a decode
/// error with the body kept; a 202 with an empty body is `None`.
#[tokio::test]
async fn json_content_type_variants_decode() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let status_path = format!("/user/vehicles/{VEHICLE_1}/status");
    let odometer = |status: Status| status.odometer.and_then(|o| o.mileage);

    let hal = c.get_vehicle_status(VEHICLE_1).await.expect("hal+json");
    assert_eq!(
        hal.headers.get("content-type").map(|v| v.as_bytes()),
        Some(b"application/hal+json;charset=UTF-8".as_slice())
    );
    assert_eq!(odometer(hal.body), Some(27105.4));
    let geo = c.get_car_last_position(VEHICLE_1).await.expect("vnd.geo+json");
    assert_eq!(geo.headers.get("content-type").map(|v| v.as_bytes()), Some(b"application/vnd.geo+json".as_slice()));
    assert_eq!(geo.body.properties.and_then(|p| p.heading), Some(305));
    for content_type in [" application/json ", "APPLICATION/HAL+JSON ; charset=utf-8", "text/json"] {
        server.script(Method::GET, &status_path, Canned::sample(200, "status-2024.json").content_type(content_type));
        let response = c.get_vehicle_status(VEHICLE_1).await.unwrap_or_else(|e| panic!("{content_type:?}: {e}"));
        assert_eq!(odometer(response.body), Some(27105.4), "{content_type:?}");
    }
    server.script(Method::GET, &status_path, Canned::status(200).body(fake_server::sample("status-2024.json")));
    assert_eq!(odometer(c.get_vehicle_status(VEHICLE_1).await.expect("no content type").body), Some(27105.4));

    server.script(Method::GET, &status_path, Canned::sample(200, "error-502.html"));
    let error = failure(c.get_vehicle_status(VEHICLE_1).await);
    let Error::Decode(decode) = &error else { panic!("{error:?}") };
    assert_eq!((decode.status, decode.content_type.as_deref()), (200, Some("text/html; charset=utf-8")));
    assert_eq!(decode.body, fake_server::sample("error-502.html").as_bytes());

    let monitors = format!("/user/vehicles/{VEHICLE_1}/callbacks/{CALLBACK_ID}/monitors");
    server.script(Method::POST, &monitors, Canned::status(202));
    server.script(Method::POST, &monitors, Canned::status(202).content_type(HAL).body(" \n"));
    for _ in 0..2 {
        let created = c.create_vehicle_monitor(VEHICLE_1, CALLBACK_ID, &monitor_parameter()).await.expect("202");
        assert_eq!((created.status, created.body), (202, None));
    }
}

/// A success that is not JSON (text, an image) is handed over as bytes with its headers, for
/// operations whose schema answers so; the credentials go as on any call.
#[tokio::test]
async fn a_non_json_success_is_handed_over_as_bytes() {
    let server = FakeServer::start().await;
    let c = client(&server);
    server.script(
        Method::GET,
        "/user",
        Canned::status(200).content_type("text/plain; charset=utf-8").body("plain text"),
    );
    let request = client_runtime::http::Request::new(client_runtime::http::Method::GET, "/user").accept("text/plain");
    let response = c.http().send_bytes(request).await.expect("bytes");
    assert_eq!(response.body, b"plain text");
    assert_eq!(response.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("text/plain; charset=utf-8"));
    assert_credentials(&server.requests()[0], "text/plain");
}
