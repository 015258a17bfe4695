//! `cargo xtask learn` closes the loop: the project's samples plus drifted variants of them (keys
//! the schema lacks, new enum values, a type change, a renamed key) → learn → write into a copy of
//! `schema/` → generate → the same bodies decode with an empty drift report, and learning again
//! proposes nothing. Also: recordings are learned from, the ignore list holds, untouched text
//! stays byte-identical.

use std::fs;
use std::path::{Path, PathBuf};

use client_runtime::http::DriftRecord;
use client_runtime::{Drift, Lenient, redact};
use serde_json::{Value, json};
use xtask::learn::{IGNORE_FILE, Learn, Learned, learn};
use xtask::{Regenerate, Target, regenerate, workspace_root};

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create a scratch folder");
    dir
}

/// A copy of `schema/` without its ignore list, which rejects the samples' deliberate drift:
/// these tests learn exactly that drift.
fn copy_schema(to: &Path) {
    fs::create_dir_all(to).expect("create the schema copy");
    for entry in fs::read_dir(workspace_root().join("schema")).expect("read schema/").flatten() {
        if entry.file_name() != IGNORE_FILE {
            fs::copy(entry.path(), to.join(entry.file_name())).expect("copy a schema file");
        }
    }
}

fn sample_path(name: &str) -> PathBuf {
    workspace_root().join("generated-client/tests/fixtures/samples").join(name)
}

fn sample(name: &str) -> Value {
    serde_json::from_slice(&fs::read(sample_path(name)).expect("read a sample")).expect("a sample is JSON")
}

/// Drifted variants of the 2024 status sample, one kind of drift each.
fn drifted_status_bodies() -> Vec<(&'static str, Value)> {
    let base = sample("status-2024.json");
    let variant = |edit: &dyn Fn(&mut Value)| {
        let mut body = base.clone();
        edit(&mut body);
        body
    };
    vec![
        (
            "new-keys",
            variant(&|b| {
                b["connectivity"] = json!({
                    "createdAt": "2024-01-24T07:12:40Z",
                    "bands": [{"name": "4G", "strength": 3}, {"name": "5G", "strength": 1.5}],
                });
                b["energies"][0]["fullAt"] = json!("2024-01-24T09:00:00Z");
                b["energies"][0]["chargingCurve"] = json!([{"after": "PT10M", "power": 7}]);
            }),
        ),
        (
            "new-enum-values",
            variant(&|b| {
                b["ignition"]["type"] = json!("Parked");
                b["energies"][0]["extension"]["electric"]["charging"]["chargingMode"] = json!("Turbo");
            }),
        ),
        ("type-change", variant(&|b| b["energies"][0]["autonomy"] = json!(243.5))),
        (
            "renamed-key",
            variant(&|b| {
                if let Some(object) = b.as_object_mut()
                    && let Some(doors) = object.remove("doorsState")
                {
                    object.insert("doorState".to_owned(), doors);
                }
            }),
        ),
    ]
}

/// Writes every Status body (the three status samples and the drifted variants) into `dir`.
fn write_status_bodies(dir: &Path) -> Vec<PathBuf> {
    fs::create_dir_all(dir).expect("create the bodies folder");
    let mut bodies: Vec<(String, Value)> = ["status-2020", "status-2023", "status-2024"]
        .iter()
        .map(|name| ((*name).to_owned(), sample(&format!("{name}.json"))))
        .collect();
    bodies.extend(drifted_status_bodies().into_iter().map(|(name, body)| (name.to_owned(), body)));
    bodies
        .into_iter()
        .map(|(name, body)| {
            let path = dir.join(format!("{name}.json"));
            fs::write(&path, serde_json::to_vec_pretty(&body).expect("encode")).expect("write a body");
            path
        })
        .collect()
}

fn learn_status(schema: &Path, bodies: &Path, write: bool) -> Learned {
    let job = Learn {
        schema: schema.to_path_buf(),
        inputs: vec![bodies.to_path_buf()],
        as_schema: Some("Status".to_owned()),
        write,
    };
    learn(&job).unwrap_or_else(|message| panic!("{message}"))
}

/// A scratch folder holding a copy of `schema/` and every Status body: (root, schema, bodies
/// folder, body files).
fn setup(name: &str) -> (PathBuf, PathBuf, PathBuf, Vec<PathBuf>) {
    let root = scratch(name);
    let schema = root.join("schema");
    copy_schema(&schema);
    let bodies = root.join("bodies");
    let files = write_status_bodies(&bodies);
    (root, schema, bodies, files)
}

