//! Positions and way points as georust types (feature `geo`), from the samples: 2- and
//! 3-element coordinates, properties kept, and an error that names each missing or null coordinate.

use generated_client::geo::{Axis, GeoError, line_string};
use generated_client::{Point, Position, WayPoints};
use serde_json::{Value, json};

fn sample(name: &str) -> String {
    let path = format!("{}/tests/fixtures/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn position(json: &str) -> Position {
    client_runtime::from_json_str(json).expect("a position")
}

fn point(coordinates: Value) -> Point {
    client_runtime::from_json_str(&json!({ "type": "Point", "coordinates": coordinates }).to_string()).expect("a point")
}

/// Each sample's point, in `geo_types` and in GeoJSON.
#[test]
fn the_sample_positions_convert_with_two_or_three_coordinates() {
    let cases = [
        ("last-position-2d.json", (2.33292, 48.86039), vec![2.33292, 48.86039]),
        ("last-position.json", (2.2944813, 48.8583701), vec![2.2944813, 48.8583701, 35.0]),
    ];
    for (name, (x, y), geojson_coordinates) in cases {
        let position = position(&sample(name));
        let point = geo_types::Point::try_from(&position).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((point.x(), point.y()), (x, y), "{name}");
        let geometry = geojson::Geometry::try_from(position.geometry.as_ref().expect("a geometry")).expect(name);
        assert_eq!(geometry, geojson::Geometry::new_point(geojson_coordinates), "{name}");
    }
}

#[test]
fn a_feature_keeps_every_property_and_its_geometry() {
    for name in ["last-position-2d.json", "last-position.json"] {
        let text = sample(name);
        let original: Value = serde_json::from_str(&text).expect("JSON");
        let feature = geojson::Feature::try_from(&position(&text)).expect(name);
        let properties = feature.properties.clone().map(Value::Object);
        assert_eq!(properties.as_ref(), original.get("properties"), "{name}: properties, unknown values included");
        assert!(feature.foreign_members.is_none(), "{name}");
        let encoded = serde_json::to_value(&feature).expect("GeoJSON encodes");
        assert_eq!(encoded["type"], "Feature");
        assert_eq!(encoded["geometry"]["type"], "Point");
        let lengths = |v: &Value| v["geometry"]["coordinates"].as_array().map(Vec::len);
        assert_eq!(lengths(&encoded), lengths(&original), "{name}");
    }
}

#[test]
fn the_old_spelling_of_a_property_is_kept_as_sent() {
    let feature = geojson::Feature::try_from(&position(&sample("last-position.json"))).expect("converts");
    assert_eq!(feature.property("type"), Some(&json!("Aquire")));
    assert_eq!(feature.property("createdAt"), Some(&json!("Thu Sep 24 15:40:46 GMT 2020")));
}

#[test]
fn keys_outside_properties_become_foreign_members() {
    let text = r#"{"type": "Feature", "createdAt": "2020-09-24T15:40:46Z", "colour": "red",
                   "geometry": {"type": "Point", "coordinates": [2.1, 48.1]}}"#;
    let feature = geojson::Feature::try_from(&position(text)).expect("converts");
    let members = feature.foreign_members.expect("foreign members");
    assert_eq!(members.get("createdAt"), Some(&json!("2020-09-24T15:40:46Z")));
    assert_eq!(members.get("colour"), Some(&json!("red")));
    assert_eq!(members.len(), 2);
    assert!(feature.properties.is_none());
}

#[test]
fn a_position_without_geometry_is_a_feature_without_one_but_not_a_point() {
    let hidden = position(r#"{"type": "Feature", "properties": {"heading": 90}}"#);
    let feature = geojson::Feature::try_from(&hidden).expect("converts");
    assert!(feature.geometry.is_none());
    assert_eq!(geo_types::Point::try_from(&hidden), Err(GeoError::NoGeometry));
}

/// Every way coordinates can be missing or null, and what the error says.
#[test]
fn missing_or_null_coordinates_are_errors_that_say_which() {
    let cases = [
        (json!([null, 48.1]), GeoError::Null(Axis::Longitude), "the point's longitude is null"),
        (json!([2.1, null]), GeoError::Null(Axis::Latitude), "the point's latitude is null"),
        (json!([null, null, 35]), GeoError::Null(Axis::Longitude), "the point's longitude is null"),
        (json!([2.1]), GeoError::Missing(Axis::Latitude), "the point has no latitude"),
        (json!([]), GeoError::Missing(Axis::Longitude), "the point has no longitude"),
        (Value::Null, GeoError::NoCoordinates, "the point has no coordinates"),
        (json!("2.1,48.1"), GeoError::NoCoordinates, "the point has no coordinates"),
    ];
    for (coordinates, error, message) in cases {
        let point = point(coordinates.clone());
        assert_eq!(geo_types::Point::try_from(&point).as_ref(), Err(&error), "{coordinates}");
        assert_eq!(geojson::Geometry::try_from(&point), Err(error.clone()), "{coordinates}");
        assert_eq!(error.to_string(), message);
    }
}

#[test]
fn a_null_altitude_leaves_a_two_dimensional_point() {
    let geometry = geojson::Geometry::try_from(&point(json!([2.1, 48.1, null]))).expect("converts");
    assert_eq!(geometry, geojson::Geometry::new_point([2.1, 48.1]));
}

fn way_points(positions: Value) -> WayPoints {
    let page = json!({ "total": 3, "_embedded": { "positions": positions } });
    client_runtime::from_json_str(&page.to_string()).expect("a way points page")
}

#[test]
fn a_trips_way_points_convert_to_a_line_string() {
    let positions: Vec<Value> = ["last-position.json", "last-position-2d.json", "last-position.json"]
        .iter()
        .map(|name| serde_json::from_str(&sample(name)).expect("JSON"))
        .collect();

    let line = geo_types::LineString::try_from(&way_points(Value::from(positions))).expect("converts");

    let coordinates: Vec<(f64, f64)> = line.coords().map(|c| (c.x, c.y)).collect();
    assert_eq!(coordinates, [(2.2944813, 48.8583701), (2.33292, 48.86039), (2.2944813, 48.8583701)]);
}

#[test]
fn a_bad_way_point_names_its_index() {
    let positions = json!([
        { "geometry": { "coordinates": [2.1, 48.1] } },
        { "geometry": { "coordinates": [2.2, null] } },
    ]);

    let error = geo_types::LineString::try_from(&way_points(positions)).expect_err("a null latitude");

    assert_eq!(error, GeoError::WayPoint { index: 1, error: Box::new(GeoError::Null(Axis::Latitude)) });
    assert_eq!(error.to_string(), "way point 1: the point's latitude is null");
}

#[test]
fn no_way_points_make_an_empty_line() {
    assert_eq!(line_string(&[]), Ok(geo_types::LineString::new(Vec::new())));
    let empty: WayPoints = client_runtime::from_json_str("{}").expect("a page");
    assert_eq!(geo_types::LineString::try_from(&empty).map(|line| line.0.len()), Ok(0));
}
