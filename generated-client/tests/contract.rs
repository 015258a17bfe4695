//! The lenient decoding contract (`lenient-decoding.md`), one test (or a few) per rule, over small
//! real-shaped bodies decoded into the generated types.

#[path = "support/json.rs"]
mod json;

use client_runtime::{Drift, Kept, List, OneOrMany, from_json_slice, from_json_str};
use generated_client::{
    Alert, AlertLinks, DoorLockState, DoorsState, DurationOrDateTime, EnergyCharging, FixStatus, Link, Maintenance,
    Message, MonitorStatus, Position, PositionType, Status, TimeTriggerEntry, Trip, TripDuration, User, Vehicle,
};
use json::by_value;
use serde::Serialize;
use serde_json::{Value, json};

/// Decodes `body` into `T`, and checks rule 9 on the way: encoding gives back an equal JSON value.
fn decode<T: client_runtime::Lenient>(body: &Value) -> T {
    let text = serde_json::to_string(body).unwrap();
    let decoded: T = from_json_str(&text).unwrap_or_else(|err| panic!("{err}: {text}"));
    assert_round_trip(body, &decoded);
    decoded
}

fn assert_round_trip(original: &Value, decoded: &impl Serialize) {
    let encoded = serde_json::to_value(decoded).unwrap();
    assert_eq!(by_value(&encoded), by_value(original), "round trip");
}

fn drift(value: &impl Drift) -> String {
    value.drift().to_string()
}

// ---------------------------------------------------------------------------------------------
// Rule 1: absent or null → None

#[test]
fn rule1_absent_fields_are_none() {
    let status: Status = decode(&json!({}));
    assert_eq!(status, Status::default());
    assert!(status.extra.is_empty());
    assert!(status.drift().is_empty(), "a missing field is not drift");
    assert_eq!(serde_json::to_value(&status).unwrap(), json!({}), "nothing is invented on the way out");

    // A page-2 trip: no stoppedAt, stopPosition, duration, endEnergies or updatedAt.
    let trip: Trip = decode(&json!({"id": "t1", "startedAt": "2024-06-13T17:49:30Z", "done": false}));
    assert_eq!(trip.id.as_deref(), Some("t1"));
    assert_eq!(trip.done, Some(false));
    assert!(trip.started_at.is_some());
    assert_eq!(
        (&trip.stopped_at, &trip.stop_position, &trip.duration, &trip.end_energies, &trip.updated_at),
        (&None, &None, &None, &None, &None)
    );
}

#[test]
fn rule1_null_fields_are_none_and_the_null_is_kept() {
    let body = json!({
        "createdAt": null,
        "energies": null,
        "odometer": {"createdAt": null, "mileage": 4821},
        "lastPosition": {"type": "Feature", "properties": null},
        "updatedAt": "2020-12-21T17:42:09Z"
    });
    let status: Status = decode(&body);
    assert_eq!(status.created_at, None);
    assert_eq!(status.energies, None);
    assert_eq!(status.extra.reason("createdAt"), Some(Kept::Null));
    assert_eq!(status.extra.get("createdAt"), Some(&Value::Null));
    let odometer = status.odometer.as_ref().expect("odometer");
    assert_eq!((odometer.created_at.as_ref(), odometer.mileage), (None, Some(4821.0)));
    assert_eq!(odometer.extra.reason("createdAt"), Some(Kept::Null));
    assert_eq!(status.last_position.as_ref().unwrap().properties, None);
    assert_eq!(status.updated_at.as_ref().map(|t| t.as_str()), Some("2020-12-21T17:42:09Z"));
    assert!(status.drift().is_empty(), "null is allowed, not drift: {}", status.drift());
    // The nulls are written back (checked by `decode`) so the body round-trips exactly.
    assert_eq!(serde_json::to_value(&status).unwrap()["createdAt"], Value::Null);
}

// ---------------------------------------------------------------------------------------------
// Rule 2: unknown fields are kept

#[test]
fn rule2_unknown_fields_are_kept_and_written_back() {
    let body = json!({
        "createdAt": "2023-05-14T19:02:47Z",
        "connectivity": {"createdAt": "2023-05-14T19:02:47Z", "status": "Online"},
        "energies": [{
            "type": "Electric",
            "level": 58,
            "extension": {"electric": {"charging": {"plugged": false, "chargingPower": 0.0}}}
        }],
        "_links": {"self": {"href": "https://example.invalid/status", "method": "GET"}}
    });
    let status: Status = decode(&body);
    assert_eq!(status.extra.get("connectivity"), Some(&body["connectivity"]));
    assert_eq!(status.extra.reason("connectivity"), Some(Kept::Unknown));
    let charging = status.energies.as_deref().unwrap()[0]
        .extension
        .as_ref()
        .unwrap()
        .electric
        .as_ref()
        .unwrap()
        .charging
        .as_ref()
        .unwrap();
    assert_eq!(charging.plugged, Some(false), "known fields next to the unknown one still decode");
    assert_eq!(charging.extra.get("chargingPower"), Some(&json!(0.0)));
    let link = status.links.as_ref().unwrap().self_.as_ref().unwrap().first().unwrap();
    assert_eq!(link.href.as_deref(), Some("https://example.invalid/status"));
    assert_eq!(link.extra.get("method"), Some(&json!("GET")));
    assert_eq!(
        drift(&status),
        "/_links/self/method: unknown field (a string)\n\
         /energies/0/extension/electric/charging/chargingPower: unknown field (a decimal number)\n\
         /connectivity: unknown field (an object)\n"
    );
}