fn ids(learned: &Learned) -> Vec<&str> {
    learned.proposals.iter().map(|(id, _)| id.as_str()).collect()
}

#[test]
fn the_loop_closes_on_the_samples_and_drifted_variants() {
    let (root, schema, bodies, files) = setup("learn-loop");
    for (name, body) in drifted_status_bodies() {
        let drift = decode::<generated_client::Status>(&body).drift();
        assert!(!drift.is_empty(), "the {name} variant must drift against the checked-in client");
    }

    let learned = learn_status(&schema, &bodies, true);
    let proposed = ids(&learned);
    for wanted in [
        "property Status.connectivity",
        "property Energy.fullAt",
        "property Energy.chargingCurve",
        "enum-value IgnitionType Parked",
        "enum-value ChargingMode Turbo",
        "enum-value ChargingPowerLevel Level6",
        "enum-value PositionType Acquired",
        "property EnergyCharging.chargingPower",
        "widen Energy.autonomy",
        "alias Status.doorsState doorState",
    ] {
        assert!(proposed.contains(&wanted), "missing proposal {wanted:?} in:\n{}", learned.summary);
    }
    assert_eq!(proposed.len(), 10, "{}", learned.summary);
    let count = |id: &str| learned.proposals.iter().find(|(p, _)| p == id).map(|(_, n)| *n);
    assert_eq!(count("property Status.connectivity"), Some(2), "status-2023 and the new-keys variant");
    assert_eq!(count("enum-value ChargingPowerLevel Level6"), Some(5), "status-2024 and its four variants");
    assert!(learned.diff.contains("+        connectivity:\n+          type: object\n"), "{}", learned.diff);
    assert!(learned.diff.contains("+              format: date-time\n"), "{}", learned.diff);
    assert!(learned.diff.contains("-          type: integer\n+          type: number\n"), "{}", learned.diff);
    assert!(
        learned.summary.contains("StatusConnectivity"),
        "new inline types are named by the generator:\n{}",
        learned.summary
    );

    assert!(
        learned.summary.contains("note: Status.preconditioning: sent under two of its names at once"),
        "status-2023 sends both spellings, which no schema change absorbs:\n{}",
        learned.summary
    );

    // The other samples, each as its schema; three of them carry enum values the schema lacks.
    let mut learned_others = Vec::new();
    for (type_name, file) in OTHER_SAMPLES {
        let learned = learn_sample(&schema, type_name, file, true);
        learned_others.extend(learned.proposals.into_iter().map(|(id, _)| id));
    }
    assert_eq!(
        learned_others,
        [
            "enum-value PositionType Aquire",
            "enum-value AlertMsgEnum underInflationTyreFault",
            "enum-value MonitorStatus Created"
        ]
    );

    let again = learn_status(&schema, &bodies, false);
    assert!(again.proposals.is_empty() && again.diff.is_empty(), "learning again proposes:\n{}", again.summary);
    for (type_name, file) in OTHER_SAMPLES {
        let again = learn_sample(&schema, type_name, file, false);
        assert!(again.proposals.is_empty(), "learning {file} again proposes:\n{}", again.summary);
    }

    let mut typed: Vec<(&str, PathBuf)> = files.into_iter().map(|path| ("Status", path)).collect();
    typed.extend(OTHER_SAMPLES.iter().map(|(type_name, file)| (*type_name, sample_path(file))));
    compile_and_decode(&root, &schema, &typed);
}

/// Every other JSON sample whose top level is one object, with the schema it decodes into
/// (`schema/README.md`, "Samples and the schema they decode into").
const OTHER_SAMPLES: [(&str, &str); 12] = [
    ("Vehicles", "vehicles.json"),
    ("Vehicle", "vehicle.json"),
    ("User", "user.json"),
    ("Position", "last-position.json"),
    ("Position", "last-position-2d.json"),
    ("Trips", "trips-page-1.json"),
    ("Trips", "trips-page-2.json"),
    ("Trip", "trip.json"),
    ("Alerts", "alerts.json"),
    ("Maintenance", "maintenance.json"),
    ("Telemetries", "telemetry.json"),
    ("MonitorRef", "monitor-created.json"),
];

