//! Seeded randomized tests, bounded to seconds: every sample mutated many times decodes and
//! round-trips (rules 3, 9, 11, 12); mutated schemas never panic the generator, and a sample of
//! what they generate compiles (`codegen/tests/compile.rs` compiles the fixtures themselves).
//!
//! Fixed seeds keep every run identical, so a failure reproduces; the fuzz targets under `fuzz/`
//! search the same properties without a time bound.

#[path = "support/properties.rs"]
mod properties;

use std::path::Path;

use client_runtime::List;
use generated_client::{
    Alerts, ErrorBody, Maintenance, Message, MonitorRef, Position, Status, Telemetries, Trip, Trips, User, Vehicle,
    Vehicles,
};
use serde_json::Value;

type RoundTrip = fn(&[u8]) -> serde_json::Result<()>;

/// Every JSON sample with the type it is an answer of.
const SAMPLES: &[(&str, RoundTrip)] = &[
    ("vehicles.json", properties::round_trips::<Vehicles>),
    ("vehicle.json", properties::round_trips::<Vehicle>),
    ("user.json", properties::round_trips::<User>),
    ("status-2020.json", properties::round_trips::<Status>),
    ("status-2023.json", properties::round_trips::<Status>),
    ("status-2024.json", properties::round_trips::<Status>),
    ("last-position.json", properties::round_trips::<Position>),
    ("last-position-2d.json", properties::round_trips::<Position>),
    ("trips-page-1.json", properties::round_trips::<Trips>),
    ("trips-page-2.json", properties::round_trips::<Trips>),
    ("trip.json", properties::round_trips::<Trip>),
    ("alerts.json", properties::round_trips::<Alerts>),
    ("maintenance.json", properties::round_trips::<Maintenance>),
    ("telemetry.json", properties::round_trips::<Telemetries>),
    ("monitor-created.json", properties::round_trips::<MonitorRef>),
    ("callback-message.json", properties::round_trips::<List<Message>>),
    ("error-backend-404.json", properties::round_trips::<ErrorBody>),
    ("error-oauth.json", properties::round_trips::<ErrorBody>),
];

/// Mutated documents per sample: enough to reach every kind of mutation at many places, few
/// enough that an unoptimised test build stays within seconds.
const MUTANTS_PER_SAMPLE: usize = 300;

fn samples_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/samples"))
}

#[test]
fn mutated_samples_decode_and_round_trip() {
    let mut rng = fastrand::Rng::with_seed(0x5eed_a77a);
    let mut mutants = 0;
    for (file, round_trip) in SAMPLES {
        let text = std::fs::read_to_string(samples_dir().join(file)).unwrap();
        let original: Value = serde_json::from_str(&text).unwrap();
        for _ in 0..MUTANTS_PER_SAMPLE {
            let mut mutant = original.clone();
            for _ in 0..1 + rng.usize(..3) {
                properties::mutate_json(&mut mutant, &mut |n| rng.usize(..n));
            }
            let bytes = serde_json::to_vec(&mutant).unwrap();
            if let Err(err) = round_trip(&bytes) {
                panic!("{file}: a mutant of the right top-level shape failed to decode: {err}\n{mutant}");
            }
            mutants += 1;
        }
    }
    assert_eq!(mutants, SAMPLES.len() * MUTANTS_PER_SAMPLE);
}

#[test]
fn mutated_schemas_never_panic_the_generator() {
    let files = properties::schema_sources();
    let mut rng = fastrand::Rng::with_seed(0xc0de_9e17);
    let names: Vec<&String> = files.keys().collect();
    // One run generates the whole API (a third of a second unoptimised): a handful stays within seconds.
    for _ in 0..8 {
        let name = names[rng.usize(..names.len())];
        let mut tree: serde_yaml::Value = serde_yaml::from_str(&files[name]).unwrap();
        for _ in 0..1 + rng.usize(..4) {
            properties::mutate_schema(&mut tree, &mut |n| rng.usize(..n));
        }
        let mut mutated = files.clone();
        mutated.insert(name.clone(), serde_yaml::to_string(&tree).unwrap());
        properties::generator_holds(&mutated, "openapi.yaml");
    }
}