#[test]
fn rule2_extra_fields_can_be_added_to_send() {
    let mut link = Link { href: Some("https://example.invalid/a".to_owned()), ..Link::default() };
    link.extra.insert("method", json!("POST"));
    assert_eq!(serde_json::to_value(&link).unwrap(), json!({"href": "https://example.invalid/a", "method": "POST"}));
}

// ---------------------------------------------------------------------------------------------
// Rule 3: a value of the wrong JSON type costs only its field

#[test]
fn rule3_wrong_typed_values_are_none_kept_raw_and_the_rest_decodes() {
    let body = json!({
        "createdAt": 1_706_080_360,
        "updatedAt": "2024-01-24T07:12:40.517Z",
        "battery": {"voltage": "88.0", "createdAt": "2024-01-24T07:12:40Z"},
        "kinetic": {"moving": "false", "speed": 0.0},
        "energies": {"type": "Electric", "level": 77.0},
        "lastPosition": "unavailable",
        "doorsState": {"lockedStates": ["Locked", 3], "opening": [{"identifier": "Driver", "state": "Closed"}]},
        "odometer": {"mileage": 27105.4}
    });
    let status: Status = decode(&body);

    assert_eq!(status.created_at, None);
    assert_eq!(status.extra.get("createdAt"), Some(&json!(1_706_080_360)));
    assert_eq!(status.extra.reason("createdAt"), Some(Kept::WrongType { expected: "a timestamp string" }));
    assert_eq!(
        status.updated_at.as_ref().and_then(|t| t.get()).map(|t| t.to_string()).as_deref(),
        Some("2024-01-24T07:12:40.517Z")
    );

    let battery = status.battery.as_ref().expect("the battery object itself fits");
    assert_eq!(battery.voltage, None);
    assert_eq!(battery.extra.get("voltage"), Some(&json!("88.0")));
    assert_eq!(battery.extra.reason("voltage"), Some(Kept::WrongType { expected: "a number" }));
    assert!(battery.created_at.is_some());

    let kinetic = status.kinetic.as_ref().unwrap();
    assert_eq!((kinetic.moving, kinetic.speed), (None, Some(0.0)));
    assert_eq!(kinetic.extra.reason("moving"), Some(Kept::WrongType { expected: "a boolean" }));

    // One object where the array is expected: a one-item array (rule 12).
    let energies = status.energies.as_ref().expect("a single value for an array decodes");
    assert_eq!((energies.len(), energies.came_single()), (1, true));
    assert_eq!(energies[0].level, Some(77.0));
    assert_eq!(status.last_position, None);
    assert_eq!(status.extra.get("lastPosition"), Some(&json!("unavailable")));
    assert_eq!(status.extra.reason("lastPosition"), Some(Kept::WrongType { expected: "an object (Position)" }));

    // One bad item costs that item only: the good one stays typed, the bad one raw at its index.
    let doors = status.doors_state.as_ref().unwrap();
    assert_eq!(doors.locked_states.as_deref(), Some(&[DoorLockState::Locked][..]));
    let misfits: Vec<_> = doors.locked_states.iter().flat_map(|list| list.misfits()).collect();
    assert_eq!(misfits, [(1, &json!(3))]);
    assert_eq!(doors.extra.get("lockedStates"), None);
    assert_eq!(doors.opening.as_ref().map(|items| items.len()), Some(1));

    assert_eq!(status.odometer.as_ref().and_then(|o| o.mileage), Some(27105.4));
    assert_eq!(
        drift(&status),
        "/energies: expected an array, found a single value\n\
         /doorsState/lockedStates/1: expected a string (DoorLockState), found an integer\n\
         /battery/voltage: expected a number, found a string\n\
         /kinetic/moving: expected a boolean, found a string\n\
         /createdAt: expected a timestamp string, found an integer\n\
         /lastPosition: expected an object (Position), found a string\n"
    );
}

#[test]
fn rule3_wrong_typed_nested_object_in_an_array_item() {
    // The bad value deep inside one trip costs only that field, not the trip or the page.
    let trip: Trip = decode(&json!({
        "id": "t1",
        "startPosition": {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.3, "48.8"]}},
        "distance": 15.8
    }));
    let geometry = trip.start_position.as_ref().unwrap().geometry.as_ref().unwrap();
    assert_eq!(geometry.r#type.as_deref(), Some("Point"));
    assert_eq!(geometry.coordinates.as_deref(), Some(&[Some(2.3)][..]), "the good coordinate stays");
    assert_eq!(geometry.extra.get("coordinates"), None);
    assert_eq!(trip.distance, Some(15.8));
    assert_eq!(drift(&trip), "/startPosition/geometry/coordinates/1: expected a number, found a string\n");
}

// ---------------------------------------------------------------------------------------------
// Rule 4: numbers are read by value

