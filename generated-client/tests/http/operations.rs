//! Every operation once: method, path, credentials, and the decoded answer; every item stream; the realm of each brand.

use super::*;

/// Each of the 36 operations once, in the order of the generated client: the method and path the
/// server received, the four credentials, and a value from the decoded body.
#[tokio::test]
async fn every_operation_sends_its_method_path_and_credentials_and_decodes_the_answer() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let v = VEHICLE_1;

    let user = c.get_user(&GetUserParams::default()).await.unwrap_or_else(ok("get_user")).body;
    assert_eq!(user.first_name.as_deref(), Some("Jane"));
    let callbacks = c.get_user_callbacks(&GetUserCallbacksParams::default()).await.unwrap_or_else(ok("callbacks"));
    assert_eq!(callbacks.body.total, Some(1));
    let created = c.create_user_callback(&callback_subscribe()).await.unwrap_or_else(ok("create callback"));
    assert_eq!(created.body.and_then(|r| r.callback_id).as_deref(), Some(CALLBACK_ID));
    let callback = c.get_user_callback_by_id(CALLBACK_ID).await.unwrap_or_else(ok("callback")).body;
    assert_eq!(callback.id.as_deref(), Some(CALLBACK_ID));
    let updated = c.update_user_callback(CALLBACK_ID, &callback_subscribe()).await.unwrap_or_else(ok("update cb"));
    assert_eq!(updated.status, 202);
    let deleted = c.delete_user_callback(CALLBACK_ID).await.unwrap_or_else(ok("delete callback"));
    assert_eq!(deleted.status, 204);
    let paused = CallbackStatusSetter { status: Some(CallbackStatusSetterStatus::Paused), ..Default::default() };
    let set = c.set_user_callback_status(CALLBACK_ID, &paused).await.unwrap_or_else(ok("callback status"));
    assert!(set.body.is_some_and(|r| r.callback_id.as_deref() == Some(CALLBACK_ID)));
    let vehicles = c.get_vehicles_by_device(&GetVehiclesByDeviceParams::default()).await.unwrap_or_else(ok("vehicles"));
    assert_eq!(vehicles.body.total, Some(3));
    let vehicle = c.get_vehicle_by_id(v, &GetVehicleByIdParams::default()).await.unwrap_or_else(ok("vehicle")).body;
    assert_eq!(vehicle.vin.as_deref(), Some("VR3UHZKXZMT000001"));
    let alarms = c.get_vehicle_alarms(v, &GetVehicleAlarmsParams::default()).await.unwrap_or_else(ok("alarms"));
    assert_eq!(alarms.body.embedded.and_then(|e| e.alarms).map(|a| a.len()), Some(1));
    let alarm = c.get_vehicle_alarm_by_id(v, ALARM_ID).await.unwrap_or_else(ok("alarm")).body;
    assert_eq!(alarm.id.as_deref(), Some(ALARM_ID));
    let alerts = c.get_vehicle_alerts(v, &GetVehicleAlertsParams::default()).await.unwrap_or_else(ok("alerts"));
    assert_eq!(alerts.body.embedded.and_then(|e| e.alerts).map(|a| a.len()), Some(2));
    let alert = c.get_vehicle_alert_by_id(v, ALERT_1).await.unwrap_or_else(ok("alert")).body;
    assert_eq!(alert.id.as_deref(), Some(ALERT_1));
    let monitors = c
        .get_vehicle_monitors(v, CALLBACK_ID, &GetVehicleMonitorsParams::default())
        .await
        .unwrap_or_else(ok("monitors"));
    assert_eq!(monitors.body.total, Some(1));
    let created = c.create_vehicle_monitor(v, CALLBACK_ID, &monitor_parameter()).await.unwrap_or_else(ok("monitor+"));
    assert_eq!(created.status, 202);
    let created = created.body.expect("a 202 with a body");
    assert_eq!(created.monitor_id.as_deref(), Some(MONITOR_ID));
    assert_eq!(created.status.as_ref().map(MonitorStatus::as_str), Some("Created"));
    let monitor = c.get_vehicle_monitor_by_id(v, CALLBACK_ID, MONITOR_ID).await.unwrap_or_else(ok("monitor")).body;
    assert_eq!(monitor.status, Some(MonitorStatus::Running));
    let replaced = c
        .update_vehicle_monitor(v, CALLBACK_ID, MONITOR_ID, &monitor_parameter())
        .await
        .unwrap_or_else(ok("update monitor"));
    assert_eq!(replaced.status, 202);
    let deleted = c.delete_vehicle_monitor(v, CALLBACK_ID, MONITOR_ID).await.unwrap_or_else(ok("delete monitor"));
    assert_eq!(deleted.status, 204);
    let pause = MonitorStatusSetter { status: Some(MonitorStatusSetterStatus::Paused), ..Default::default() };
    let set = c.set_vehicle_monitor_status(v, CALLBACK_ID, MONITOR_ID, &pause).await.unwrap_or_else(ok("mon st"));
    assert_eq!(set.status, 202);
    let remotes = c
        .get_remote_requests_for_vhl(v, CALLBACK_ID, &GetRemoteRequestsForVhlParams::default())
        .await
        .unwrap_or_else(ok("remotes"));
    assert_eq!(remotes.body.total, Some(1));
    let sent = c.send_remote_to_vhl(v, CALLBACK_ID, &lock_doors()).await.unwrap_or_else(ok("remote"));
    assert_eq!(sent.body.and_then(|r| r.remote_action_id).as_deref(), Some(REMOTE_ID));
    let remote = c.get_remote_request_for_vhl_by_id(v, CALLBACK_ID, REMOTE_ID).await.unwrap_or_else(ok("remote?"));
    assert_eq!(remote.body.remote_action_id.as_deref(), Some(REMOTE_ID));
    let collisions =
        c.get_vehicle_collisions(v, &GetVehicleCollisionsParams::default()).await.unwrap_or_else(ok("col"));
    assert_eq!(collisions.body.embedded.and_then(|e| e.collisions).map(|c| c.len()), Some(1));
    let collision = c.get_vehicle_collision_by_id(v, COLLISION_ID).await.unwrap_or_else(ok("collision")).body;
    assert_eq!(collision.id.as_deref(), Some(COLLISION_ID));
    let position = c.get_car_last_position(v).await.unwrap_or_else(ok("lastPosition")).body;
    assert_eq!(position.geometry.and_then(|g| g.coordinates).map(|c| c.len()), Some(2));
    let maintenance = c.get_vehicle_maintenance(v).await.unwrap_or_else(ok("maintenance")).body;
    assert_eq!(maintenance.days_before_maintenance, Some(412));
    let status = c.get_vehicle_status(v).await.unwrap_or_else(ok("status")).body;
    assert_eq!(status.odometer.and_then(|o| o.mileage), Some(27105.4));
    let telemetry = c.get_telemetry(v, &GetTelemetryParams::default()).await.unwrap_or_else(ok("telemetry"));
    assert_eq!(telemetry.body.embedded.and_then(|e| e.telemetries).map(|t| t.len()), Some(2));
    let trips = c.get_trips_by_vehicle(v, &GetTripsByVehicleParams::default()).await.unwrap_or_else(ok("trips"));
    assert_eq!(trips.body.current_page, Some(1));
    let trip = c.get_trip_by_vehicle(v, TRIP_2).await.unwrap_or_else(ok("trip")).body;
    assert_eq!(trip.id.as_deref(), Some(TRIP_2));
    let trip_alerts = c
        .get_vehicle_trip_alerts(v, TRIP_2, &GetVehicleTripAlertsParams::default())
        .await
        .unwrap_or_else(ok("trip alerts"));
    assert_eq!(trip_alerts.body.total, Some(2));
    let trip_alert = c.get_vehicle_trip_alert_by_id(v, TRIP_2, ALERT_1).await.unwrap_or_else(ok("trip alert"));
    assert_eq!(trip_alert.body.id.as_deref(), Some(ALERT_1));
    let trip_collisions = c
        .get_vehicle_collisions_by_trip_id(v, TRIP_2, &GetVehicleCollisionsByTripIdParams::default())
        .await
        .unwrap_or_else(ok("trip collisions"));
    assert_eq!(trip_collisions.body.total, Some(1));
    let trip_collision =
        c.get_vehicle_collision_by_trip_by_id(v, TRIP_2, COLLISION_ID).await.unwrap_or_else(ok("trip col"));
    assert_eq!(trip_collision.body.id.as_deref(), Some(COLLISION_ID));
    let trip_telemetry = c
        .get_telemetry_for_trip(v, TRIP_2, &GetTelemetryForTripParams::default())
        .await
        .unwrap_or_else(ok("trip telemetry"));
    assert!(trip_telemetry.body.embedded.is_some());
    let way_points =
        c.get_path_for_trip(v, TRIP_1, &GetPathForTripParams::default()).await.unwrap_or_else(ok("wayPoints"));
    assert_eq!(way_points.body.embedded.and_then(|e| e.positions).map(|p| p.len()), Some(3));

    let (cb, m, r) = (CALLBACK_ID, MONITOR_ID, REMOTE_ID);
    let expected: Vec<(Method, String, &str)> = vec![
        (Method::GET, "/user".into(), HAL),
        (Method::GET, "/user/callbacks".into(), HAL),
        (Method::POST, "/user/callbacks".into(), HAL),
        (Method::GET, format!("/user/callbacks/{cb}"), HAL),
        (Method::PUT, format!("/user/callbacks/{cb}"), HAL),
        (Method::DELETE, format!("/user/callbacks/{cb}"), JSON),
        (Method::PUT, format!("/user/callbacks/{cb}/status"), HAL),
        (Method::GET, "/user/vehicles".into(), HAL),
        (Method::GET, format!("/user/vehicles/{v}"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/alarms"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/alarms/{ALARM_ID}"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/alerts"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/alerts/{ALERT_1}"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/callbacks/{cb}/monitors"), HAL),
        (Method::POST, format!("/user/vehicles/{v}/callbacks/{cb}/monitors"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/callbacks/{cb}/monitors/{m}"), HAL),
        (Method::PUT, format!("/user/vehicles/{v}/callbacks/{cb}/monitors/{m}"), HAL),
        (Method::DELETE, format!("/user/vehicles/{v}/callbacks/{cb}/monitors/{m}"), JSON),
        (Method::PUT, format!("/user/vehicles/{v}/callbacks/{cb}/monitors/{m}/status"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/callbacks/{cb}/remotes"), HAL),
        (Method::POST, format!("/user/vehicles/{v}/callbacks/{cb}/remotes"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/callbacks/{cb}/remotes/{r}"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/collisions"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/collisions/{COLLISION_ID}"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/lastPosition"), GEO),
        (Method::GET, format!("/user/vehicles/{v}/maintenance"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/status"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/telemetry"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/trips"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/trips/{TRIP_2}"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/trips/{TRIP_2}/alerts"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/trips/{TRIP_2}/alerts/{ALERT_1}"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/trips/{TRIP_2}/collisions"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/trips/{TRIP_2}/collisions/{COLLISION_ID}"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/trips/{TRIP_2}/telemetry"), HAL),
        (Method::GET, format!("/user/vehicles/{v}/trips/{TRIP_1}/wayPoints"), HAL),
    ];
    let requests = server.requests();
    let got: Vec<(Method, String)> = requests.iter().map(|r| (r.method.clone(), r.api_path().to_owned())).collect();
    let want: Vec<(Method, String)> = expected.iter().map(|(m, p, _)| (m.clone(), p.clone())).collect();
    assert_eq!(got, want);
    for (request, (_, _, accept)) in requests.iter().zip(&expected) {
        assert_credentials(request, accept);
        // No optional parameter was set, so `client_id` is the whole query.
        assert_eq!(request.query.as_deref(), Some("client_id=fake-app-id"), "{}", request.line());
        let has_body = matches!(request.method, Method::POST | Method::PUT);
        assert_eq!(!request.body.is_empty(), has_body, "{}", request.line());
    }
}

/// Each of the 13 `*_items` streams once: it yields the items of the collection the server
/// serves, with the credentials on every page.
#[tokio::test]
async fn every_items_stream_yields_the_items_of_its_collection() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let v = VEHICLE_1;
    macro_rules! items {
        ($stream:expr) => {
            $stream.try_collect::<Vec<_>>().await.unwrap_or_else(|e| panic!("{}: {e}", stringify!($stream))).len()
        };
    }
    assert_eq!(items!(c.get_user_callbacks_items(&GetUserCallbacksParams::default())), 1);
    assert_eq!(items!(c.get_vehicles_by_device_items(&GetVehiclesByDeviceParams::default())), 3, "two pages");
    assert_eq!(items!(c.get_vehicle_alarms_items(v, &GetVehicleAlarmsParams::default())), 1);
    assert_eq!(items!(c.get_vehicle_alerts_items(v, &GetVehicleAlertsParams::default())), 2);
    assert_eq!(items!(c.get_vehicle_monitors_items(v, CALLBACK_ID, &GetVehicleMonitorsParams::default())), 1);
    assert_eq!(
        items!(c.get_remote_requests_for_vhl_items(v, CALLBACK_ID, &GetRemoteRequestsForVhlParams::default())),
        1
    );
    assert_eq!(items!(c.get_vehicle_collisions_items(v, &GetVehicleCollisionsParams::default())), 1);
    assert_eq!(items!(c.get_telemetry_items(v, &GetTelemetryParams::default())), 2);
    assert_eq!(items!(c.get_trips_by_vehicle_items(v, &GetTripsByVehicleParams::default())), 3, "two pages");
    assert_eq!(items!(c.get_vehicle_trip_alerts_items(v, TRIP_2, &GetVehicleTripAlertsParams::default())), 2);
    let trip_collisions = GetVehicleCollisionsByTripIdParams::default();
    assert_eq!(items!(c.get_vehicle_collisions_by_trip_id_items(v, TRIP_2, &trip_collisions)), 1);
    assert_eq!(items!(c.get_telemetry_for_trip_items(v, TRIP_2, &GetTelemetryForTripParams::default())), 2);
    assert_eq!(items!(c.get_path_for_trip_items(v, TRIP_1, &GetPathForTripParams::default())), 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 15, "11 one-page collections and two of two pages");
    for request in &requests {
        assert_credentials(request, HAL);
    }
}

/// `x-introspect-realm` names the brand the client was built for.
#[tokio::test]
async fn the_realm_header_follows_the_brand() {
    let server = FakeServer::start().await;
    let brands = [
        (Brand::Peugeot, "clientsB2CPeugeot"),
        (Brand::Citroen, "clientsB2CCitroen"),
        (Brand::Ds, "clientsB2CDS"),
        (Brand::Opel, "clientsB2COpel"),
        (Brand::Vauxhall, "clientsB2CVauxhall"),
    ];
    for (brand, _) in brands {
        let c = client_with(builder(server.base_url()).brand(brand));
        c.get_vehicle_status(VEHICLE_1).await.expect("status");
    }
    let realms: Vec<Option<String>> =
        server.requests().iter().map(|r| r.header("x-introspect-realm").map(str::to_owned)).collect();
    let expected: Vec<Option<String>> = brands.iter().map(|(_, realm)| Some((*realm).to_owned())).collect();
    assert_eq!(realms, expected);
}
