//! Every response sample in `tests/fixtures/samples/` (a copy of the project's hand-written
//! samples; see the README there) decoded into its generated type: the concrete values the samples
//! README names, the round trip of rule 9 for every JSON sample, and the exact drift report of
//! rule 10 for each.

#![allow(deprecated)] // The old shapes are read through their deprecated fields on purpose.

#[path = "support/json.rs"]
mod json;

use std::path::PathBuf;

use client_runtime::{Drift, Lenient, List, OneOrMany, from_json_slice};
use generated_client::{
    Alerts, BackendErrorCode, ChargingPowerLevel, DoorLockState, DoorOpeningIdentifier, DoorOpeningState, EnergyType,
    ErrorBody, FixStatus, Maintenance, Message, MonitorRef, MonitorStatus, Position, PositionType, Status, Telemetries,
    Trip, TripDuration, Trips, User, Vehicle, Vehicles,
};
use json::by_value;
use serde_json::{Value, json};

const API: &str = "https://api.groupe-psa.com/connectedcar/v4";
const VEHICLE_1: &str = "025e2a10edeff11f119a9ace983d2cd8d6fef84ed585c77c9f8a00418dad3edf050baacc232a88f9be96e29bffa3d7c1df1e02e68d7b5e8c64546699607808cd";

fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/samples")
}

fn bytes(name: &str) -> Vec<u8> {
    let path = samples_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Decodes a sample and checks the round trip (rule 9) on the way.
fn load<T: Lenient>(name: &str) -> T {
    let raw = bytes(name);
    let decoded: T = from_json_slice(&raw).unwrap_or_else(|err| panic!("{name}: {err}"));
    let original: Value = serde_json::from_slice(&raw).unwrap();
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(by_value(&encoded), by_value(&original), "{name}: decode → encode must give the body back");
    decoded
}

fn href(relation: Option<&OneOrMany<generated_client::Link>>) -> Option<&str> {
    relation.and_then(OneOrMany::first).and_then(|link| link.href.as_deref())
}

fn instant(ts: Option<&client_runtime::Timestamp>) -> Option<String> {
    ts.and_then(client_runtime::Timestamp::get).map(|t| t.to_string())
}

// ---------------------------------------------------------------------------------------------
// The table: every sample, its type, and its exact drift report.

/// Decodes into `T`, checks the round trip, and returns the drift report text.
fn drift_of<T: Lenient + Drift>(name: &str) -> String {
    load::<T>(name).drift().to_string()
}

const STATUS_2020_DRIFT: &str = "/lastPosition/properties/type: unknown enum value \"Acquired\"\n";

const STATUS_2023_DRIFT: &str = "\
/energies/1/extension/electric/charging/chargingPower: unknown field (a decimal number)
/connectivity: unknown field (an object)
/preconditionning: alternate name of \"preconditioning\", which is also present
";

const STATUS_2024_DRIFT: &str =
    "/energies/0/extension/electric/charging/chargingPowerLevel: unknown enum value \"Level6\"\n";

type Check = fn(&str) -> String;

/// Every JSON sample with its decoder and its exact drift report (rule 10). Samples that match
/// the schema exactly have an empty report.
const JSON_SAMPLES: &[(&str, Check, &str)] = &[
    ("vehicles.json", drift_of::<Vehicles>, ""),
    ("vehicle.json", drift_of::<Vehicle>, ""),
    ("user.json", drift_of::<User>, ""),
    ("status-2020.json", drift_of::<Status>, STATUS_2020_DRIFT),
    ("status-2023.json", drift_of::<Status>, STATUS_2023_DRIFT),
    ("status-2024.json", drift_of::<Status>, STATUS_2024_DRIFT),
    ("last-position.json", drift_of::<Position>, "/properties/type: unknown enum value \"Aquire\"\n"),
    ("last-position-2d.json", drift_of::<Position>, ""),
    ("trips-page-1.json", drift_of::<Trips>, ""),
    ("trips-page-2.json", drift_of::<Trips>, ""),
    ("trip.json", drift_of::<Trip>, ""),
    ("alerts.json", drift_of::<Alerts>, "/_embedded/alerts/1/type: unknown enum value \"underInflationTyreFault\"\n"),
    ("maintenance.json", drift_of::<Maintenance>, ""),
    ("telemetry.json", drift_of::<Telemetries>, ""),
    ("monitor-created.json", drift_of::<MonitorRef>, "/status: unknown enum value \"Created\"\n"),
    ("callback-message.json", drift_of::<List<Message>>, ""),
    ("error-backend-404.json", drift_of::<ErrorBody>, ""),
    ("error-backend-code-string.json", drift_of::<ErrorBody>, ""),
    ("error-gateway-401.json", drift_of::<ErrorBody>, ""),
    ("error-oauth.json", drift_of::<ErrorBody>, ""),
];

#[test]
fn every_sample_file_is_covered() {
    let mut on_disk: Vec<String> = std::fs::read_dir(samples_dir())
        .expect("tests/fixtures/samples exists")
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let mut covered: Vec<String> = JSON_SAMPLES.iter().map(|(name, _, _)| (*name).to_owned()).collect();
    covered.extend(["README.md".to_owned(), "error-502.html".to_owned()]);
    covered.sort();
    assert_eq!(on_disk, covered, "a sample was added or removed: update JSON_SAMPLES");
}

/// The copies here must stay the samples of `../shared/psa-api/samples/` (beside the clone, when
/// it is there): a sample added or changed there must not go untested here.
#[test]
fn the_copies_match_the_shared_samples() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/psa-api/samples");
    let Ok(entries) = std::fs::read_dir(&shared) else {
        eprintln!(
            "skipped: {} is absent (a user's clone); the copies in tests/fixtures/samples are used",
            shared.display()
        );
        return;
    };
    for entry in entries {
        let path = entry.expect("read the shared samples").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let copy = std::fs::read(samples_dir().join(&name))
            .unwrap_or_else(|_| panic!("{name} is not copied into tests/fixtures/samples"));
        assert!(copy == std::fs::read(&path).unwrap(), "{name} differs from its shared original");
    }
}