#[test]
fn rule4_integer_fields_accept_integral_floats() {
    // heading, signalQuality, autonomy, chargingRate and daysBeforeMaintenance are integer fields.
    let position: Position = decode(&json!({"properties": {"heading": 178.0, "signalQuality": 4}}));
    let properties = position.properties.as_ref().unwrap();
    assert_eq!((properties.heading, properties.signal_quality), (Some(178), Some(4)));
    assert!(position.drift().is_empty());

    let status: Status = decode(&json!({"energies": [{"type": "Electric", "level": 77.0, "autonomy": 243.0}]}));
    let energy = &status.energies.as_deref().unwrap()[0];
    assert_eq!((energy.level, energy.autonomy), (Some(77.0), Some(243)));

    let maintenance: Maintenance = decode(&json!({"daysBeforeMaintenance": 412.0, "mileageBeforeMaintenance": 22920}));
    assert_eq!(maintenance.days_before_maintenance, Some(412));
    assert_eq!(maintenance.mileage_before_maintenance, Some(22920.0), "a number field accepts an integer");
}

#[test]
fn rule4_number_fields_accept_integers() {
    let status: Status = decode(&json!({
        "energies": [{"type": "Electric", "level": 77}],
        "battery": {"voltage": 99},
        "odometer": {"mileage": 4821}
    }));
    assert_eq!(status.energies.as_deref().unwrap()[0].level, Some(77.0));
    assert_eq!(status.battery.as_ref().unwrap().voltage, Some(99.0));
    assert_eq!(status.odometer.as_ref().unwrap().mileage, Some(4821.0));
    assert!(status.drift().is_empty());
}

#[test]
fn rule4_fractions_and_out_of_range_values_are_the_wrong_type() {
    let position: Position = decode(&json!({"properties": {"heading": 77.5, "signalQuality": 4}}));
    let properties = position.properties.as_ref().unwrap();
    assert_eq!(properties.heading, None);
    assert_eq!(properties.extra.get("heading"), Some(&json!(77.5)));
    assert_eq!(properties.extra.reason("heading"), Some(Kept::WrongType { expected: "an integer" }));
    assert_eq!(properties.signal_quality, Some(4), "the rest still decodes");
    assert_eq!(drift(&position), "/properties/heading: expected an integer, found a decimal number\n");

    // The generated types have no int32 field (every schema integer is i64); the i32 range is
    // covered by the runtime tests. Out of i64 range, as an integer and as a float:
    let big = json!({"total": 18_446_744_073_709_551_615_u64, "currentPage": 1e20, "totalPage": 2});
    let trips: generated_client::Trips = decode(&big);
    assert_eq!((trips.total, trips.current_page, trips.total_page), (None, None, Some(2)));
    assert_eq!(trips.extra.get("total"), Some(&json!(u64::MAX)));
    assert_eq!(trips.extra.reason("currentPage"), Some(Kept::WrongType { expected: "an integer" }));
    assert_eq!(
        drift(&trips),
        "/currentPage: expected an integer, found a decimal number\n\
         /total: expected an integer, found an integer beyond i64\n"
    );
}

// ---------------------------------------------------------------------------------------------
// Rule 5: enums are open