fn learn_sample(schema: &Path, type_name: &str, file: &str, write: bool) -> Learned {
    let job = Learn {
        schema: schema.to_path_buf(),
        inputs: vec![sample_path(file)],
        as_schema: Some(type_name.to_owned()),
        write,
    };
    learn(&job).unwrap_or_else(|message| panic!("{file}: {message}"))
}

/// Generates the learned schema and proves with one trybuild binary that every body decodes
/// into its regenerated type with an empty drift report.
fn compile_and_decode(root: &Path, schema: &Path, bodies: &[(&str, PathBuf)]) {
    let generated = root.join("generated");
    let job =
        Regenerate { schema: schema.to_path_buf(), root: None, out: Target::Module(generated.clone()), check: false };
    regenerate(&job).unwrap_or_else(|message| panic!("the learned schema does not generate:\n{message}"));
    let checks: String = bodies
        .iter()
        .map(|(type_name, path)| {
            format!(
                "    check::<generated::{type_name}>(include_bytes!({path:?}), {name:?});\n",
                name = path.file_name().unwrap_or_default().to_string_lossy()
            )
        })
        .collect();
    let main = root.join("decode_learned.rs");
    let program = format!(
        "#![deny(warnings)]\n#[allow(dead_code, unused_imports)]\n#[path = {:?}]\nmod generated;\n\n{CHECK}\nfn main() {{\n{checks}}}\n",
        generated.join("mod.rs")
    );
    fs::write(&main, program).expect("write the trybuild program");
    trybuild::TestCases::new().pass(&main);
}

/// The trybuild program's check: no drift left but a key sent under two names at once, which
/// the wire must stop doing (learning says so, and proposes nothing for it).
const CHECK: &str = r#"fn check<T: client_runtime::Lenient + client_runtime::Drift>(body: &[u8], name: &str) {
    let report = client_runtime::drift_of::<T>(body).expect("JSON");
    let left: Vec<String> = report
        .items
        .iter()
        .filter(|item| !matches!(item.kind, client_runtime::DriftKind::ShadowedAlias { .. }))
        .map(ToString::to_string)
        .collect();
    assert!(left.is_empty(), "{name}: {left:?}");
}
"#;

fn decode<T: Lenient>(body: &Value) -> T {
    client_runtime::from_json_slice(&serde_json::to_vec(body).expect("encode")).expect("decodes")
}

#[test]
fn untouched_text_stays_byte_identical_and_nothing_is_removed() {
    let (_, schema, bodies, _) = setup("learn-text");
    let learned = learn_status(&schema, &bodies, false);
    let removed: Vec<&str> = learned.diff.lines().filter(|l| l.starts_with('-') && !l.starts_with("---")).collect();
    assert_eq!(removed, ["-          type: integer"], "only the widened type line changes");
    assert!(learned.written.is_empty(), "a dry run wrote {:?}", learned.written);
    let original = fs::read_to_string(workspace_root().join("schema/status.yaml")).expect("read");
    assert_eq!(fs::read_to_string(schema.join("status.yaml")).expect("read"), original, "a dry run changed nothing");
    assert!(!learned.diff.contains("required"), "learning never adds `required`");
}

#[test]
fn the_ignore_list_keeps_rejected_proposals_out() {
    let (_, schema, bodies, _) = setup("learn-ignore");
    fs::write(
        schema.join(IGNORE_FILE),
        "# rejected in review\nenum-value IgnitionType Parked\nproperty Status.connectivity  # not ours\nalias Status.doorsState doorState\n",
    )
    .expect("write the ignore list");
    let learned = learn_status(&schema, &bodies, false);
    let proposed = ids(&learned);
    assert!(
        !proposed.contains(&"enum-value IgnitionType Parked") && !proposed.contains(&"property Status.connectivity")
    );
    assert!(proposed.contains(&"enum-value ChargingMode Turbo"), "{}", learned.summary);
    assert!(
        proposed.contains(&"property Status.doorState"),
        "a rejected alias leaves a new property:\n{}",
        learned.summary
    );
    assert!(learned.summary.contains("left out by schema/learn-ignore.txt"), "{}", learned.summary);
}

