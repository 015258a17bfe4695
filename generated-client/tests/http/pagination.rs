//! Pagination: following `_links.next` (relative and absolute), laziness, and where it stops.

use super::*;

/// Three pages: page 1 links to page 2 with a root-relative href, page 2 to page 3 with an
/// absolute one, page 3 has no `next`. The stream yields the items of all three in order and
/// stops; each page request carries the credentials and exactly the query of its href.
#[tokio::test]
async fn pagination_follows_a_relative_then_an_absolute_next_link_and_stops_after_the_last_page() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let trips_path = format!("/user/vehicles/{VEHICLE_1}/trips");
    let mut page_1: Value = serde_json::from_str(fake_server::sample("trips-page-1.json")).expect("JSON");
    page_1["_links"]["next"]["href"] = json!(format!("/connectedcar/v4{trips_path}?pageToken=p2"));
    let page_2 = json!({
        "_links": { "self": link(server.url(&format!("{trips_path}?pageToken=p2"))),
                    "next": link(server.url(&format!("{trips_path}?pageToken=p3"))) },
        "total": 4, "currentPage": 2, "totalPage": 3,
        "_embedded": { "trips": [ { "id": "trip-on-page-2", "distance": 3.5, "done": true } ] },
    });
    server.script(Method::GET, &trips_path, Canned::json(200, page_1.to_string()));
    server.script(Method::GET, &trips_path, Canned::json(200, page_2.to_string()));
    server.script(Method::GET, &trips_path, Canned::sample(200, "trips-page-2.json"));

    let mut params = GetTripsByVehicleParams::default();
    params.page_size = Some(2);
    let trips: Vec<_> = c.get_trips_by_vehicle_items(VEHICLE_1, &params).try_collect().await.expect("three pages");
    assert_eq!(ids(&trips, |t| t.id.as_ref()), [TRIP_1, TRIP_2, "trip-on-page-2", TRIP_3]);
    let requests = server.requests();
    let queries: Vec<Option<&str>> = requests.iter().map(|r| r.query.as_deref()).collect();
    assert_eq!(
        queries,
        [
            Some("pageSize=2&client_id=fake-app-id"),
            Some("pageToken=p2&client_id=fake-app-id"),
            Some("pageToken=p3&client_id=fake-app-id")
        ]
    );
    for request in &requests {
        assert_eq!(request.path, format!("/connectedcar/v4{trips_path}"));
        assert_credentials(request, HAL);
    }
}

/// A path-relative `next` (`trips?pageToken=p2`) resolves against the URL of the page it came
/// in, as RFC 3986 says for a link inside a document: the same collection, another token.
#[tokio::test]
async fn a_path_relative_next_link_resolves_against_the_page_it_came_in() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let trips_path = format!("/user/vehicles/{VEHICLE_1}/trips");
    let mut page_1: Value = serde_json::from_str(fake_server::sample("trips-page-1.json")).expect("JSON");
    page_1["_links"]["next"]["href"] = json!("trips?pageToken=p2");
    server.script(Method::GET, &trips_path, Canned::json(200, page_1.to_string()));
    server.script(Method::GET, &trips_path, Canned::sample(200, "trips-page-2.json"));
    let trips: Vec<_> = c
        .get_trips_by_vehicle_items(VEHICLE_1, &GetTripsByVehicleParams::default())
        .try_collect()
        .await
        .expect("two pages");
    assert_eq!(ids(&trips, |t| t.id.as_ref()), [TRIP_1, TRIP_2, TRIP_3]);
    let requests = server.requests();
    let seen: Vec<(String, Option<&str>)> = requests.iter().map(|r| (r.path.clone(), r.query.as_deref())).collect();
    let path = format!("/connectedcar/v4{trips_path}");
    assert_eq!(
        seen,
        [(path.clone(), Some("client_id=fake-app-id")), (path, Some("pageToken=p2&client_id=fake-app-id"))]
    );
}

/// The stream holds one page at a time and asks for the next only when its items are wanted.
#[tokio::test]
async fn pagination_is_lazy() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let first: Vec<_> =
        c.get_trips_by_vehicle_items(VEHICLE_1, &GetTripsByVehicleParams::default()).take(2).collect().await;
    assert_eq!(first.len(), 2);
    assert_eq!(server.requests().len(), 1, "both items were on page 1");
}

/// A `next` link back to a page already seen ends the stream instead of looping; an error on a
/// later page ends it after the items already yielded.
#[tokio::test]
async fn pagination_ends_on_a_link_back_to_a_seen_page_and_on_an_error() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let trips_path = format!("/user/vehicles/{VEHICLE_1}/trips");
    let mut looping: Value = serde_json::from_str(fake_server::sample("trips-page-1.json")).expect("JSON");
    looping["_links"]["next"]["href"] = json!(server.url(&trips_path));
    server.script(Method::GET, &trips_path, Canned::json(200, looping.to_string()));
    let trips: Vec<_> = c
        .get_trips_by_vehicle_items(VEHICLE_1, &GetTripsByVehicleParams::default())
        .try_collect()
        .await
        .expect("one page");
    assert_eq!(trips.len(), 2);
    assert_eq!(server.requests().len(), 1);

    server.clear_requests();
    server.script(Method::GET, &trips_path, Canned::sample(200, "trips-page-1.json"));
    server.script(Method::GET, &trips_path, Canned::sample(500, "error-backend-code-string.json"));
    let c = client_without_retries(&server);
    let items: Vec<Result<_, Error>> =
        c.get_trips_by_vehicle_items(VEHICLE_1, &GetTripsByVehicleParams::default()).collect().await;
    assert_eq!(items.len(), 3, "two trips, then the error, then the end");
    assert!(items[0].is_ok() && items[1].is_ok());
    assert!(matches!(&items[2], Err(Error::Server(_))), "{:?}", items[2]);
}
