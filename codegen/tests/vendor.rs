//! The vendor's own OpenAPI files (read from `../shared`, never copied) go through the generator.
//!
//! They carry every quirk a real spec has: tabs, YAML 1.1 words (`on`, `No`, `Off`), `$ref`s into
//! `#/x-fragment/…` and without the leading slash, duplicate enum values, content-type keys with
//! trailing spaces, case-colliding names. `compile.rs` compiles what is generated here.

mod support;

#[test]
fn every_vendor_file_generates_the_swagger_2_one_included() {
    let Some(files) = support::vendor_files() else { return };
    assert!(files.len() >= 6, "expected the six vendor files, found {files:?}");
    for path in &files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        match support::generate_file(path) {
            Ok(output) => assert!(!output.files.is_empty(), "{name}: no output"),
            Err(failure) => panic!("{name} failed:\n{}", failure.render()),
        }
    }
}

#[test]
fn the_swagger_2_file_keeps_its_operations_and_definitions() {
    let Some(files) = support::vendor_files() else { return };
    let Some(swagger) = files.iter().find(|p| p.to_string_lossy().contains("swagger2")) else { panic!("no 2.0 file") };
    let output = support::generate_file(swagger).unwrap_or_else(|failure| panic!("{}", failure.render()));
    let code: String = output.files.values().cloned().collect();
    assert!(code.matches("pub async fn ").count() >= 20, "the 2.0 operations became methods");
    assert!(code.contains("pub struct Vehicle"), "definitions became types");
}

#[test]
fn vendor_quirks_come_out_right() {
    let Some(files) = support::vendor_files() else { return };
    let Some(latest) = files.iter().find(|p| p.to_string_lossy().contains("4.17.2")) else { panic!("no 4.17.2 file") };
    let output = support::generate_file(latest).unwrap_or_else(|failure| panic!("{}", failure.render()));
    let code: String = output.files.values().cloned().collect();
    // YAML 1.2: the key `on:` stays a key named "on", and `No`/`Off` stay enum strings.
    // (A field or variant named as on the wire carries no `rename`.)
    assert!(code.contains("pub on: ::std::option::Option<"), "the `on` property of RemoteLights");
    assert!(code.contains("/// `No` on the wire.\n    No,"), "chargingMode `No`");
    assert!(code.contains("/// `Off` on the wire.\n    Off,"), "`Off` enum values");
    // `Link` and `link` both exist, under distinct names.
    assert!(code.contains("pub struct Link {") && code.contains("pub struct Link2 {"));
    // All 36 operations, the trip ones included although their path items are `$ref`s into
    // `#/x-fragment/…`.
    assert_eq!(code.matches("pub async fn ").count(), 36);
    assert!(code.contains("pub async fn get_trips_by_vehicle(") && code.contains("pub async fn get_path_for_trip("));
    // The `$ref` without its leading slash resolved, with a warning naming it.
    let warnings = output.diagnostics.render(|_| None);
    assert!(warnings.contains("#components/schemas/StolenCallCenter"), "{warnings}");
    assert!(code.contains("pub struct StolenCallCenter"));
}

#[test]
fn duplicate_operation_ids_and_spaced_media_types_of_the_2019_draft() {
    let Some(files) = support::vendor_files() else { return };
    let Some(draft) = files.iter().find(|p| p.to_string_lossy().contains("2019")) else { panic!("no 2019 file") };
    let output = support::generate_file(draft).unwrap_or_else(|failure| panic!("{}", failure.render()));
    let code = &output.files["client.rs"];
    // `getTripsByVehicle` names four operations: each gets its own method, in path order.
    for name in ["get_trips_by_vehicle(", "get_trips_by_vehicle2(", "get_trips_by_vehicle3(", "get_trips_by_vehicle4("]
    {
        assert!(code.contains(&format!("pub async fn {name}")), "{name}");
    }
    let warnings = output.diagnostics.render(|_| None);
    assert!(warnings.contains("`operationId: getTripsByVehicle` is used by another operation too"), "{warnings}");
    assert!(warnings.contains("media type \"application/hal+json \" has stray spaces"), "{warnings}");
    assert!(!code.contains("application/hal+json \""), "the media type is trimmed in Accept");
}
