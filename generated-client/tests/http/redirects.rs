//! Redirects: credentials stay on the API's host.

use super::*;

/// Server A (127.0.0.1) redirects with 302 to server B addressed as `localhost` (another host):
/// reqwest follows, and B receives no `Authorization` header. reqwest strips only the headers it
/// deems sensitive (Authorization, Cookie, Proxy-Authorization, WWW-Authenticate), so B does
/// receive `x-introspect-realm` and `Accept`. The same happens for another port of 127.0.0.1.
#[tokio::test]
async fn a_cross_host_redirect_drops_the_authorization_header() {
    let a = FakeServer::start().await;
    let b = FakeServer::start().await;
    let c = client(&a);
    let path = format!("/user/vehicles/{VEHICLE_1}/status");
    let to_b = format!("http://localhost:{}/connectedcar/v4{path}?client_id={CLIENT_ID}", b.addr().port());
    a.script(Method::GET, &path, Canned::redirect(302, to_b));
    let status = c.get_vehicle_status(VEHICLE_1).await.expect("B answers");
    assert_eq!(status.body.odometer.and_then(|o| o.mileage), Some(27105.4));

    let at_a = a.requests();
    assert_eq!(at_a.len(), 1);
    assert_credentials(&at_a[0], HAL);
    let at_b = b.requests();
    assert_eq!(at_b.len(), 1);
    assert_eq!(at_b[0].header("host"), Some(format!("localhost:{}", b.addr().port()).as_str()));
    assert_eq!(at_b[0].header("authorization"), None, "the token must not reach another host");
    assert_eq!(at_b[0].header("x-introspect-realm"), Some("clientsB2COpel"), "not a secret: reqwest keeps it");
    assert_eq!(at_b[0].header("accept"), Some(HAL));

    // Same address, another port: another origin for reqwest, the header is dropped too.
    let to_b_by_ip = format!("{}{path}?client_id={CLIENT_ID}", b.base_url());
    a.script(Method::GET, &path, Canned::redirect(302, to_b_by_ip));
    c.get_vehicle_status(VEHICLE_1).await.expect("B answers");
    assert_eq!(b.requests()[1].header("authorization"), None);
}

/// A redirect to the same host and port keeps the `Authorization` header.
#[tokio::test]
async fn a_same_host_redirect_keeps_the_authorization_header() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let path = format!("/user/vehicles/{VEHICLE_1}/status");
    let moved = format!("/connectedcar/v4/user/vehicles/{VEHICLE_2}/status?client_id={CLIENT_ID}");
    server.script(Method::GET, &path, Canned::redirect(302, moved));
    let status = c.get_vehicle_status(VEHICLE_1).await.expect("followed");
    assert!(status.body.energies.is_some(), "the 2023 status of vehicle 2");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].api_path(), format!("/user/vehicles/{VEHICLE_2}/status"));
    for request in &requests {
        assert_credentials(request, HAL);
    }
}