#[test]
fn recordings_teach_what_the_bodies_do_and_keep_no_personal_data() {
    let root = scratch("learn-recorded");
    let schema = root.join("schema");
    copy_schema(&schema);
    let (recorded, plain) = (root.join("recorded"), root.join("plain"));
    fs::create_dir_all(&recorded).expect("create the recordings folder");
    fs::create_dir_all(&plain).expect("create the bodies folder");
    let mut lines = String::new();
    for (name, body) in drifted_status_bodies() {
        let report = decode::<generated_client::Status>(&body).drift();
        let record = DriftRecord {
            time: "2024-01-24T07:12:40Z".parse().expect("a timestamp"),
            operation: Some("getVehicleStatus"),
            schema: "Status".to_owned(),
            status: 200,
            drift: redact::redacted_report(&report),
            shape: redact::redacted_shape(&body, &report),
        };
        lines.push_str(&record.to_json_line());
        lines.push('\n');
        fs::write(plain.join(format!("{name}.json")), body.to_string()).expect("write a body");
    }
    for data in ["VR3", "48.8", "https://", "243"] {
        assert!(!lines.contains(data), "{data} was recorded");
    }
    fs::write(recorded.join("drift-0.jsonl"), lines).expect("write recordings");
    let job = Learn { schema: schema.clone(), inputs: vec![recorded], as_schema: None, write: false };
    let learned = learn(&job).unwrap_or_else(|message| panic!("{message}"));
    assert_eq!(learned.inputs, 4);

    // The same bodies, unredacted, teach exactly the same: `77.0` stays no reason to widen.
    let from_bodies = learn_status(&schema, &plain, false);
    assert_eq!(ids(&learned), ids(&from_bodies), "{}\n{}", learned.summary, from_bodies.summary);
    assert_eq!(learned.diff, from_bodies.diff);
    assert!(ids(&learned).contains(&"widen Energy.autonomy") && learned.diff.contains("format: date-time"));
}

#[test]
fn unreadable_inputs_are_counted_and_a_wrong_name_is_an_error() {
    let root = scratch("learn-hostile");
    let schema = root.join("schema");
    copy_schema(&schema);
    let inputs = root.join("inputs");
    fs::create_dir_all(&inputs).expect("create the inputs folder");
    fs::write(inputs.join("not-json.json"), "<html>502</html>").expect("write");
    fs::write(
        inputs.join("records.jsonl"),
        "{\"operation\": \"nope\", \"body\": {}}\nnot json\n\n{\"no\": \"body\"}\n",
    )
    .expect("write");
    fs::write(inputs.join("array.json"), "[1, 2]").expect("write");
    let job = Learn {
        schema: schema.clone(),
        inputs: vec![inputs.clone()],
        as_schema: Some("Status".to_owned()),
        write: false,
    };
    let learned = learn(&job).unwrap_or_else(|message| panic!("{message}"));
    assert_eq!((learned.inputs, learned.proposals.len()), (5, 0), "{}", learned.summary);
    for why in ["not JSON", "not a JSON record", "a record without a `body`", "Status: an object, found array"] {
        assert!(learned.summary.contains(why), "{why:?} missing from:\n{}", learned.summary);
    }
    let wrong = Learn { as_schema: Some("NoSuchSchema".to_owned()), ..job };
    assert_eq!(learn(&wrong).map(|_| ()), Err("no schema named `NoSuchSchema`".to_owned()));
}

/// The checked-in schema and its ignore list agree with the samples: learning from every one of
/// them proposes nothing (each deliberate drift is rejected by an id that matches a proposal).
#[test]
fn the_samples_teach_nothing_that_the_ignore_list_has_not_rejected() {
    let schema = workspace_root().join("schema");
    let mut groups: Vec<(&str, PathBuf)> = ["status-2020.json", "status-2023.json", "status-2024.json"]
        .iter()
        .map(|file| ("Status", sample_path(file)))
        .collect();
    groups.extend(OTHER_SAMPLES.iter().map(|(type_name, file)| (*type_name, sample_path(file))));
    let mut ignored = Vec::new();
    for (type_name, path) in groups {
        let job =
            Learn { schema: schema.clone(), inputs: vec![path], as_schema: Some(type_name.to_owned()), write: false };
        let learned = learn(&job).unwrap_or_else(|message| panic!("{message}"));
        assert!(learned.proposals.is_empty(), "{}", learned.summary);
        ignored.extend(learned.ignored);
    }
    ignored.sort();
    let list = fs::read_to_string(schema.join(IGNORE_FILE)).expect("read the ignore list");
    let mut listed: Vec<String> = list
        .lines()
        .map(|line| line.split_once('#').map_or(line, |(id, _)| id).trim().to_owned())
        .filter(|id| !id.is_empty())
        .collect();
    listed.sort();
    assert_eq!(ignored, listed, "every id in the ignore list matches a proposal the samples make");
}
