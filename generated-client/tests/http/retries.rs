//! Retries of non-idempotent calls happen only when the policy allows them.

use super::*;

/// A POST answered 503 is not retried (the server may have acted), unless
/// `retry_non_idempotent`; a PUT is.
#[tokio::test]
async fn a_post_is_not_retried_on_503_unless_the_policy_allows_it() {
    let server = FakeServer::start().await;
    let monitors = format!("/user/vehicles/{VEHICLE_1}/callbacks/{CALLBACK_ID}/monitors");
    let unavailable = || Canned::sample(503, "error-502.html");

    server.script(Method::POST, &monitors, unavailable());
    let error = failure(client(&server).create_vehicle_monitor(VEHICLE_1, CALLBACK_ID, &monitor_parameter()).await);
    assert!(matches!(&error, Error::Server(api) if api.status == 503), "{error:?}");
    assert_eq!(server.requests().len(), 1, "not retried");

    server.clear_requests();
    server.script(Method::POST, &monitors, unavailable());
    let lenient =
        client_with(builder(server.base_url()).retry(RetryPolicy { retry_non_idempotent: true, ..fast_retry() }));
    let created = lenient.create_vehicle_monitor(VEHICLE_1, CALLBACK_ID, &monitor_parameter()).await.expect("retried");
    assert_eq!(created.status, 202);
    assert_eq!(server.requests().len(), 2);
    assert_eq!(server.requests()[0].body, server.requests()[1].body, "the same body twice");

    server.clear_requests();
    server.script(Method::PUT, &format!("{monitors}/{MONITOR_ID}"), unavailable());
    let replaced =
        client(&server).update_vehicle_monitor(VEHICLE_1, CALLBACK_ID, MONITOR_ID, &monitor_parameter()).await;
    assert_eq!(replaced.expect("PUT is idempotent: retried").status, 202);
    assert_eq!(server.requests().len(), 2);
}
