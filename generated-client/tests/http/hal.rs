//! HAL navigation: following links, plain and templated, resolved like next links.

use super::*;

/// From the vehicle list, `follow` the first vehicle's `status` link and the status's `vehicle`
/// link, and `follow_template` the templated `monitors` link with a `cbid`; every hop carries the
/// credentials. A templated link cannot be followed without expansion.
#[tokio::test]
async fn hal_links_are_followed_plain_and_templated() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let vehicles = c.get_vehicles_by_device(&GetVehiclesByDeviceParams::default()).await.expect("vehicles").body;
    let first = vehicles.embedded.and_then(|e| e.vehicles).and_then(|v| v.into_iter().next()).expect("a vehicle");
    let links = first.links.expect("links");
    let status_link = links.status.as_ref().expect("a status link");
    assert_eq!(status_link.href(), Some(server.url(&format!("/user/vehicles/{VEHICLE_1}/status")).as_str()));

    let status = c.http().follow::<Status>(status_link).await.expect("followed").body;
    assert_eq!(status.odometer.as_ref().and_then(|o| o.mileage), Some(27105.4));
    let vehicle_link = status.links.as_ref().and_then(|l| l.vehicle.as_ref()).expect("a vehicle link");
    let vehicle = c.http().follow::<Vehicle>(vehicle_link).await.expect("followed").body;
    assert_eq!(vehicle.id.as_deref(), Some(VEHICLE_1));

    let monitors_link = links.monitors.as_ref().expect("a monitors link");
    assert!(monitors_link.is_templated());
    let error = failure(c.http().follow::<Monitors>(monitors_link).await);
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    let error = failure(c.http().follow_template::<Monitors>(monitors_link, &[]).await);
    assert!(matches!(error, Error::InvalidRequest { .. }), "a missing cbid: {error:?}");
    let monitors =
        c.http().follow_template::<Monitors>(monitors_link, &[("cbid", CALLBACK_ID)]).await.expect("expanded").body;
    assert_eq!(monitors.embedded.and_then(|e| e.monitors).map(|m| m.len()), Some(1));

    let requests = server.requests();
    let paths: Vec<&str> = requests.iter().map(Recorded::api_path).collect();
    assert_eq!(
        paths,
        [
            "/user/vehicles".to_owned(),
            format!("/user/vehicles/{VEHICLE_1}/status"),
            format!("/user/vehicles/{VEHICLE_1}"),
            format!("/user/vehicles/{VEHICLE_1}/callbacks/{CALLBACK_ID}/monitors"),
        ]
    );
    assert_credentials(&requests[0], HAL);
    for request in &requests[1..] {
        assert_credentials(request, "application/hal+json, application/vnd.geo+json, application/json");
    }
}

/// Hrefs that are not absolute: a decoded resource does not know the URL it came from, so
/// `follow` resolves against the base URL taken as a folder: a path-relative href
/// (`user/vehicles/…`) lands under it, a root-relative one (`/connectedcar/v4/user/…`) on that
/// path of the same host (RFC 3986 §5.2).
#[tokio::test]
async fn follow_resolves_relative_hrefs_against_the_base_url() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let relative = link(format!("user/vehicles/{VEHICLE_1}/status"));
    let root_relative = link(format!("/connectedcar/v4/user/vehicles/{VEHICLE_1}/status"));
    let by_relative = c.http().follow::<Status>(&relative).await;
    let by_root_relative = c.http().follow::<Status>(&root_relative).await;
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    let expected = format!("/connectedcar/v4/user/vehicles/{VEHICLE_1}/status");
    assert_eq!(paths, [expected.clone(), expected], "the root-relative href was resolved under the base path");
    by_relative.expect("relative");
    by_root_relative.expect("root-relative");
}

/// Link relations whose schema names their target (`x-link-target`) have typed `follow_*`
/// methods: from a vehicle's `_links` to its `Status` and `Position`, back to the `Vehicle`, and
/// through the templated `monitors` link; a missing relation is an error, not a request.
#[tokio::test]
async fn typed_link_followers_reach_the_resource_without_naming_its_type() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let vehicles = c.get_vehicles_by_device(&GetVehiclesByDeviceParams::default()).await.expect("vehicles").body;
    let first = vehicles.embedded.and_then(|e| e.vehicles).and_then(|v| v.into_iter().next()).expect("a vehicle");
    let links = first.links.expect("links");

    let status = links.follow_status(&c).await.expect("status").body;
    assert_eq!(status.odometer.as_ref().and_then(|o| o.mileage), Some(27105.4));
    let position = links.follow_last_position(&c).await.expect("position").body;
    assert!(position.geometry.is_some());
    let vehicle = status.links.as_ref().expect("status links").follow_vehicle(&c).await.expect("vehicle").body;
    assert_eq!(vehicle.id.as_deref(), Some(VEHICLE_1));
    let monitors = links.follow_monitors_with(&c, &[("cbid", CALLBACK_ID)]).await.expect("monitors").body;
    assert_eq!(monitors.embedded.and_then(|e| e.monitors).map(|m| m.len()), Some(1));
    let error = failure(links.follow_monitors(&c).await);
    assert!(matches!(error, Error::InvalidRequest { .. }), "templated: {error:?}");

    let bare = generated_client::VehicleLinks::default();
    let error = failure(bare.follow_status(&c).await);
    assert!(matches!(&error, Error::InvalidRequest { message } if message.contains("`status`")), "{error:?}");
    let paths: Vec<String> = server.requests().iter().map(|r| r.api_path().to_owned()).collect();
    assert_eq!(
        paths,
        [
            "/user/vehicles".to_owned(),
            format!("/user/vehicles/{VEHICLE_1}/status"),
            format!("/user/vehicles/{VEHICLE_1}/lastPosition"),
            format!("/user/vehicles/{VEHICLE_1}"),
            format!("/user/vehicles/{VEHICLE_1}/callbacks/{CALLBACK_ID}/monitors"),
        ]
    );
}

/// A link in an answer may point at any host; the client follows links (and next pages) on the
/// API's own origin only, so a hostile or mistaken href cannot collect the token. Nothing is sent.
#[tokio::test]
async fn links_to_another_host_are_refused_without_sending_credentials() {
    let server = FakeServer::start().await;
    let elsewhere = FakeServer::start().await;
    let c = client(&server);
    let other_port = link(elsewhere.url(&format!("/user/vehicles/{VEHICLE_1}/status")));
    let other_host = link(elsewhere.url("/user").replace("127.0.0.1", "localhost"));
    for target in [other_port, other_host] {
        let error = failure(c.http().follow::<Status>(&target).await);
        assert!(
            matches!(&error, Error::InvalidRequest { message } if message.contains("credentials are not sent")),
            "{error:?}"
        );
    }
    assert!(elsewhere.requests().is_empty(), "the other server was called: {:?}", elsewhere.requests());
    assert!(server.requests().is_empty());
}
