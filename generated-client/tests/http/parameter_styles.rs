//! Parameters of any schema (objects, arrays, enums, nulls), laid out as their `style` and
//! `explode` say, exactly as a real server receives them.

use client_runtime::http::{Request, Style};

use super::*;

#[tokio::test]
async fn values_of_any_schema_arrive_laid_out_as_their_style_says() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let color = json!({"R": 100, "G": 200});
    let states = [TripState::Nominal, TripState::Unfinished];
    let request = Request::new(Method::GET, "/user/vehicles/{id}/status")
        .path_value("id", &["a", "b/c"], false)
        .query_value("color", Some(&color), Style::Form, true)
        .query_value("packed", Some(&color), Style::Form, false)
        .query_value("filter", Some(&color), Style::DeepObject, true)
        .query_value("spaced", Some(&[1, 2]), Style::SpaceDelimited, false)
        .query_value("piped", Some(&states), Style::PipeDelimited, false)
        .query_value("unset", None::<&i64>, Style::Form, true)
        .query_value("null", Some(&Value::Null), Style::Form, true)
        .header_value("X-Origin", Some(&color), true)
        .header_value("X-States", Some(&states), false);
    let _ = c.http().send_empty(request).await;
    let requests = server.requests();
    let seen = requests.last().expect("the server saw the call");
    // The array is one segment: its `/` cannot add a segment.
    assert_eq!(seen.api_path(), "/user/vehicles/a%2Cb%2Fc/status");
    assert_eq!(
        seen.query.as_deref(),
        Some(
            "G=200&R=100&packed=G%2C200%2CR%2C100&filter%5BG%5D=200&filter%5BR%5D=100&spaced=1+2\
             &piped=Nominal%7CUnfinished&client_id=fake-app-id"
        )
    );
    assert_eq!((seen.header("x-origin"), seen.header("x-states")), (Some("G=200,R=100"), Some("Nominal,Unfinished")));
}