#[test]
fn every_json_sample_round_trips_with_its_exact_drift() {
    let mut failures = Vec::new();
    for (name, check, expected) in JSON_SAMPLES {
        let report = check(name);
        if report != *expected {
            failures.push(format!("{name}:\n--- expected\n{expected}--- got\n{report}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn error_502_html_is_an_error_for_every_type() {
    let html = bytes("error-502.html");
    assert!(html.starts_with(b"<!DOCTYPE html>"));
    assert!(from_json_slice::<Status>(&html).is_err());
    assert!(from_json_slice::<ErrorBody>(&html).is_err());
    assert!(from_json_slice::<List<Message>>(&html).is_err());
    assert!(from_json_slice::<OneOrMany<Message>>(&html).is_err());
    assert!(from_json_slice::<Value>(&html).is_err());
    assert!(from_json_slice::<String>(&html).is_err());
    let err = from_json_slice::<Position>(&html).unwrap_err();
    assert!(err.is_syntax(), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Status, three eras

#[test]
fn status_2020_drift_is_pinned() {
    assert_eq!(load::<Status>("status-2020.json").drift().to_string(), STATUS_2020_DRIFT);
}

#[test]
fn status_2023_drift_is_pinned() {
    assert_eq!(load::<Status>("status-2023.json").drift().to_string(), STATUS_2023_DRIFT);
}

#[test]
fn status_2024_drift_is_pinned() {
    assert_eq!(load::<Status>("status-2024.json").drift().to_string(), STATUS_2024_DRIFT);
}

#[test]
fn status_2020_old_shape() {
    let status: Status = load("status-2020.json");

    // timed.odometer lands in the odometer field (alias), with a null createdAt.
    let odometer = status.odometer.as_ref().expect("timed.odometer decodes into odometer");
    assert_eq!(odometer.mileage, Some(4821.0));
    assert_eq!(odometer.created_at, None);
    assert_eq!(odometer.extra.get("createdAt"), Some(&Value::Null));
    assert_eq!(status.extra.wire_name("odometer"), "timed.odometer");
    assert!(status.extra.get("timed.odometer").is_none(), "decoded, not kept raw");
    let encoded = serde_json::to_value(&status).unwrap();
    assert_eq!(encoded["timed.odometer"]["createdAt"], Value::Null, "re-encodes under timed.odometer, null kept");
    assert_eq!(encoded["timed.odometer"]["mileage"], json!(4821.0));
    assert!(encoded.get("odometer").is_none());

    // preconditionning (double n) → preconditioning.
    let air = status.preconditioning.as_ref().and_then(|p| p.air_conditioning.as_ref()).expect("alias");
    assert_eq!(air.status.as_ref().map(|s| s.as_str()), Some("Disabled"));
    assert_eq!(instant(air.updated_at.as_ref()).as_deref(), Some("2020-12-20T08:05:31Z"));
    let programs = air.programs.as_deref().unwrap();
    assert_eq!(programs.len(), 2);
    assert_eq!(programs[0].start.as_ref().and_then(|d| d.to_std()).map(|d| d.as_secs()), Some(7 * 3600 + 15 * 60));
    assert_eq!(programs[1].occurence.as_ref().and_then(|o| o.day.as_ref()).map(|items| items.len()), Some(2));

    // lockedState (singular) → locked_states.
    let doors = status.doors_state.as_ref().unwrap();
    assert_eq!(doors.locked_states.as_deref(), Some(&[DoorLockState::Locked][..]));
    assert_eq!(doors.extra.wire_name("lockedStates"), "lockedState");
    assert_eq!(instant(doors.updated_at.as_ref()).as_deref(), Some("2020-12-21T17:33:02Z"));

    // Position: type Acquired → catch-all, 3 coordinates, properties.updatedAt.
    let position = status.last_position.as_ref().unwrap();
    let properties = position.properties.as_ref().unwrap();
    let kind = properties.r#type.as_ref().unwrap();
    assert!(matches!(kind, PositionType::Unknown(raw) if raw.as_str() == "Acquired"), "{kind:?}");
    assert_eq!(serde_json::to_value(kind).unwrap(), json!("Acquired"));
    assert_eq!(instant(properties.updated_at.as_ref()).as_deref(), Some("2020-12-21T17:42:09Z"));
    assert_eq!(properties.heading, Some(212));
    let coordinates = position.geometry.as_ref().and_then(|g| g.coordinates.as_deref()).unwrap();
    assert_eq!(coordinates, [Some(2.294_350_6), Some(48.858_370_1), Some(41.0)]);

    // energy[] old flat entries, integer level, charging on the entry.
    let energy = status.energy.as_deref().unwrap();
    let electric = energy.iter().find(|e| e.r#type == Some(EnergyType::Electric)).expect("an Electric entry");
    assert_eq!(electric.level, Some(64.0));
    assert_eq!(electric.autonomy, Some(181.0));
    let charging = electric.charging.as_ref().unwrap();
    assert_eq!(charging.plugged, Some(true));
    assert_eq!(
        charging.remaining_time.as_ref().and_then(|d| d.to_std()).map(|d| d.as_secs()),
        Some(2 * 3600 + 40 * 60)
    );
    assert_eq!(charging.next_delayed_time.as_ref().map(|d| d.as_str()), Some("PT0S"));
    assert_eq!(status.energies, None, "no energies[] in 2020");

    // Links: _links.vehicles (plural) decodes into the vehicle relation (schema alias).
    let links = status.links.as_ref().unwrap();
    assert_eq!(href(links.vehicle.as_ref()), Some(&*format!("{API}/user/vehicles/{VEHICLE_1}")));
    assert_eq!(links.extra.wire_name("vehicle"), "vehicles");
    assert!(href(links.self_.as_ref()).unwrap().ends_with("/status?extension=odometer"));

    // Historic fields: ignition.updatedAt, battery.current, environment createdAt.
    assert_eq!(instant(status.ignition.as_ref().unwrap().updated_at.as_ref()).as_deref(), Some("2020-12-21T17:31:50Z"));
    let battery = status.battery.as_ref().unwrap();
    assert_eq!((battery.voltage, battery.current), (Some(99.0), Some(0.0)));
    assert_eq!(
        instant(status.environment.as_ref().unwrap().created_at.as_ref()).as_deref(),
        Some("2020-12-21T17:42:09Z")
    );
    assert_eq!(status.service.as_ref().and_then(|s| s.r#type.as_ref()).map(|t| t.as_str()), Some("Electric"));
    assert_eq!(instant(status.created_at.as_ref()).as_deref(), Some("2020-12-21T17:42:09Z"));
}

#[test]
fn status_2023_old_and_new_side_by_side() {
    let status: Status = load("status-2023.json");

    // Both preconditioning spellings: the field holds the new one, the old one is kept raw.
    assert_eq!(status.extra.wire_name("preconditioning"), "preconditioning");
    let air = status.preconditioning.as_ref().and_then(|p| p.air_conditioning.as_ref()).unwrap();
    assert_eq!(air.programs.as_ref().map(|items| items.len()), Some(4));
    let original: Value = serde_json::from_slice(&bytes("status-2023.json")).unwrap();
    assert_eq!(status.extra.get("preconditionning"), Some(&original["preconditionning"]));
    assert_eq!(
        status.extra.reason("preconditionning"),
        Some(client_runtime::Kept::Shadowed { field: "preconditioning" })
    );

    // energies[] looked up by type, not index: Fuel first (level 0, 2021), Electric second.
    let energies = status.energies.as_deref().unwrap();
    let fuel = energies.iter().find(|e| e.r#type == Some(EnergyType::Fuel)).unwrap();
    assert_eq!(fuel.level, Some(0.0));
    assert_eq!(instant(fuel.created_at.as_ref()).as_deref(), Some("2021-10-03T11:20:14Z"));
    let electric = energies.iter().find(|e| e.r#type == Some(EnergyType::Electric)).unwrap();
    assert_eq!(electric.level, Some(58.0));
    assert_eq!(electric.autonomy, Some(171));
    assert_eq!(electric.sub_type.as_ref().map(|s| s.as_str()), Some("ElectricEnergy"));
    let details = electric.extension.as_ref().and_then(|x| x.electric.as_ref()).unwrap();
    let load = details.battery.as_ref().and_then(|b| b.load.as_ref()).unwrap();
    assert_eq!((load.capacity, load.residual), (Some(46000), Some(26680)));
    let charging = details.charging.as_ref().unwrap();
    assert_eq!(charging.plugged, Some(false));
    assert_eq!(charging.status.as_ref().map(|s| s.as_str()), Some("Disconnected"));
    assert_eq!(charging.charging_mode.as_ref().map(|m| m.as_str()), Some("No"));
    // The invented unknown field is kept and round-trips.
    assert_eq!(charging.extra.get("chargingPower"), Some(&json!(0.0)));
    assert_eq!(
        status.extra.get("connectivity"),
        Some(&json!({"createdAt": "2023-05-14T19:02:47Z", "status": "Online"}))
    );

    // The old energy[] next to it.
    let legacy = status.energy.as_deref().unwrap();
    let old_electric = legacy.iter().find(|e| e.r#type == Some(EnergyType::Electric)).unwrap();
    assert_eq!(old_electric.level, Some(58.0));
    assert_eq!(
        old_electric.charging.as_ref().and_then(|c| c.remaining_time.as_ref()).map(|d| d.as_str()),
        Some("PT0S")
    );

    // Root odometer with a float mileage, no alias involved.
    assert_eq!(status.odometer.as_ref().and_then(|o| o.mileage), Some(18734.2));
    assert_eq!(status.extra.wire_name("odometer"), "odometer");

    // Position: createdAt, type Acquire (listed).
    let properties = status.last_position.as_ref().and_then(|p| p.properties.as_ref()).unwrap();
    assert_eq!(properties.r#type, Some(PositionType::Acquire));
    assert_eq!(instant(properties.created_at.as_ref()).as_deref(), Some("2023-05-14T18:51:10Z"));

    // Doors: lockedStates, RoofWindow open.
    let doors = status.doors_state.as_ref().unwrap();
    assert_eq!(doors.locked_states.as_deref(), Some(&[DoorLockState::Locked][..]));
    let roof = doors
        .opening
        .as_deref()
        .unwrap()
        .iter()
        .find(|o| o.identifier == Some(DoorOpeningIdentifier::RoofWindow))
        .unwrap();
    assert_eq!(roof.state, Some(DoorOpeningState::Open));

    assert_eq!(status.battery.as_ref().and_then(|b| b.voltage), Some(83.5));
    assert_eq!(instant(status.ignition.as_ref().unwrap().created_at.as_ref()).as_deref(), Some("2023-05-14T19:02:47Z"));
    let links = status.links.as_ref().unwrap();
    assert!(href(links.self_.as_ref()).unwrap().ends_with("/status?profile=endUser"));
    assert_eq!(links.extra.wire_name("vehicle"), "vehicle");
}

#[test]
fn status_2024_floats_and_new_enum_values() {
    let status: Status = load("status-2024.json");

    let energies = status.energies.as_deref().unwrap();
    let electric = energies.iter().find(|e| e.r#type == Some(EnergyType::Electric)).unwrap();
    assert_eq!(electric.level, Some(77.0));
    assert_eq!(electric.autonomy, Some(243));
    let details = electric.extension.as_ref().and_then(|x| x.electric.as_ref()).unwrap();
    let charging = details.charging.as_ref().unwrap();
    let level = charging.charging_power_level.as_ref().unwrap();
    assert!(matches!(level, ChargingPowerLevel::Unknown(raw) if raw.as_str() == "Level6"), "{level:?}");
    assert_eq!(level.as_str(), "Level6");
    assert_eq!(serde_json::to_value(level).unwrap(), json!("Level6"));
    let encoded = serde_json::to_value(&status).unwrap();
    assert_eq!(encoded["energies"][0]["extension"]["electric"]["charging"]["chargingPowerLevel"], json!("Level6"));
    assert_eq!(charging.r#type.as_ref().map(|t| t.as_str()), Some("Full"));
    assert_eq!(charging.charging_rate, Some(42));
    assert_eq!(charging.remaining_time.as_ref().and_then(|d| d.to_std()).map(|d| d.as_secs()), Some(3900));
    let program = &charging.schedule.as_ref().and_then(|s| s.programs.as_deref()).unwrap()[0];
    assert_eq!(program.start.as_ref().map(|d| d.as_str()), Some("PT22H30M"));
    assert_eq!(program.end.as_ref().and_then(|d| d.to_std()).map(|d| d.as_secs()), Some(6 * 3600));
    let health = details.battery.as_ref().and_then(|b| b.health.as_ref()).unwrap();
    assert_eq!(instant(health.created_at.as_ref()).as_deref(), Some("2024-01-20T08:00:00Z"));

    let legacy = status.energy.as_deref().unwrap();
    let old_electric = legacy.iter().find(|e| e.r#type == Some(EnergyType::Electric)).unwrap();
    assert_eq!(old_electric.level, Some(77.0));

    // Both timestamp precisions parse.
    assert_eq!(instant(status.created_at.as_ref()).as_deref(), Some("2024-01-24T07:12:40Z"));
    assert_eq!(instant(status.updated_at.as_ref()).as_deref(), Some("2024-01-24T07:12:40.517Z"));
    assert_eq!(status.updated_at.as_ref().unwrap().as_str(), "2024-01-24T07:12:40.517Z");

    let air = status.preconditioning.as_ref().and_then(|p| p.air_conditioning.as_ref()).unwrap();
    assert_eq!(air.status.as_ref().map(|s| s.as_str()), Some("Failure"));
    assert_eq!(air.starting_cause.as_ref().map(|s| s.as_str()), Some("Scheduled"));
    assert_eq!(air.failure_cause.as_ref().map(|s| s.as_str()), Some("DoorOpened"));

    let properties = status.last_position.as_ref().and_then(|p| p.properties.as_ref()).unwrap();
    assert_eq!(properties.fix_status, Some(FixStatus::_3D));
    assert_eq!(properties.r#type, Some(PositionType::Acquire));
    assert_eq!(status.battery.as_ref().and_then(|b| b.voltage), Some(88.0));
    assert_eq!(status.driving_behavior.as_ref().and_then(|d| d.mode.as_ref()).map(|m| m.as_str()), Some("Eco"));
    let lighting = status.lighting_system.as_ref().unwrap();
    assert_eq!(lighting.fog.as_ref().map(|items| items.len()), Some(0), "an empty array is Some(empty)");
    assert_eq!(lighting.turn.as_ref().map(|items| items.len()), Some(2));
    let alarm = status.alarm.as_ref().unwrap();
    assert_eq!(alarm.status.as_ref().and_then(|s| s.activation.as_ref()).map(|a| a.as_str()), Some("Active"));
    assert_eq!(alarm.trigger.as_ref().and_then(|t| t.r#type.as_ref()).map(|t| t.as_str()), Some("NoBreakIn"));
    let belts = status.safety.as_ref().and_then(|s| s.belt_status.as_deref()).unwrap();
    assert_eq!(belts.len(), 2);
    let engines = status.engines.as_deref().unwrap();
    assert_eq!(engines[0].speed, Some(0.0));
    assert_eq!(status.powertrain.as_ref().and_then(|p| p.status.as_ref()).map(|s| s.as_str()), Some("NotRunning"));
    assert_eq!(status.odometer.as_ref().and_then(|o| o.mileage), Some(27105.4));
}

// ---------------------------------------------------------------------------------------------
// Positions

#[test]
fn last_position_java_date_to_string() {
    let position: Position = load("last-position.json");
    assert!(position.extra.is_empty(), "a plain GeoJSON Feature: no _links, nothing unknown");
    let properties = position.properties.as_ref().unwrap();
    let updated = properties.updated_at.as_ref().unwrap();
    assert_eq!(updated.as_str(), "Thu Sep 24 16:16:20 GMT 2020");
    assert_eq!(updated.get().unwrap().to_string(), "2020-09-24T16:16:20Z");
    assert_eq!(instant(properties.created_at.as_ref()).as_deref(), Some("2020-09-24T15:40:46Z"));
    let kind = properties.r#type.as_ref().unwrap();
    assert!(matches!(kind, PositionType::Unknown(raw) if raw.as_str() == "Aquire"), "{kind:?}");
    assert_eq!(properties.signal_quality, Some(6));
    assert_eq!(properties.heading, None);
    let encoded = serde_json::to_value(&position).unwrap();
    assert_eq!(encoded["properties"]["updatedAt"], json!("Thu Sep 24 16:16:20 GMT 2020"), "raw text written back");
    assert_eq!(encoded["properties"]["type"], json!("Aquire"));
}

#[test]
fn last_position_2d() {
    let position: Position = load("last-position-2d.json");
    let coordinates = position.geometry.as_ref().and_then(|g| g.coordinates.as_deref()).unwrap();
    assert_eq!(coordinates, [Some(2.33292), Some(48.86039)]);
    let properties = position.properties.as_ref().unwrap();
    assert_eq!(properties.fix_status, Some(FixStatus::_2D));
    assert_eq!(properties.fix_status.as_ref().unwrap().as_str(), "2D");
    assert_eq!(properties.r#type, Some(PositionType::Estimated));
    assert_eq!(properties.heading, Some(305));
    assert_eq!(instant(properties.created_at.as_ref()).as_deref(), Some("2024-10-02T12:03:51Z"));
    assert_eq!(position.r#type.as_deref(), Some("Feature"));
}

// ---------------------------------------------------------------------------------------------
// Alerts, maintenance, trips

#[test]
fn alerts_link_one_or_many_and_old_type() {
    let alerts: Alerts = load("alerts.json");
    assert_eq!(alerts.total, Some(2));
    let list = alerts.embedded.as_ref().and_then(|e| e.alerts.as_deref()).unwrap();
    assert_eq!(list.len(), 2);

    let first = &list[0];
    assert_eq!(first.r#type.as_ref().map(|t| t.as_str()), Some("LeftRearTireUnderInflated"));
    assert_eq!(first.r#type, Some(generated_client::AlertMsgEnum::LeftRearTireUnderInflated));
    assert_eq!(first.severity.as_ref().map(|s| s.as_str()), Some("Warning"));
    assert_eq!(first.active, Some(true));
    let coordinates =
        first.start_position.as_ref().and_then(|p| p.geometry.as_ref()).and_then(|g| g.coordinates.as_ref());
    assert_eq!(coordinates.map(|items| items.len()), Some(3));
    let trips = first.links.as_ref().and_then(|l| l.trips.as_ref()).unwrap();
    let OneOrMany::Many(links) = trips else { panic!("an array of links: {trips:?}") };
    assert_eq!(links.len(), 2);
    assert!(
        links[0].href.as_deref().unwrap().ends_with("/trips/a52848aef7d17fc599401f131bf24a483273d52569388465891b9f36")
    );
    assert!(
        links[1].href.as_deref().unwrap().ends_with("/trips/21d6091d81a20d753f2281589d4fabdf6d571b949d9b4ff3c8476694")
    );

    let second = &list[1];
    let kind = second.r#type.as_ref().unwrap();
    assert!(
        matches!(kind, generated_client::AlertMsgEnum::Unknown(raw) if raw.as_str() == "underInflationTyreFault"),
        "{kind:?}"
    );
    assert_eq!(second.active, Some(false));
    assert_eq!(instant(second.end_at.as_ref()).as_deref(), Some("2024-05-04T16:01:58Z"));
    assert_eq!(second.start_position, None);
    let trips = second.links.as_ref().and_then(|l| l.trips.as_ref()).unwrap();
    let OneOrMany::One(link) = trips else { panic!("a single link: {trips:?}") };
    assert!(link.href.as_deref().unwrap().ends_with("/trips/15aa3df08ed784714025e02708d1fde37f509ced6cc71de08ed7f6c6"));

    // Each relation keeps its shape on the way out.
    let encoded = serde_json::to_value(&alerts).unwrap();
    assert!(encoded["_embedded"]["alerts"][0]["_links"]["trips"].is_array());
    assert!(encoded["_embedded"]["alerts"][1]["_links"]["trips"].is_object());
}

#[test]
fn maintenance_float_mileage_and_plural_link_key() {
    let maintenance: Maintenance = load("maintenance.json");
    assert_eq!(maintenance.days_before_maintenance, Some(412));
    assert_eq!(maintenance.mileage_before_maintenance, Some(22920.0));
    assert_eq!(maintenance.created_at, None);
    assert_eq!(instant(maintenance.updated_at.as_ref()).as_deref(), Some("2024-03-25T09:41:07Z"));
    // The schema declares `vehicles` as an alias of the `vehicle` link: it decodes into the
    // field, is remembered, and is written back under `vehicles`.
    let links = maintenance.links.as_ref().unwrap();
    assert_eq!(href(links.vehicle.as_ref()), Some(&*format!("{API}/user/vehicles/{VEHICLE_1}")));
    assert_eq!(links.extra.wire_name("vehicle"), "vehicles");
    assert_eq!(links.extra.len(), 0, "nothing kept raw: the plural key is a known alternate name");
    assert!(href(links.alerts.as_ref()).unwrap().ends_with("/alerts"));
    assert!(href(links.self_.as_ref()).unwrap().ends_with("/maintenance"));
    let encoded = serde_json::to_value(&maintenance).unwrap();
    assert!(encoded["_links"].get("vehicles").is_some() && encoded["_links"].get("vehicle").is_none());
}

#[test]
fn trips_paging() {
    let page1: Trips = load("trips-page-1.json");
    let page2: Trips = load("trips-page-2.json");

    let links1 = page1.links.as_ref().unwrap();
    let next = href(links1.next.as_ref()).expect("page 1 has a next link");
    assert!(next.ends_with("&pageToken=Q7sA0M53kKU7kSVrNwyIeyR5GlU5pvv7cMWHDoyRrl0sTKNSkKcDbDNkzv0"), "{next}");
    assert_eq!(href(links1.last.as_ref()), Some(next), "next and last carry the same token");
    assert_eq!(links1.prev, None);
    assert_eq!((page1.total, page1.current_page, page1.total_page), (Some(3), Some(1), Some(2)));
    let trips1 = page1.embedded.as_ref().and_then(|e| e.trips.as_deref()).unwrap();
    assert_eq!(trips1.len(), 2);
    for trip in trips1 {
        assert_eq!(trip.done, Some(true));
        assert!(matches!(trip.duration, Some(TripDuration::Integer(_))), "{:?}", trip.duration);
        assert!(trip.stopped_at.is_some());
        assert_eq!(trip.faults.as_ref().map(|items| items.len()), Some(0));
    }

    let links2 = page2.links.as_ref().unwrap();
    assert_eq!(links2.next, None, "the last page has no next link: stop paging");
    assert_eq!(href(links2.self_.as_ref()), Some(next), "page 2 is where next pointed");
    assert!(links2.prev.is_some());
    assert_eq!(page2.current_page, Some(2));
    let trips2 = page2.embedded.as_ref().and_then(|e| e.trips.as_deref()).unwrap();
    assert_eq!(trips2.len(), 1);
    let unfinished = &trips2[0];
    assert_eq!(unfinished.done, Some(false));
    assert_eq!(unfinished.stopped_at, None);
    assert_eq!(unfinished.stop_position, None);
    assert_eq!(unfinished.duration, None);
    assert_eq!(unfinished.end_energies, None);
    assert_eq!(unfinished.updated_at, None);
    let fault = &unfinished.faults.as_deref().unwrap()[0];
    assert_eq!(fault.fault.as_ref().map(|f| f.as_str()), Some("Unfinished"));
    assert_eq!(fault.cause.as_ref().map(|c| c.as_str()), Some("Connection"));
    assert_eq!(unfinished.start_energies.as_deref().unwrap()[0].level, Some(71.0));
}

#[test]
fn trip_single() {
    let trip: Trip = load("trip.json");
    assert_eq!(trip.id.as_deref(), Some("a52848aef7d17fc599401f131bf24a483273d52569388465891b9f36"));
    assert_eq!(trip.duration, Some(TripDuration::Integer(1712)));
    assert_eq!((trip.distance, trip.start_mileage), (Some(15.8), Some(26885.9)));
    assert_eq!(instant(trip.stopped_at.as_ref()).as_deref(), Some("2024-06-13T08:30:49Z"));
    assert_eq!(trip.start_energies.as_deref().unwrap()[0].level, Some(76.5));
    assert_eq!(trip.end_energies.as_deref().unwrap()[0].autonomy, Some(219));
    let consumption = &trip.energy_consumptions.as_deref().unwrap()[0];
    assert_eq!((consumption.consumption, consumption.avg_consumption), (Some(2.5), Some(15.8)));
    assert_eq!(trip.kinetic.as_ref().and_then(|k| k.max_speed), Some(91.0));
    assert_eq!(trip.segments.as_deref().unwrap()[0].percent, Some(100.0));
    assert_eq!(trip.faults.as_deref(), Some(&[][..]));
    let stop =
        trip.stop_position.as_ref().and_then(|p| p.geometry.as_ref()).and_then(|g| g.coordinates.as_deref()).unwrap();
    assert_eq!(stop, [Some(2.2402), Some(48.8848), Some(47.0)]);
    assert!(href(trip.links.as_ref().unwrap().waypoints.as_ref()).unwrap().ends_with("/wayPoints"));

    // The same trip is the second one of page 1, and decodes to the same value there.
    let page1: Trips = load("trips-page-1.json");
    let in_page = page1
        .embedded
        .as_ref()
        .and_then(|e| e.trips.as_deref())
        .unwrap()
        .iter()
        .find(|t| t.id == trip.id)
        .expect("trip.json is in page 1");
    assert_eq!(in_page, &trip);
}

// ---------------------------------------------------------------------------------------------
// Vehicles and user

#[test]
fn vehicles_collection_with_templated_links() {
    let vehicles: Vehicles = load("vehicles.json");
    assert_eq!((vehicles.total, vehicles.current_page, vehicles.total_page), (Some(3), Some(1), Some(2)));
    let next = href(vehicles.links.as_ref().unwrap().next.as_ref()).unwrap();
    assert!(next.contains("pageToken=OUbKZP942TymEJCkN8u2s9LKDUiPX5zPMFlgg2iydpPezdVHdYgWnXfmg-g"), "{next}");
    let list = vehicles.embedded.as_ref().and_then(|e| e.vehicles.as_deref()).unwrap();
    assert_eq!(list.len(), 2);

    let first = &list[0];
    assert_eq!(first.vin.as_deref(), Some("VR3UHZKXZMT000001"));
    assert_eq!(first.id.as_deref(), Some(VEHICLE_1));
    assert_eq!(first.pictures.as_ref().map(|items| items.len()), Some(2));
    assert_eq!((first.brand.as_deref(), first.label.as_deref()), (Some("Peugeot"), Some("e-208")));
    assert_eq!(instant(first.created_at.as_ref()).as_deref(), Some("2021-03-02T10:14:55Z"));
    let links = first.links.as_ref().unwrap();
    for relation in [&links.monitors, &links.remotes] {
        let link = relation.as_ref().and_then(OneOrMany::first).unwrap();
        assert_eq!(link.templated, Some(true));
        assert!(link.href.as_deref().unwrap().contains("/callbacks/{cbid}/"), "kept verbatim, unexpanded");
    }
    assert_eq!(links.self_.as_ref().and_then(OneOrMany::first).unwrap().templated, None);
    assert!(href(links.callbacks.as_ref()).unwrap().ends_with("/user/callbacks"));

    let second = &list[1];
    assert_eq!(second.vin.as_deref(), Some("VR7ATHMZKML000002"));
    assert_eq!(second.brand.as_deref(), Some("C"));
    assert_eq!(second.created_at, None);
    assert_eq!(second.updated_at, None);
    assert_eq!(second.motorization.as_ref().map(|m| m.as_str()), Some("Hybrid"));
    assert_eq!(second.links.as_ref().unwrap().monitors, None, "a shorter _links set");
}

#[test]
fn vehicle_with_extensions() {
    let vehicle: Vehicle = load("vehicle.json");
    assert_eq!(vehicle.motorization.as_ref().map(|m| m.as_str()), Some("Electric"));
    let stolen = vehicle.call_center.as_ref().and_then(|c| c.stolen.as_ref()).unwrap();
    assert_eq!(stolen.country_code.as_ref().map(|c| c.as_str()), Some("BR"));
    assert_eq!(stolen.country_code, Some(generated_client::CountryCode::Br));
    let extension = vehicle.embedded.as_ref().and_then(|e| e.extension.as_ref()).unwrap();
    let capabilities = extension.onboard_capabilities.as_ref().unwrap();
    let scopes: Vec<&str> = capabilities.data.as_deref().unwrap().iter().map(|s| s.as_str()).collect();
    assert_eq!(scopes.len(), 15);
    assert!(scopes.contains(&"data:telemetry:vehicle:alarm"));
    let remote = capabilities.remote.as_ref().unwrap();
    assert_eq!(remote.navigation.as_ref().and_then(|n| n.supported), Some(false));
    assert_eq!(remote.door.as_ref().and_then(|d| d.scope_name.as_deref()), Some("remote:door:write"));
    assert_eq!(
        remote.preconditioning.as_ref().and_then(|p| p.parameters.as_ref()).and_then(|p| p.immediate),
        Some(true)
    );
    assert_eq!(extension.branding.as_ref().and_then(|b| b.brand.as_deref()), Some("Peugeot"));
    assert_eq!(extension.pictures.as_ref().map(|items| items.len()), Some(3));
}

#[test]
fn user_embedded_vehicles_capital_v() {
    let user: User = load("user.json");
    assert_eq!(user.email.as_deref(), Some("jane.doe@example.com"));
    assert_eq!((user.first_name.as_deref(), user.last_name.as_deref()), (Some("Jane"), Some("Doe")));
    let embedded = user.embedded.as_ref().unwrap();
    let vehicles = embedded.vehicles.as_deref().expect("_embedded.Vehicles decodes into vehicles");
    assert_eq!(vehicles.len(), 1);
    assert_eq!(vehicles[0].vin.as_deref(), Some("VR3UHZKXZMT000001"));
    assert_eq!(embedded.extra.wire_name("vehicles"), "Vehicles");
    assert!(embedded.extra.get("Vehicles").is_none());
    let encoded = serde_json::to_value(&user).unwrap();
    assert!(encoded["_embedded"].get("Vehicles").is_some(), "written back with the capital V");
    assert!(href(user.links.as_ref().unwrap().vehicles.as_ref()).unwrap().ends_with("/user/vehicles"));
}

// ---------------------------------------------------------------------------------------------
// Telemetry, monitors, webhook

#[test]
fn telemetry_collection() {
    let telemetry: Telemetries = load("telemetry.json");
    let items = telemetry.embedded.as_ref().and_then(|e| e.telemetries.as_deref()).unwrap();
    assert_eq!(items.len(), 2);
    let first = &items[0];
    assert_eq!(instant(first.created_at.as_ref()).as_deref(), Some("2024-06-12T17:35:10Z"));
    let vehicle = first.vehicle.as_ref().unwrap();
    let electric =
        vehicle.energies.as_deref().unwrap().iter().find(|e| e.r#type == Some(EnergyType::Electric)).unwrap();
    assert_eq!(electric.level, Some(78.5));
    assert_eq!(electric.created_at, None, "telemetry parts have no createdAt of their own");
    assert_eq!(vehicle.kinetic.as_ref().and_then(|k| k.speed), Some(47.0));
    assert_eq!(vehicle.odometer.as_ref().and_then(|o| o.mileage), Some(26878.9));
    assert_eq!(
        vehicle
            .transmission
            .as_ref()
            .and_then(|t| t.gearbox.as_ref())
            .and_then(|g| g.ratio.as_ref())
            .map(|r| r.as_str()),
        Some("Ratio1")
    );
    let location =
        first.embedded.as_ref().and_then(|e| e.extension.as_ref()).and_then(|x| x.location.as_ref()).unwrap();
    let properties = location.properties.as_ref().unwrap();
    assert_eq!(properties.created_at, None, "PositionBase: no createdAt, and none required");
    assert_eq!(properties.heading, Some(140));
    assert!(href(first.links.as_ref().unwrap().trip.as_ref()).unwrap().contains("/trips/"));
}

#[test]
fn monitor_created_202() {
    let monitor: MonitorRef = load("monitor-created.json");
    assert_eq!(monitor.monitor_id.as_deref(), Some("879c79646bdbd3993f45790ae1841741fceb0befd2c7a2d7dc333979"));
    let status = monitor.status.as_ref().unwrap();
    assert!(matches!(status, MonitorStatus::Unknown(raw) if raw.as_str() == "Created"), "{status:?}");
    assert_eq!(serde_json::to_value(status).unwrap(), json!("Created"));
    assert_eq!((monitor.created_at.as_ref(), monitor.updated_at.as_ref()), (None, None));
    assert!(href(monitor.links.as_ref().unwrap().monitor.as_ref()).unwrap().contains("/monitors/879c7964"));
}

#[test]
fn callback_message_batch() {
    let messages: List<Message> = load("callback-message.json");
    assert_eq!(messages.len(), 2);

    let monitor = &messages[0];
    assert_eq!(monitor.r#type.as_ref().map(|t| t.as_str()), Some("Monitor"));
    assert_eq!(monitor.callback_id.as_deref(), Some("8b253f74317f7885ea7b6ca59edac7d25477dfa3f38ccfb6fdcceb8f"));
    assert_eq!(instant(monitor.date.as_ref()).as_deref(), Some("2024-07-30T18:22:05.12Z"));
    let attributes = monitor.attributes.as_deref().unwrap();
    let vin = attributes.iter().find(|a| a.key.as_deref() == Some("vin")).unwrap();
    assert_eq!(vin.value.as_deref(), Some("VR3UHZKXZMT000001"));
    let event = monitor.monitor_event.as_ref().unwrap();
    assert_eq!(event.refresh, Some(false));
    let value = &event.values.as_deref().unwrap()[0];
    assert_eq!(value.data.as_ref().map(|d| d.as_str()), Some("vehicle.energy.electric.level"));
    assert_eq!(value.previous.as_deref(), Some("20.0"));
    let inner = value.value.as_ref().unwrap();
    assert_eq!(inner.r#type.as_ref().map(|t| t.as_str()), Some("string"));
    assert_eq!(
        inner.body.as_ref().and_then(|b| b.literal_value.as_deref()),
        Some("19.5"),
        "a number sent as text stays text"
    );
    let extension = &event.extensions.as_deref().unwrap()[0];
    assert_eq!(extension.r#type.as_ref().map(|t| t.as_str()), Some("vehicle.position"));
    let position = extension.body.as_deref().unwrap()[0].position.as_ref().unwrap();
    assert_eq!(position.geometry.as_ref().and_then(|g| g.coordinates.as_ref()).map(|items| items.len()), Some(3));

    let remote = &messages[1];
    assert_eq!(remote.r#type.as_ref().map(|t| t.as_str()), Some("Remote"));
    assert_eq!(instant(remote.date.as_ref()).as_deref(), Some("2024-07-30T18:22:09.004Z"));
    let event = remote.remote_event.as_ref().unwrap();
    assert_eq!(event.remote_type.as_ref().map(|t| t.as_str()), Some("Doors"));
    let status = event.event_status.as_ref().unwrap();
    assert_eq!(status.r#type.as_ref().map(|t| t.as_str()), Some("Done"));
    assert_eq!(status.status.as_ref().map(|s| s.as_str()), Some("Success"));
    assert_eq!(status.feedback_detail.as_ref().map(|f| f.as_str()), Some("NoCIDBlacklisted"));

    // The same batch through OneOrMany<Message> (which also takes a single message).
    let either: OneOrMany<Message> = load("callback-message.json");
    assert!(matches!(&either, OneOrMany::Many(list) if list == &messages));
}

// ---------------------------------------------------------------------------------------------
// Errors

#[test]
fn error_backend_404_numeric_code() {
    let body: ErrorBody = load("error-backend-404.json");
    let ErrorBody::BackendError(error) = &body else { panic!("backend shape: {body:?}") };
    assert_eq!(error.code, Some(BackendErrorCode::Integer(40400)));
    assert_eq!(error.uuid.as_deref(), Some("257bbbd1-673e-5ec4-965e-47b7b3b066b4"));
    assert!(error.message.as_deref().unwrap().starts_with("Not Found"));
    assert_eq!(instant(error.timestamp.as_ref()).as_deref(), Some("2024-02-11T06:30:12.345Z"));
    let direct: generated_client::BackendError = load("error-backend-404.json");
    assert_eq!(&direct, &**error);
}

#[test]
fn error_backend_string_code() {
    let body: ErrorBody = load("error-backend-code-string.json");
    let ErrorBody::BackendError(error) = &body else { panic!("backend shape: {body:?}") };
    assert_eq!(error.code, Some(BackendErrorCode::String("50000".to_owned())));
    assert_eq!(error.message.as_deref(), Some("CORVET Error"));
    assert_eq!(error.timestamp, None);
    let encoded = serde_json::to_value(&body).unwrap();
    assert_eq!(encoded["code"], json!("50000"), "still a string on the way out");
}

#[test]
fn error_gateway_401() {
    let body: ErrorBody = load("error-gateway-401.json");
    let ErrorBody::GatewayError(error) = &body else { panic!("gateway shape: {body:?}") };
    assert_eq!(error.http_code.as_deref(), Some("401"));
    assert_eq!(error.http_message.as_deref(), Some("Unauthorized"));
    assert_eq!(error.more_information.as_deref(), Some("Token is invalid"));
}

#[test]
fn error_oauth() {
    let body: ErrorBody = load("error-oauth.json");
    let ErrorBody::OAuthError(error) = &body else { panic!("oauth shape: {body:?}") };
    assert_eq!(error.error.as_deref(), Some("invalid_grant"));
    assert!(error.error_description.as_deref().unwrap().contains("expired, or revoked"));
}
