//! What the fuzz targets share: the properties (the same file the workspace tests use) and the project's samples and schemas as seeds.

#[path = "../../generated-client/tests/support/properties.rs"]
pub mod properties;

use std::collections::BTreeMap;

/// The project's JSON samples (copies of ours, never the vendor's), as structure-aware seeds.
pub const SAMPLES: &[&str] = &[
    include_str!("../../generated-client/tests/fixtures/samples/alerts.json"),
    include_str!("../../generated-client/tests/fixtures/samples/callback-message.json"),
    include_str!("../../generated-client/tests/fixtures/samples/last-position-2d.json"),
    include_str!("../../generated-client/tests/fixtures/samples/last-position.json"),
    include_str!("../../generated-client/tests/fixtures/samples/maintenance.json"),
    include_str!("../../generated-client/tests/fixtures/samples/monitor-created.json"),
    include_str!("../../generated-client/tests/fixtures/samples/status-2020.json"),
    include_str!("../../generated-client/tests/fixtures/samples/status-2023.json"),
    include_str!("../../generated-client/tests/fixtures/samples/status-2024.json"),
    include_str!("../../generated-client/tests/fixtures/samples/telemetry.json"),
    include_str!("../../generated-client/tests/fixtures/samples/trip.json"),
    include_str!("../../generated-client/tests/fixtures/samples/trips-page-1.json"),
    include_str!("../../generated-client/tests/fixtures/samples/user.json"),
    include_str!("../../generated-client/tests/fixtures/samples/vehicle.json"),
    include_str!("../../generated-client/tests/fixtures/samples/vehicles.json"),
];

macro_rules! schema_files {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../schema/", $name)))),+]
    };
}

/// The project's schema files, by name.
pub const SCHEMAS: &[(&str, &str)] = schema_files![
    "alarms.yaml", "alerts.yaml", "callbacks.yaml", "collisions.yaml", "common.yaml", "energy.yaml",
    "errors.yaml", "maintenance.yaml", "monitors.yaml", "openapi.yaml", "position.yaml", "remotes.yaml",
    "status.yaml", "telemetry.yaml", "trips.yaml", "user.yaml", "vehicles.yaml", "webhook.yaml",
];

/// The schema files as the generator reads them.
#[must_use]
pub fn schema_sources() -> BTreeMap<String, String> {
    SCHEMAS.iter().map(|(name, text)| ((*name).to_owned(), (*text).to_owned())).collect()
}

/// A source of choices drawn from the fuzzer's bytes; 0 once they run out.
pub fn chooser<'a>(bytes: &'a mut libfuzzer_sys::arbitrary::Unstructured<'_>) -> impl FnMut(usize) -> usize + 'a {
    move |n| bytes.choose_index(n).unwrap_or(0)
}
