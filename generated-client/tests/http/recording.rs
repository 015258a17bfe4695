//! Drift recording (`ClientBuilder::record_drift`): drifted answers are recorded with their
//! operation and a redacted shape, clean ones are not, a failing sink never fails a call, and a
//! folder rotates within its bound.

use std::fs;
use std::io;
use std::path::PathBuf;

use client_runtime::http::{DriftFolder, DriftRecord, DriftRecords, DriftSink};

use super::*;

fn folder(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    dir
}

/// Every recorded line in the folder, oldest file first, with the file names.
fn recorded(dir: &std::path::Path) -> (Vec<String>, Vec<Value>) {
    let mut files: Vec<String> = fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    files.sort();
    let lines = files
        .iter()
        .flat_map(|name| {
            fs::read_to_string(dir.join(name)).unwrap_or_default().lines().map(str::to_owned).collect::<Vec<_>>()
        })
        .map(|line| serde_json::from_str(&line).expect("each line is a JSON record"))
        .collect();
    (files, lines)
}

#[tokio::test]
async fn drifted_answers_are_recorded_redacted_and_clean_ones_are_not() {
    let server = FakeServer::start().await;
    let dir = folder("record-drift");
    let api = client_with(builder(server.base_url()).record_drift(DriftFolder::new(&dir)));
    api.get_user(&GetUserParams::default()).await.expect("user.json has no drift");
    api.get_vehicle_status(VEHICLE_1).await.expect("status 2024 drifts (Level6) and decodes");
    assert_eq!(api.http().drift_records(), Some(DriftRecords { recorded: 1, failed: 0 }));

    let (files, records) = recorded(&dir);
    assert_eq!(files, ["drift-0.jsonl"]);
    let [record] = records.as_slice() else { panic!("one record, got {records:?}") };
    assert_eq!(record["operation"], "getVehicleStatus");
    assert_eq!(record["schema"], "Status");
    assert_eq!(record["status"], 200);
    assert_eq!(
        record["drift"],
        json!(["/energies/0/extension/electric/charging/chargingPowerLevel: unknown enum value \"Level6\""])
    );
    let charging = &record["body"]["energies"][0]["extension"]["electric"]["charging"];
    assert_eq!(charging["chargingPowerLevel"], "Level6", "the unknown enum value is what learning needs");
    assert_eq!(charging["chargingMode"], "<redacted>", "known strings are not kept");
    let text = fs::read_to_string(dir.join("drift-0.jsonl")).expect("read the recording");
    for secret in SECRETS.iter().chain(&[VEHICLE_1, "https://", "48.83", "2.27", CLIENT_ID]) {
        assert!(!text.contains(secret), "{secret} was recorded: {text}");
    }
}

struct Broken;

impl DriftSink for Broken {
    fn record(&self, _: &DriftRecord) -> io::Result<()> {
        Err(io::Error::other("disk full"))
    }
}

#[tokio::test]
async fn a_failing_sink_never_fails_the_call() {
    let server = FakeServer::start().await;
    let api = client_with(builder(server.base_url()).record_drift(Broken));
    let status = api.get_vehicle_status(VEHICLE_1).await.expect("the call succeeds whatever the sink does");
    assert!(!status.body.drift().is_empty());
    assert_eq!(api.http().drift_records(), Some(DriftRecords { recorded: 0, failed: 1 }));
    assert_eq!(client(&server).http().drift_records(), None, "off unless asked for");
}

#[tokio::test]
async fn the_folder_rotates_and_keeps_the_newest_files() {
    let server = FakeServer::start().await;
    let dir = folder("record-rotate");
    let sink = DriftFolder::new(&dir).max_file_bytes(1).max_files(2);
    let api = client_with(builder(server.base_url()).record_drift(sink));
    for _ in 0..5 {
        api.get_vehicle_status(VEHICLE_1).await.expect("decodes");
    }
    let (files, records) = recorded(&dir);
    assert_eq!(files, ["drift-3.jsonl", "drift-4.jsonl"], "one record a file, the oldest removed");
    assert_eq!(records.len(), 2);
    assert_eq!(api.http().drift_records(), Some(DriftRecords { recorded: 5, failed: 0 }));
}

/// Every page of a collection answers for the operation of the first: a drifted page 2 is
/// recorded under the same `operationId`.
#[tokio::test]
async fn later_pages_are_recorded_under_the_first_pages_operation() {
    let server = FakeServer::start().await;
    let dir = folder("record-pages");
    let api = client_with(builder(server.base_url()).record_drift(DriftFolder::new(&dir)));
    let trips_path = format!("/user/vehicles/{VEHICLE_1}/trips");
    let mut page_2: Value = serde_json::from_str(&server.sample("trips-page-2.json")).expect("JSON");
    page_2["weather"] = json!("sunny");
    server.script(Method::GET, &trips_path, Canned::json(200, server.sample("trips-page-1.json")));
    server.script(Method::GET, &trips_path, Canned::json(200, page_2.to_string()));
    let trips: Vec<_> = api
        .get_trips_by_vehicle_items(VEHICLE_1, &GetTripsByVehicleParams::default())
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(trips.len(), 3);
    let (_, records) = recorded(&dir);
    let [record] = records.as_slice() else { panic!("only page 2 drifted: {records:?}") };
    assert_eq!((&record["operation"], &record["schema"]), (&json!("getTripsByVehicle"), &json!("Trips")));
    assert_eq!(record["drift"], json!(["/weather: unknown field (a string)"]));
}
