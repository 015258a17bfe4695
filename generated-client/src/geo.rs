//! Hand-written (feature `geo`): positions and way points as the georust types, `geojson` and `geo-types`.
//!
//! A [`Position`] is a GeoJSON Feature whose geometry is a [`Point`] of longitude, latitude and
//! usually altitude. The conversions are fallible because the lenient types let any of them be
//! absent or `null` (the API has sent null latitudes); the [`GeoError`] says which one.
//!
//! | From | To | |
//! |---|---|---|
//! | `&Position` | [`geojson::Feature`] | geometry (with altitude), properties and unknown members kept |
//! | `&Point` | [`geojson::Geometry`] | altitude kept when sent |
//! | `&Point`, `&Position` | [`geo_types::Point`] | x = longitude, y = latitude (2D: altitude dropped) |
//! | `&WayPoints`, [`line_string`] | [`geo_types::LineString`] | one coordinate per way point, in order |
//!
//! ```
//! use generated_client::Position;
//!
//! let position: Position = client_runtime::from_json_str(
//!     r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.33292, 48.86039]},
//!         "properties": {"heading": 305}}"#,
//! )?;
//! let point = geo_types::Point::try_from(&position)?;
//! assert_eq!((point.x(), point.y()), (2.33292, 48.86039));
//! let feature = geojson::Feature::try_from(&position)?;
//! assert_eq!(feature.property("heading"), Some(&serde_json::json!(305)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde_json::{Map, Value};

use crate::{Point, Position, WayPoints};

/// A coordinate of a GeoJSON position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// The first number.
    Longitude,
    /// The second number.
    Latitude,
}

impl fmt::Display for Axis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Axis::Longitude => "longitude",
            Axis::Latitude => "latitude",
        })
    }
}

/// Why a position cannot be converted.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum GeoError {
    /// The position has no `geometry`.
    NoGeometry,
    /// The point has no `coordinates` array.
    NoCoordinates,
    /// The `coordinates` array is too short to hold this coordinate.
    Missing(Axis),
    /// This coordinate is `null`.
    Null(Axis),
    /// A way point cannot be converted.
    WayPoint {
        /// Its index among the way points.
        index: usize,
        /// Why.
        error: Box<GeoError>,
    },
}

impl fmt::Display for GeoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GeoError::NoGeometry => f.write_str("the position has no geometry"),
            GeoError::NoCoordinates => f.write_str("the point has no coordinates"),
            GeoError::Missing(axis) => write!(f, "the point has no {axis}"),
            GeoError::Null(axis) => write!(f, "the point's {axis} is null"),
            GeoError::WayPoint { index, error } => write!(f, "way point {index}: {error}"),
        }
    }
}

impl std::error::Error for GeoError {}

/// Longitude, latitude and, when sent and not null, altitude.
fn coordinates(point: &Point) -> Result<(f64, f64, Option<f64>), GeoError> {
    let values = point.coordinates.as_deref().ok_or(GeoError::NoCoordinates)?;
    let axis = |index: usize, axis: Axis| match values.get(index) {
        None => Err(GeoError::Missing(axis)),
        Some(None) => Err(GeoError::Null(axis)),
        Some(Some(value)) => Ok(*value),
    };
    Ok((axis(0, Axis::Longitude)?, axis(1, Axis::Latitude)?, values.get(2).copied().flatten()))
}

fn geometry(position: &Position) -> Result<&Point, GeoError> {
    position.geometry.as_ref().ok_or(GeoError::NoGeometry)
}

impl TryFrom<&Point> for geo_types::Point<f64> {
    type Error = GeoError;

    fn try_from(point: &Point) -> Result<Self, GeoError> {
        let (longitude, latitude, _) = coordinates(point)?;
        Ok(geo_types::Point::new(longitude, latitude))
    }
}

impl TryFrom<&Position> for geo_types::Point<f64> {
    type Error = GeoError;

    fn try_from(position: &Position) -> Result<Self, GeoError> {
        geometry(position)?.try_into()
    }
}

impl TryFrom<&Point> for geojson::Geometry {
    type Error = GeoError;

    fn try_from(point: &Point) -> Result<Self, GeoError> {
        let (longitude, latitude, altitude) = coordinates(point)?;
        let position: geojson::Position = match altitude {
            Some(altitude) => [longitude, latitude, altitude].into(),
            None => [longitude, latitude].into(),
        };
        Ok(geojson::Geometry::new_point(position))
    }
}

/// A position with no geometry (the privacy mode hides it) becomes a Feature without one, as
/// GeoJSON allows; a geometry that is there must convert. Properties keep every key, unknown
/// ones included; keys of the position the schema has outside `properties` (v4.0's `createdAt`,
/// unknown ones) become foreign members.
impl TryFrom<&Position> for geojson::Feature {
    type Error = GeoError;

    fn try_from(position: &Position) -> Result<Self, GeoError> {
        let geometry = position.geometry.as_ref().map(geojson::Geometry::try_from).transpose()?;
        let properties = position.properties.as_ref().and_then(object);
        let foreign_members = object(position).and_then(|mut members| {
            for standard in ["type", "geometry", "properties"] {
                members.remove(standard);
            }
            (!members.is_empty()).then_some(members)
        });
        Ok(geojson::Feature { bbox: None, geometry, id: None, properties, foreign_members })
    }
}

/// A value's JSON object, as it would be sent.
fn object(value: &impl serde::Serialize) -> Option<Map<String, Value>> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// The path through these positions, in order.
///
/// # Errors
/// [`GeoError::WayPoint`] for the first position that cannot be converted.
pub fn line_string(positions: &[Position]) -> Result<geo_types::LineString<f64>, GeoError> {
    positions
        .iter()
        .enumerate()
        .map(|(index, position)| {
            geo_types::Point::try_from(position)
                .map(geo_types::Coord::from)
                .map_err(|error| GeoError::WayPoint { index, error: Box::new(error) })
        })
        .collect()
}

/// The path of a trip's way points page (no way point: an empty line).
impl TryFrom<&WayPoints> for geo_types::LineString<f64> {
    type Error = GeoError;

    fn try_from(page: &WayPoints) -> Result<Self, GeoError> {
        let positions = page.embedded.as_ref().and_then(|embedded| embedded.positions.as_deref());
        line_string(positions.unwrap_or_default())
    }
}