#[test]
fn rule5_listed_values_decode_into_variants() {
    let position: Position = decode(&json!({"properties": {"type": "Estimated", "fixStatus": "2D"}}));
    let properties = position.properties.as_ref().unwrap();
    assert_eq!(properties.r#type, Some(PositionType::Estimated));
    assert_eq!(properties.fix_status, Some(FixStatus::_2D), "a value starting with a digit");
    assert_eq!(FixStatus::_3D.as_str(), "3D");
    assert!(position.drift().is_empty());
}

#[test]
fn rule5_unlisted_values_go_to_the_catch_all_and_serialise_back() {
    for raw in ["Acquired", "Aquire", "Estimate", "acquire", "", "Acquire "] {
        let body = json!({"properties": {"type": raw}});
        let position: Position = decode(&body);
        let kind = position.properties.as_ref().unwrap().r#type.as_ref().unwrap();
        assert!(matches!(kind, PositionType::Unknown(value) if value.as_str() == raw), "{raw:?}: {kind:?}");
        assert_eq!(kind.as_str(), raw);
        assert_eq!(kind.to_string(), raw);
        assert_eq!(serde_json::to_value(kind).unwrap(), json!(raw));
        assert_eq!(drift(&position), format!("/properties/type: unknown enum value {raw:?}\n"));
    }
}

#[test]
fn rule5_catch_all_never_holds_a_listed_value() {
    assert_eq!(PositionType::from("Acquire"), PositionType::Acquire);
    assert_eq!("Estimated".parse::<PositionType>(), Ok(PositionType::Estimated));
    assert_eq!(PositionType::from("Acquired"), "Acquired".parse().unwrap());
    assert!(matches!(PositionType::from("Acquired"), PositionType::Unknown(_)));
    assert_eq!(MonitorStatus::from("Created").as_str(), "Created");
}

#[test]
fn rule5_enum_items_in_arrays_and_wrong_json_types() {
    let doors: DoorsState = decode(&json!({"lockedStates": ["Locked", "HyperLocked", "SuperLocked"]}));
    let states = doors.locked_states.as_deref().unwrap();
    assert_eq!(states[0], DoorLockState::Locked);
    assert!(matches!(&states[1], DoorLockState::Unknown(value) if value.as_str() == "HyperLocked"));
    assert_eq!(states[2], DoorLockState::SuperLocked);
    assert_eq!(drift(&doors), "/lockedStates/1: unknown enum value \"HyperLocked\"\n");

    // A number where an enum string belongs is the wrong type, not a catch-all value.
    let position: Position = decode(&json!({"properties": {"type": 1}}));
    let properties = position.properties.as_ref().unwrap();
    assert_eq!(properties.r#type, None);
    assert_eq!(properties.extra.reason("type"), Some(Kept::WrongType { expected: "a string (PositionType)" }));
}

// ---------------------------------------------------------------------------------------------
// Rule 6: timestamps and durations are forgiving

#[test]
fn rule6_timestamp_forms() {
    let cases = [
        ("2024-01-24T07:12:40Z", Some("2024-01-24T07:12:40Z")),
        ("2024-01-24T07:12:40.517Z", Some("2024-01-24T07:12:40.517Z")),
        ("2024-01-24T08:12:40+01:00", Some("2024-01-24T07:12:40Z")),
        ("2024-01-24T08:12:40.5+01:00", Some("2024-01-24T07:12:40.5Z")),
        ("2017-08-10T13:46:39.652+0000", Some("2017-08-10T13:46:39.652Z")),
        ("2017-08-10T15:46:39+0200", Some("2017-08-10T13:46:39Z")),
        ("Mon Jun 03 08:35:36 GMT 2019", Some("2019-06-03T08:35:36Z")),
        ("Thu Sep 24 16:16:20 GMT 2020", Some("2020-09-24T16:16:20Z")),
        ("yesterday", None),
        ("2024-01-24", None),
        ("Thu Sep 24 16:16:20 CEST 2020", None),
    ];
    for (raw, instant) in cases {
        let body = json!({"createdAt": raw, "ignition": {"type": "Stop"}});
        let status: Status = decode(&body);
        let ts = status.created_at.as_ref().expect("a string is always kept as a timestamp");
        assert_eq!(ts.as_str(), raw);
        assert_eq!(ts.get().map(|t| t.to_string()).as_deref(), instant, "{raw:?}");
        assert!(status.ignition.is_some(), "the rest decodes");
        let expected_drift = match instant {
            Some(_) => String::new(),
            None => format!("/createdAt: unparsed timestamp {raw:?}\n"),
        };
        assert_eq!(drift(&status), expected_drift);
    }
}

#[test]
fn rule6_durations() {
    let cases = [
        ("PT21H40M", Some(78_000)),
        ("PT0S", Some(0)),
        ("PT04H30M", Some(16_200)),
        ("PT1H5M", Some(3_900)),
        ("2 hours", None),
        ("21:40", None),
        ("", None),
    ];
    for (raw, seconds) in cases {
        let charging: EnergyCharging =
            decode(&json!({"remainingTime": raw, "nextDelayedTime": "PT0S", "plugged": true}));
        let remaining = charging.remaining_time.as_ref().expect("the text is kept");
        assert_eq!(remaining.as_str(), raw);
        assert_eq!(remaining.to_std().map(|d| d.as_secs()), seconds, "{raw:?}");
        assert_eq!(charging.next_delayed_time.as_ref().and_then(|d| d.to_std()), Some(std::time::Duration::ZERO));
        assert_eq!(charging.plugged, Some(true));
        let expected_drift = match seconds {
            Some(_) => String::new(),
            None => format!("/remainingTime: unparsed duration {raw:?}\n"),
        };
        assert_eq!(drift(&charging), expected_drift);
    }
}

#[test]
fn rule6_trip_duration_integer_or_iso_string() {
    let cases: [(Value, &str); 5] = [
        (json!(1712), "Integer(1712)"),
        (json!(1712.0), "Integer(1712)"),
        (json!("PT28M32S"), "Duration"),
        (json!("half an hour"), "Other"),
        (json!(17.5), "Other"),
    ];
    for (raw, expected) in cases {
        let trip: Trip = decode(&json!({"duration": raw}));
        let duration = trip.duration.as_ref().unwrap();
        match (duration, expected) {
            (TripDuration::Integer(1712), "Integer(1712)") => assert!(trip.drift().is_empty()),
            (TripDuration::Duration(d), "Duration") => {
                assert_eq!(d.to_std(), Some(std::time::Duration::from_secs(1712)));
                assert!(trip.drift().is_empty());
            }
            (TripDuration::Other(kept), "Other") => {
                assert_eq!(kept, &raw);
                assert_eq!(drift(&trip), "/duration: no variant matched\n");
            }
            (other, _) => panic!("{raw}: {other:?}, expected {expected}"),
        }
    }
}

#[test]
fn rule6_duration_or_timestamp() {
    let relative: TimeTriggerEntry =
        decode(&json!({"start": "PT14H30M", "duration": "PT4H30M", "recurrence": "Daily"}));
    assert!(
        matches!(&relative.start, Some(DurationOrDateTime::Duration(d)) if d.to_std().unwrap().as_secs() == 52_200)
    );
    let absolute: TimeTriggerEntry = decode(&json!({"start": "2024-06-01T06:00:00Z"}));
    assert!(
        matches!(&absolute.start, Some(DurationOrDateTime::Timestamp(t)) if t.get().unwrap().to_string() == "2024-06-01T06:00:00Z")
    );
    let neither: TimeTriggerEntry = decode(&json!({"start": "at dawn"}));
    assert!(matches!(&neither.start, Some(DurationOrDateTime::Other(raw)) if raw == "at dawn"));
    assert_eq!(drift(&neither), "/start: no variant matched\n");
}

// ---------------------------------------------------------------------------------------------
// Rule 7: HAL shapes

#[test]
fn rule7_link_relation_one_or_many() {
    let one = json!({"trips": {"href": "https://example.invalid/trips/1"}});
    let many =
        json!({"trips": [{"href": "https://example.invalid/trips/1"}, {"href": "https://example.invalid/trips/2"}]});
    let empty = json!({"trips": []});

    let links: AlertLinks = decode(&one);
    let Some(OneOrMany::One(link)) = &links.trips else { panic!("one link: {:?}", links.trips) };
    assert_eq!(link.href.as_deref(), Some("https://example.invalid/trips/1"));

    let links: AlertLinks = decode(&many);
    let Some(OneOrMany::Many(list)) = &links.trips else { panic!("an array: {:?}", links.trips) };
    let hrefs: Vec<_> = list.iter().filter_map(|l| l.href.as_deref()).collect();
    assert_eq!(hrefs, ["https://example.invalid/trips/1", "https://example.invalid/trips/2"]);

    let links: AlertLinks = decode(&empty);
    assert!(matches!(&links.trips, Some(OneOrMany::Many(list)) if list.is_empty()));
    // Each shape serialises back in its own form (also checked by `decode`).
    assert_eq!(serde_json::to_value(&links).unwrap(), empty);
}

#[test]
fn rule7_link_relation_misfits() {
    let links: AlertLinks = decode(&json!({
        "self": "https://example.invalid/alerts/1",
        "trips": [{"href": "https://example.invalid/trips/1"}, "https://example.invalid/trips/2"],
        "vehicle": {"href": 42, "templated": false}
    }));
    assert_eq!(links.self_, None);
    assert_eq!(links.extra.reason("self"), Some(Kept::WrongType { expected: "an object or an array of objects" }));
    let Some(OneOrMany::Many(trips)) = &links.trips else { panic!("an array: {:?}", links.trips) };
    assert_eq!(trips.len(), 1, "one item of the wrong type costs that item only");
    assert_eq!(trips.misfits().collect::<Vec<_>>(), [(1, &json!("https://example.invalid/trips/2"))]);
    let vehicle = links.vehicle.as_ref().and_then(OneOrMany::first).unwrap();
    assert_eq!((vehicle.href.as_deref(), vehicle.templated), (None, Some(false)));
    assert_eq!(
        drift(&links),
        "/vehicle/href: expected a string, found an integer\n\
         /trips/1: expected an object (Link), found a string\n\
         /self: expected an object or an array of objects, found a string\n"
    );
}

#[test]
fn rule7_embedded_key_case() {
    let vehicle = json!({"id": "v1", "vin": "VR3UHZKXZMT000001"});
    for key in ["Vehicles", "vehicles"] {
        let user: User = decode(&json!({"email": "jane.doe@example.com", "_embedded": {key: [vehicle.clone()]}}));
        let embedded = user.embedded.as_ref().unwrap();
        let vehicles = embedded.vehicles.as_deref().unwrap_or_else(|| panic!("{key}"));
        assert_eq!(vehicles[0].vin.as_deref(), Some("VR3UHZKXZMT000001"));
        assert_eq!(embedded.extra.wire_name("vehicles"), key);
        assert!(user.drift().is_empty(), "{key}: {}", user.drift());
    }
}

/// Every collection's `_embedded` key decodes with its first letter in either case, not only
/// the ones the spec happens to capitalise.
#[test]
fn rule7_every_embedded_key_decodes_in_either_case() {
    let trip = json!({"id": "t1", "distance": 1.5});
    for key in ["trips", "Trips"] {
        let page: generated_client::Trips = decode(&json!({"total": 1, "_embedded": {key: [trip.clone()]}}));
        let trips = page.embedded.as_ref().and_then(|e| e.trips.as_deref()).unwrap_or_else(|| panic!("{key}"));
        assert_eq!(trips[0].id.as_deref(), Some("t1"), "{key}");
        assert!(page.drift().is_empty(), "{key}: {}", page.drift());
    }
    for key in ["extension", "Extension"] {
        let vehicle: Vehicle = decode(&json!({"_embedded": {key: {"pictures": ["https://example.invalid/p.png"]}}}));
        let extension = vehicle.embedded.as_ref().and_then(|e| e.extension.as_ref()).unwrap_or_else(|| panic!("{key}"));
        assert_eq!(extension.pictures.as_ref().map(|items| items.len()), Some(1), "{key}");
    }
    let alerts: generated_client::Alerts = decode(&json!({"_embedded": {"Alerts": [{"id": "a1"}]}}));
    assert_eq!(alerts.embedded.and_then(|e| e.alerts).map(|a| a.len()), Some(1));
}

// ---------------------------------------------------------------------------------------------
// Rule 8: renamed fields (x-aliases)

#[test]
fn rule8_alias_decodes_into_the_field_and_is_written_back_under_its_name() {
    let body = json!({
        "timed.odometer": {"createdAt": null, "mileage": 4821},
        "preconditionning": {"airConditioning": {"status": "Disabled"}},
        "doorsState": {"lockedState": ["Locked"]},
        "_links": {"vehicles": {"href": "https://example.invalid/vehicles/1"}}
    });
    let status: Status = decode(&body);
    assert_eq!(status.odometer.as_ref().and_then(|o| o.mileage), Some(4821.0));
    assert_eq!(status.extra.wire_name("odometer"), "timed.odometer");
    assert!(status.preconditioning.as_ref().and_then(|p| p.air_conditioning.as_ref()).is_some());
    assert_eq!(status.extra.wire_name("preconditioning"), "preconditionning");
    assert_eq!(status.doors_state.as_ref().unwrap().locked_states.as_deref(), Some(&[DoorLockState::Locked][..]));
    let links = status.links.as_ref().unwrap();
    assert_eq!(
        links.vehicle.as_ref().and_then(OneOrMany::first).and_then(|l| l.href.as_deref()),
        Some("https://example.invalid/vehicles/1")
    );
    assert!(status.extra.get("timed.odometer").is_none(), "not kept twice");
    assert!(status.drift().is_empty(), "an alias is a known name: {}", status.drift());

    let encoded = serde_json::to_value(&status).unwrap();
    assert!(encoded.get("odometer").is_none() && encoded.get("timed.odometer").is_some());
    assert!(encoded.get("preconditioning").is_none() && encoded.get("preconditionning").is_some());

    // More aliases from the schema: Maintenance.daysBeforeMaintenace, Alert "endPosition:".
    let maintenance: Maintenance = decode(&json!({"daysBeforeMaintenace": 412}));
    assert_eq!(maintenance.days_before_maintenance, Some(412));
    let alert: Alert = decode(&json!({"endPosition:": {"type": "Feature"}}));
    assert_eq!(alert.end_position.as_ref().and_then(|p| p.r#type.as_deref()), Some("Feature"));
}

#[test]
fn rule8_both_names_present_the_primary_wins_whatever_the_order() {
    let new = json!({"airConditioning": {"status": "Enabled"}});
    let old = json!({"airConditioning": {"status": "Disabled"}});
    // Built as text: serde_json's Value keeps its keys sorted, and the order matters here.
    let texts = [
        format!("{{\"preconditioning\": {new}, \"preconditionning\": {old}}}"),
        format!("{{\"preconditionning\": {old}, \"preconditioning\": {new}}}"),
    ];
    let mut decoded = Vec::new();
    for text in &texts {
        let status: Status = from_json_str(text).unwrap();
        assert_round_trip(&serde_json::from_str(text).unwrap(), &status);
        let status_text = status
            .preconditioning
            .as_ref()
            .and_then(|p| p.air_conditioning.as_ref())
            .and_then(|a| a.status.as_ref())
            .map(|s| s.as_str().to_owned());
        assert_eq!(status_text.as_deref(), Some("Enabled"), "{text}");
        assert_eq!(status.extra.get("preconditionning"), Some(&old));
        assert_eq!(status.extra.reason("preconditionning"), Some(Kept::Shadowed { field: "preconditioning" }));
        assert_eq!(status.extra.wire_name("preconditioning"), "preconditioning");
        assert_eq!(drift(&status), "/preconditionning: alternate name of \"preconditioning\", which is also present\n");
        decoded.push(status);
    }
    assert!(decoded.windows(2).all(|w| by_value(&serde_json::to_value(&w[0]).unwrap()) == by_value(&serde_json::to_value(&w[1]).unwrap())));
}

#[test]
fn rule8_a_usable_alias_beats_a_null_or_wrong_typed_primary_in_either_key_order() {
    // JSON object keys have no order: `{"odometer": null, "timed.odometer": {…}}` and the same
    // keys the other way round must decode to the same value, and the usable one is kept.
    let alias = json!({"mileage": 4821});
    let texts = [
        format!("{{\"odometer\": null, \"timed.odometer\": {alias}}}"),
        format!("{{\"timed.odometer\": {alias}, \"odometer\": null}}"),
    ];
    let decoded: Vec<Status> = texts.iter().map(|text| from_json_str(text).unwrap()).collect();
    for (text, status) in texts.iter().zip(&decoded) {
        assert_round_trip(&serde_json::from_str(text).unwrap(), status);
        assert_eq!(status.odometer.as_ref().and_then(|o| o.mileage), Some(4821.0), "{text}: the usable value wins");
        assert_eq!(status.extra.reason("odometer"), Some(Kept::Null), "{text}");
        assert_eq!(status.extra.wire_name("odometer"), "timed.odometer", "{text}");
        assert_eq!(drift(status), "", "{text}: a null is not drift");
    }
    assert_eq!(decoded[0], decoded[1]);

    // Same with a wrong-typed primary: the alias fills the field, the primary's value is drift.
    let texts = [
        format!("{{\"odometer\": 4821, \"timed.odometer\": {alias}}}"),
        format!("{{\"timed.odometer\": {alias}, \"odometer\": 4821}}"),
    ];
    let decoded: Vec<Status> = texts.iter().map(|text| from_json_str(text).unwrap()).collect();
    for (text, status) in texts.iter().zip(&decoded) {
        assert_round_trip(&serde_json::from_str(text).unwrap(), status);
        assert_eq!(status.odometer.as_ref().and_then(|o| o.mileage), Some(4821.0), "{text}");
        assert_eq!(status.extra.get("odometer"), Some(&json!(4821)), "{text}");
        assert!(matches!(status.extra.reason("odometer"), Some(Kept::WrongType { .. })), "{text}");
        assert_eq!(drift(status), "/odometer: expected an object (VehicleOdometer), found an integer\n", "{text}");
    }
    assert_eq!(decoded[0], decoded[1]);

    // Two usable values: the primary's wins whichever comes first, the alias's is shadowed.
    let texts = [
        format!("{{\"odometer\": {{\"mileage\": 1}}, \"timed.odometer\": {alias}}}"),
        format!("{{\"timed.odometer\": {alias}, \"odometer\": {{\"mileage\": 1}}}}"),
    ];
    for text in &texts {
        let status: Status = from_json_str(text).unwrap();
        assert_round_trip(&serde_json::from_str(text).unwrap(), &status);
        assert_eq!(status.odometer.as_ref().and_then(|o| o.mileage), Some(1.0), "{text}");
        assert_eq!(status.extra.reason("timed.odometer"), Some(Kept::Shadowed { field: "odometer" }), "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Rule 9: round trip

#[test]
fn rule9_round_trip_keeps_everything() {
    let body = json!({
        "createdAt": "Thu Sep 24 16:16:20 GMT 2020",
        "updatedAt": "not a time",
        "lastPosition": {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [2.2943506, 48.8583701, null]},
            "properties": {"type": "Acquired", "heading": 212.0, "fixStatus": "2D", "future": {"a": [1, 2]}}
        },
        "timed.odometer": {"createdAt": null, "mileage": 4821},
        "energies": [
            {"type": "Hydrogen", "level": 64, "autonomy": "far"},
            {"type": "Electric", "level": 77.0, "extension": {"electric": {"charging": {"remainingTime": "soon"}}}}
        ],
        "doorsState": {"lockedState": ["Locked", "Weird"]},
        "battery": {"voltage": "12V"},
        "connectivity": null,
        "_links": {"self": [{"href": "https://example.invalid/a", "templated": true}]}
    });
    let status: Status = decode(&body);
    // Decoding what was encoded gives the same value again.
    let again: Status = from_json_slice(&serde_json::to_vec(&status).unwrap()).unwrap();
    assert_eq!(again, status);
    assert_eq!(again.drift(), status.drift());
    assert_eq!(
        drift(&status),
        "/updatedAt: unparsed timestamp \"not a time\"\n\
         /lastPosition/properties/type: unknown enum value \"Acquired\"\n\
         /lastPosition/properties/future: unknown field (an object)\n\
         /energies/0/type: unknown enum value \"Hydrogen\"\n\
         /energies/0/autonomy: expected an integer, found a string\n\
         /energies/1/extension/electric/charging/remainingTime: unparsed duration \"soon\"\n\
         /doorsState/lockedState/1: unknown enum value \"Weird\"\n\
         /battery/voltage: expected a number, found a string\n\
         /connectivity: unknown field (null)\n"
    );
}

#[test]
fn rule9_round_trip_is_not_vacuous() {
    // The helper must see a difference: a dropped key and a changed number both fail it.
    let original = json!({"a": 1, "b": [1.5]});
    assert_ne!(by_value(&json!({"a": 1})), by_value(&original));
    assert_ne!(by_value(&json!({"a": 1, "b": [1.25]})), by_value(&original));
    assert_eq!(by_value(&json!({"b": [1.5], "a": 1.0})), by_value(&original));
}

// ---------------------------------------------------------------------------------------------
// Rule 10 (drift) is pinned per sample in samples.rs; here: drift of raw JSON against a type.

#[test]
fn rule10_drift_of_raw_json_against_a_type() {
    let raw = br#"{"id": "v1", "vin": 17, "motorization": "Steam", "colour": "blue"}"#;
    let vehicle: Vehicle = from_json_slice(raw).unwrap();
    let report = vehicle.drift();
    assert_eq!(report.len(), 3);
    let pointers: Vec<_> = report.items.iter().map(|item| item.pointer.as_str()).collect();
    assert_eq!(pointers, ["/motorization", "/colour", "/vin"]);
    assert_eq!(
        report.to_string(),
        "/motorization: unknown enum value \"Steam\"\n/colour: unknown field (a string)\n/vin: expected a string, found an integer\n"
    );
    assert_eq!(client_runtime::drift_of::<Vehicle>(raw).unwrap(), report, "the shorthand says the same");
    assert!(client_runtime::drift_of::<Vehicle>(b"[1]").is_err(), "not the expected top-level shape");
}

// ---------------------------------------------------------------------------------------------
// Rule 11: only a body that is not JSON, or not the expected top-level shape, is an error

#[test]
fn rule11_not_json_is_an_error_never_a_panic() {
    let bodies: [&[u8]; 8] = [
        b"<!DOCTYPE html><html><body><h1>502 - Bad Gateway</h1></body></html>",
        b"",
        b"   ",
        b"{\"createdAt\": ",
        b"{\"createdAt\": \"2024-01-24T07:12:40Z\"} {}",
        b"{'createdAt': 1}",
        b"\xff\xfe{}",
        b"{\"a\": 1,}",
    ];
    for body in bodies {
        assert!(from_json_slice::<Status>(body).is_err(), "{:?}", String::from_utf8_lossy(body));
        assert!(from_json_slice::<List<Message>>(body).is_err());
        assert!(from_json_slice::<generated_client::ErrorBody>(body).is_err());
    }
}

#[test]
fn rule11_wrong_top_level_shape_is_an_error() {
    for body in ["[]", "[{\"createdAt\": \"2024-01-24T07:12:40Z\"}]", "null", "\"status\"", "42", "true"] {
        let err = from_json_str::<Status>(body).expect_err(body);
        assert!(err.to_string().contains("an object (Status)"), "{body}: {err}");
    }
    // The webhook batch is an array: one object where the array is expected is a one-item
    // List<Message> (rule 12), or a OneOrMany<Message> for a caller who wants to tell them apart.
    let single = r#"{"callbackId": "cb", "type": "Remote"}"#;
    let list = from_json_str::<List<Message>>(single).unwrap();
    assert!(list.came_single() && list[0].callback_id.as_deref() == Some("cb"));
    assert!(from_json_str::<List<Message>>("\"cb\"").is_err(), "a value no item takes is no document");
    let one: OneOrMany<Message> = from_json_str(single).unwrap();
    assert!(matches!(one, OneOrMany::One(ref m) if m.callback_id.as_deref() == Some("cb")));
    let many: OneOrMany<Message> = from_json_str(&format!("[{single}, {single}]")).unwrap();
    assert_eq!(many.len(), 2);
    // Well-formed JSON of the right top-level shape never fails, however wrong its insides.
    let status: Status =
        from_json_str(r#"{"createdAt": [], "energies": 3, "_links": "none", "battery": null}"#).unwrap();
    assert_eq!(status.extra.len(), 4);
}

/// A bad item costs that item only: the others stay typed and in order, the bad ones are kept raw
/// at their index (so the array round-trips) and the drift report names each by its index.
#[test]
fn rule3_a_bad_array_item_is_named_by_its_index() {
    let status: Status = decode(&json!({"energies": [{"type": "Electric", "level": 50}, null, "full"]}));
    let energies = status.energies.as_deref().unwrap_or_default();
    assert_eq!(energies.iter().map(|e| e.level).collect::<Vec<_>>(), [Some(50.0)]);
    assert_eq!(
        drift(&status),
        "/energies/1: expected an object (Energy), found null\n/energies/2: expected an object (Energy), found a string\n"
    );
}

/// A key sent twice: the last value is used, as `JSON.parse` and `serde_json::Value` read it (so
/// the round trip equals what they read), and each such key is reported once.
#[test]
fn duplicate_keys_keep_the_last_value_and_are_reported() {
    let text = r#"{
        "createdAt": "2024-01-24T07:12:40Z", "createdAt": "2024-01-25T07:12:40Z",
        "odometer": {"mileage": 1, "mileage": "x"},
        "battery": {"voltage": "x", "voltage": 12.5, "voltage": 13.0},
        "new": 1, "new": 2
    }"#;
    let status: Status = from_json_str(text).unwrap();
    assert_eq!(status.created_at.as_ref().map(ToString::to_string).as_deref(), Some("2024-01-25T07:12:40Z"));
    assert_eq!(status.odometer.as_ref().and_then(|o| o.mileage), None, "the last one, a string, is kept raw");
    assert_eq!(status.battery.as_ref().and_then(|b| b.voltage), Some(13.0));
    assert_eq!(status.extra.get("new"), Some(&json!(2)));
    assert_round_trip(&serde_json::from_str(text).unwrap(), &status);
    assert_eq!(
        drift(&status),
        "/battery/voltage: duplicate key, the last value is used\n\
         /odometer/mileage: expected a number, found a string\n\
         /odometer/mileage: duplicate key, the last value is used\n\
         /new: unknown field (an integer)\n\
         /createdAt: duplicate key, the last value is used\n\
         /new: duplicate key, the last value is used\n"
    );
}

/// A null kept under a field's name, after unknown keys, is dropped when the field's value comes
/// again: unknown keys alone never hold a field's name, so decoding skips that lookup until then.
#[test]
fn duplicate_key_after_unknown_keys_drops_the_null_kept_before() {
    let text = r#"{"battery": {"new": 1, "voltage": null, "voltage": 12.5}}"#;
    let status: Status = from_json_str(text).unwrap();
    let battery = status.battery.as_ref().expect("battery");
    assert_eq!(battery.voltage, Some(12.5));
    assert_eq!(battery.extra.get("voltage"), None, "the null gave way to the value");
    assert_round_trip(&serde_json::from_str(text).unwrap(), &status);
    assert_eq!(
        drift(&status),
        "/battery/new: unknown field (an integer)\n/battery/voltage: duplicate key, the last value is used\n"
    );
}

/// 100 000 nested arrays or objects inside a field of a generated type: an error (the decoder
/// follows at most 127 levels), never a stack overflow, on an ordinary test thread.
#[test]
fn rule11_deep_nesting_is_an_error_not_a_stack_overflow() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let body = format!("{{\"energies\": {}1{}}}", open.repeat(100_000), close.repeat(100_000));
        let err = from_json_str::<Status>(&body).expect_err("too deep");
        assert!(err.to_string().contains("recursion limit"), "{err}");
        let shallow = format!("{{\"energies\": {}1{}}}", open.repeat(120), close.repeat(120));
        let status: Status = from_json_str(&shallow).expect("120 levels decode");
        assert_round_trip(&serde_json::from_str(&shallow).unwrap(), &status);
    }
}
