//! Unit-level tests of the hand-written runtime alone, without generated types: the forgiving
//! scalar types, arrays that keep their bad items, the all-or-raw rule of maps, JSON pointers and drift report text.

use std::collections::BTreeMap;
use std::time::Duration;

use client_runtime::{
    Decoded, Drift, DriftItem, DriftKind, DriftReport, Entries, Extra, Fit, IsoDuration, JsonPointer, Kept, Lenient,
    List, ListItem, OneOrMany, Timestamp, from_json_slice, from_json_str,
};
use serde_json::{Value, json};

/// Decodes one JSON text leniently, through the streaming deserializer as production does.
fn decode<T: Lenient>(text: &str) -> Decoded<T> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let decoded = T::decode(&mut deserializer).expect("the text is JSON");
    deserializer.end().expect("nothing after the value");
    decoded
}

/// Decodes one JSON value leniently through `&Value` (the path `oneOf` decoding takes).
fn decode_value<T: Lenient>(value: &Value) -> Decoded<T> {
    T::decode(value).expect("a Value never fails to deserialize")
}

/// Numbers compared by value: every number becomes an f64, so `77` equals `77.0`.
fn by_value(value: &Value) -> Value {
    match value {
        Value::Number(n) => json!(n.as_f64().expect("finite")),
        Value::Array(items) => Value::Array(items.iter().map(by_value).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), by_value(v))).collect()),
        other => other.clone(),
    }
}

fn drift_text(value: &impl Drift) -> String {
    value.drift().to_string()
}

// ----------------------------------------------------------------------------------------------
// Timestamp

/// Every form rule 6 names, and the forms that must stay raw. `Some(instant)` is the parsed
/// instant as jiff prints it (UTC); `None` means "kept raw, unparsed".
const TIMESTAMPS: &[(&str, Option<&str>)] = &[
    // RFC 3339 with Z, with and without fractions.
    ("2024-01-24T07:12:40Z", Some("2024-01-24T07:12:40Z")),
    ("2024-01-24T07:12:40.517Z", Some("2024-01-24T07:12:40.517Z")),
    ("2024-07-30T18:22:05.120Z", Some("2024-07-30T18:22:05.12Z")),
    ("2024-01-24T07:12:40.123456789Z", Some("2024-01-24T07:12:40.123456789Z")),
    // RFC 3339 with offsets: the instant is converted to UTC.
    ("2024-01-24T08:12:40+01:00", Some("2024-01-24T07:12:40Z")),
    ("2024-01-24T02:12:40.5-05:00", Some("2024-01-24T07:12:40.5Z")),
    ("2024-01-24T07:12:40+00:00", Some("2024-01-24T07:12:40Z")),
    // The vendor docs' offset without a colon.
    ("2017-08-10T13:46:39.652+0000", Some("2017-08-10T13:46:39.652Z")),
    ("2017-08-10T13:46:39+0000", Some("2017-08-10T13:46:39Z")),
    ("2017-08-10T15:16:39+0130", Some("2017-08-10T13:46:39Z")),
    ("2017-08-10T12:16:39.652-0130", Some("2017-08-10T13:46:39.652Z")),
    // Java's Date.toString() in UTC.
    ("Mon Jun 03 08:35:36 GMT 2019", Some("2019-06-03T08:35:36Z")),
    ("Thu Sep 24 16:16:20 GMT 2020", Some("2020-09-24T16:16:20Z")),
    ("Thu Sep 24 16:16:20 UTC 2020", Some("2020-09-24T16:16:20Z")),
    // Surrounding blanks are tolerated (and kept in the raw text).
    (" 2024-01-24T07:12:40Z ", Some("2024-01-24T07:12:40Z")),
    // Kept raw: a local zone abbreviation is ambiguous; no offset at all; a date only; an
    // impossible date; epoch seconds as text; garbage; empty text; a malformed colon-less offset.
    ("Thu Sep 24 16:16:20 CEST 2020", None),
    ("2024-01-24T07:12:40", None),
    ("2024-01-24", None),
    ("2024-02-30T07:12:40Z", None),
    ("1706080360", None),
    ("yesterday", None),
    ("", None),
    ("2017-08-10T13:46:39.652+00000", None),
    ("2017-08-10T13:46:39.652+00a0", None),
    ("Thu Sep 24 16:16:20 GMT", None),
    // A weekday that is not one, or that disagrees with the date.
    ("Xyz Sep 24 16:16:20 GMT 2020", None),
    ("Mon Sep 24 16:16:20 GMT 2020", None),
];

#[test]
fn timestamp_forms() {
    for &(raw, expected) in TIMESTAMPS {
        let ts = Timestamp::parse(raw);
        assert_eq!(ts.as_str(), raw, "the raw text is always kept");
        assert_eq!(ts.to_string(), raw, "Display writes the raw text");
        assert_eq!(ts.is_parsed(), expected.is_some(), "{raw:?}");
        assert_eq!(ts.get().map(|instant| instant.to_string()).as_deref(), expected, "{raw:?}");
    }
}

#[test]
fn timestamp_decodes_round_trips_and_reports_drift() {
    for &(raw, expected) in TIMESTAMPS {
        let text = serde_json::to_string(raw).unwrap();
        let ts: Timestamp = from_json_str(&text).expect("any string is a timestamp value");
        assert_eq!(serde_json::to_value(&ts).unwrap(), json!(raw), "serialised back unchanged");
        let drift = ts.drift();
        match expected {
            Some(_) => assert!(drift.is_empty(), "{raw:?}: {drift}"),
            None => assert_eq!(
                drift.items,
                vec![DriftItem { pointer: String::new(), kind: DriftKind::UnparsedTimestamp { raw: raw.to_owned() } }]
            ),
        }
    }
    assert_eq!(drift_text(&Timestamp::parse("soon")), "(root): unparsed timestamp \"soon\"\n");
}

#[test]
fn timestamp_equality_is_textual() {
    // Same instant, different texts: not equal, because serialising must give the text back.
    assert_ne!(Timestamp::parse("2024-01-24T07:12:40Z"), Timestamp::parse("2024-01-24T08:12:40+01:00"));
    assert_eq!(Timestamp::parse("2024-01-24T07:12:40Z"), Timestamp::parse("2024-01-24T07:12:40Z"));
    assert_eq!(
        Timestamp::parse("2024-01-24T07:12:40Z").get(),
        Timestamp::parse("2024-01-24T08:12:40+01:00").get(),
        "but the instants are"
    );
}

#[test]
fn timestamp_from_instant_writes_rfc3339() {
    let instant: jiff::Timestamp = "2024-01-24T07:12:40.517Z".parse().unwrap();
    let ts = Timestamp::from(instant);
    assert_eq!(ts.as_str(), "2024-01-24T07:12:40.517Z");
    assert_eq!(ts.get(), Some(instant));
}

#[test]
fn timestamp_of_the_wrong_json_type_is_a_mismatch_not_an_error() {
    assert_eq!(decode::<Timestamp>("1706080360"), Decoded::Mismatch(json!(1_706_080_360)));
    assert_eq!(decode::<Timestamp>("null"), Decoded::Null);
    assert_eq!(decode::<Timestamp>("{\"at\": 1}"), Decoded::Mismatch(json!({"at": 1})));
}

// ----------------------------------------------------------------------------------------------
// IsoDuration

/// ISO 8601 durations and their length; `None` = parsed but no fixed length (calendar units or
/// negative). The second column says whether the text parses at all.
const DURATIONS: &[(&str, bool, Option<Duration>)] = &[
    ("PT21H40M", true, Some(Duration::from_secs(21 * 3600 + 40 * 60))),
    ("PT0S", true, Some(Duration::ZERO)),
    ("PT04H30M", true, Some(Duration::from_secs(4 * 3600 + 30 * 60))),
    ("PT7H15M", true, Some(Duration::from_secs(7 * 3600 + 15 * 60))),
    ("PT1H5M", true, Some(Duration::from_secs(3900))),
    ("PT90S", true, Some(Duration::from_secs(90))),
    ("PT36H", true, Some(Duration::from_secs(36 * 3600))),
    ("PT1.5S", true, Some(Duration::from_millis(1500))),
    ("PT0.000000001S", true, Some(Duration::from_nanos(1))),
    ("P2D", true, Some(Duration::from_secs(2 * 86_400))),
    ("P1DT2H", true, Some(Duration::from_secs(86_400 + 7200))),
    // Calendar units have no fixed length; negative durations are no std::time::Duration.
    ("P1Y", true, None),
    ("P3Y6M4DT12H30M5S", true, None),
    ("P1W", true, None),
    ("-PT1H", true, None),
    // Not ISO 8601: kept raw.
    ("garbage", false, None),
    ("", false, None),
    ("P", false, None),
    ("PT", false, None),
    ("P1DT", false, None),
    ("1712", false, None),
    ("21:40", false, None),
    // jiff's "friendly" format is not ISO 8601 either.
    ("2h 30m", false, None),
    ("1 day", false, None),
    ("5s", false, None),
];

#[test]
fn iso_duration_forms_and_to_std() {
    for &(raw, parses, length) in DURATIONS {
        let duration = IsoDuration::parse(raw);
        assert_eq!(duration.as_str(), raw, "the raw text is always kept");
        assert_eq!(duration.to_string(), raw);
        assert_eq!(duration.span().is_some(), parses, "{raw:?}");
        assert_eq!(duration.to_std(), length, "{raw:?}");
        let drift = duration.drift();
        if parses {
            assert!(drift.is_empty(), "{raw:?}: {drift}");
        } else {
            assert_eq!(
                drift.items,
                vec![DriftItem { pointer: String::new(), kind: DriftKind::UnparsedDuration { raw: raw.to_owned() } }],
            );
        }
        let decoded: IsoDuration = from_json_str(&serde_json::to_string(raw).unwrap()).unwrap();
        assert_eq!(decoded, duration);
        assert_eq!(serde_json::to_value(&decoded).unwrap(), json!(raw), "serialised back unchanged");
    }
}

#[test]
fn iso_duration_from_std() {
    let whole = IsoDuration::from(Duration::from_secs(90));
    assert_eq!(whole.as_str(), "PT90S");
    assert_eq!(whole.to_std(), Some(Duration::from_secs(90)));
    let fraction = IsoDuration::from(Duration::from_millis(1500));
    assert_eq!(fraction.as_str(), "PT1.500000000S");
    assert_eq!(fraction.to_std(), Some(Duration::from_millis(1500)));
}

// ----------------------------------------------------------------------------------------------
// Scalars: numbers by value (rule 4), strict JSON types otherwise

#[test]
fn integers_are_read_by_value_and_range_checked() {
    assert_eq!(decode::<i64>("77"), Decoded::Value(77));
    assert_eq!(decode::<i64>("77.0"), Decoded::Value(77), "an integral float is an integer");
    assert_eq!(decode::<i64>("-3.0"), Decoded::Value(-3));
    assert_eq!(decode::<i64>("7.7e1"), Decoded::Value(77));
    assert_eq!(decode::<i64>("77.5"), Decoded::Mismatch(json!(77.5)));
    assert_eq!(decode::<i64>("18446744073709551615"), Decoded::Mismatch(json!(u64::MAX)), "beyond i64");
    assert_eq!(decode::<i64>("1e20"), Decoded::Mismatch(json!(1e20)), "beyond i64, written as a float");
    assert_eq!(decode::<i64>("9223372036854775807"), Decoded::Value(i64::MAX));

    assert_eq!(decode::<i32>("2147483647"), Decoded::Value(i32::MAX));
    assert_eq!(decode::<i32>("2147483648"), Decoded::Mismatch(json!(2_147_483_648_i64)), "beyond i32");
    assert_eq!(decode::<i32>("-2147483649"), Decoded::Mismatch(json!(-2_147_483_649_i64)));
    assert_eq!(decode::<i32>("2147483648.0"), Decoded::Mismatch(json!(2_147_483_648.0)));
    assert_eq!(decode::<i32>("77.0"), Decoded::Value(77));

    assert_eq!(decode::<i64>("\"77\""), Decoded::Mismatch(json!("77")), "a number as text is not a number");
    assert_eq!(decode::<i64>("true"), Decoded::Mismatch(json!(true)));
    assert_eq!(decode::<i64>("null"), Decoded::Null);
}

#[test]
fn integers_no_field_can_hold_are_kept_exactly() {
    assert_eq!(decode::<u64>("18446744073709551615"), Decoded::Value(u64::MAX));
    assert_eq!(decode::<u64>("0"), Decoded::Value(0));
    assert_eq!(decode::<u64>("42.0"), Decoded::Value(42));
    assert_eq!(decode::<u64>("-1"), Decoded::Mismatch(json!(-1)));
    assert_eq!(decode::<i64>("18446744073709551615"), Decoded::Mismatch(json!(u64::MAX)));
    assert_eq!(decode::<i64>("9223372036854775808"), Decoded::Mismatch(json!(9_223_372_036_854_775_808_u64)));
    assert_eq!(decode::<i64>("-9223372036854775808"), Decoded::Value(i64::MIN));
    assert_eq!(decode::<i32>("-2147483649"), Decoded::Mismatch(json!(-2_147_483_649_i64)));
    assert_eq!(u64::fit(&json!(u64::MAX)), Fit::Fully);
    assert_eq!(u64::fit(&json!(-1)), Fit::No);
    assert_eq!(i64::fit(&json!(u64::MAX)), Fit::No);
    // Kept raw, the exact integer goes back out.
    let Decoded::Mismatch(raw) = decode::<i64>("18446744073709551615") else { panic!("beyond i64") };
    assert_eq!(serde_json::to_string(&raw).unwrap(), "18446744073709551615");
}

#[test]
fn numbers_accept_integers() {
    assert_eq!(decode::<f64>("77"), Decoded::Value(77.0));
    assert_eq!(decode::<f64>("77.0"), Decoded::Value(77.0));
    assert_eq!(decode::<f64>("-1"), Decoded::Value(-1.0));
    assert_eq!(decode::<f64>("9007199254740992"), Decoded::Value(9_007_199_254_740_992.0), "2^53 is exact");
    assert_eq!(decode::<f64>("18446744073709551615"), Decoded::Mismatch(json!(u64::MAX)), "no f64 holds it");
    assert_eq!(decode::<f64>("9007199254740993"), Decoded::Mismatch(json!(9_007_199_254_740_993_u64)), "2^53 + 1");
    assert_eq!(decode::<f64>("\"19.5\""), Decoded::Mismatch(json!("19.5")));
    assert_eq!(decode::<f64>("[1]"), Decoded::Mismatch(json!([1])));
}

#[test]
fn strings_booleans_and_free_form() {
    assert_eq!(decode::<String>("\"Locked\""), Decoded::Value("Locked".to_owned()));
    assert_eq!(decode::<String>("\"esc\\\"aped\""), Decoded::Value("esc\"aped".to_owned()));
    assert_eq!(decode::<String>("5"), Decoded::Mismatch(json!(5)));
    assert_eq!(decode::<bool>("false"), Decoded::Value(false));
    assert_eq!(decode::<bool>("\"true\""), Decoded::Mismatch(json!("true")));
    assert_eq!(decode::<bool>("0"), Decoded::Mismatch(json!(0)));
    assert_eq!(decode::<Value>("{\"a\": [1, null]}"), Decoded::Value(json!({"a": [1, null]})));
    assert_eq!(decode::<Value>("null"), Decoded::Null, "null is absence even for free-form JSON");
    assert_eq!(decode::<serde_json::Map<String, Value>>("[1]"), Decoded::Mismatch(json!([1])));
    assert_eq!(decode::<Option<f64>>("null"), Decoded::Value(None), "a nullable item takes null as a value");
    assert_eq!(decode::<Option<f64>>("\"x\""), Decoded::Mismatch(json!("x")));
    assert_eq!(decode::<Box<i64>>("4.0"), Decoded::Value(Box::new(4)));
}

#[test]
fn streaming_and_value_deserializers_agree() {
    for text in ["77.0", "77.5", "\"x\"", "[1, 2.0, \"three\"]", "{\"a\": 1}", "null", "true"] {
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(decode::<i64>(text), decode_value::<i64>(&value), "{text}");
        assert_eq!(decode::<List<i64>>(text), decode_value::<List<i64>>(&value), "{text}");
        assert_eq!(decode::<String>(text), decode_value::<String>(&value), "{text}");
    }
}

// ----------------------------------------------------------------------------------------------
// Arrays: a bad item costs that item only; maps: all or raw

fn list<T>(decoded: Decoded<List<T>>) -> List<T> {
    let Decoded::Value(list) = decoded else { panic!("an array or a single item decodes") };
    list
}

fn round_trip<T: serde::Serialize>(value: &T, text: &str) {
    let back = serde_json::to_value(value).unwrap();
    assert_eq!(by_value(&back), by_value(&serde_json::from_str(text).unwrap()), "{text}");
}

#[test]
fn list_decodes_item_by_item() {
    assert_eq!(*list(decode::<List<i64>>("[1, 2.0, 3]")), [1, 2, 3]);
    assert!(list(decode::<List<i64>>("[]")).is_empty());
    let nullable = list(decode::<List<Option<f64>>>("[2.29, 48.85, null]"));
    assert_eq!(*nullable, [Some(2.29), Some(48.85), None], "a nullable item takes null as a value");
    assert!(nullable.is_whole());
}

#[test]
fn a_bad_item_costs_that_item_only() {
    let text = r#"[1, 2.0, "three", 4, {"five": 5}, null, 18446744073709551615]"#;
    let items = list(decode::<List<i64>>(text));
    assert_eq!(*items, [1, 2, 4], "the good items, typed and in order");
    let misfits: Vec<(usize, Value)> = items.misfits().map(|(index, raw)| (index, raw.clone())).collect();
    assert_eq!(
        misfits,
        [(2, json!("three")), (4, json!({"five": 5})), (5, Value::Null), (6, json!(u64::MAX))],
        "the bad ones raw, at their index"
    );
    assert_eq!(items.len_all(), 7);
    let sent: Vec<String> = items
        .all()
        .map(|item| match item {
            ListItem::Typed(n) => n.to_string(),
            ListItem::Raw(raw) => format!("raw {raw}"),
        })
        .collect();
    assert_eq!(sent, ["1", "2", "raw \"three\"", "4", "raw {\"five\":5}", "raw null", "raw 18446744073709551615"]);
    round_trip(&items, text);
    assert_eq!(
        drift_text(&items),
        "/2: expected an integer, found a string\n/4: expected an integer, found an object\n\
         /5: expected an integer, found null\n/6: expected an integer, found an integer beyond i64\n"
    );
    for text in [r#"[1, "a", "b"]"#, r#"["a", "b", 1]"#, "[null]", "[null, null, 1]"] {
        round_trip(&list(decode::<List<String>>(text)), text);
    }
}

#[test]
fn nested_lists_keep_bad_items_at_their_depth() {
    let text = "[[1, 2], [3, 4.5], [6], 7]";
    let outer = list(decode::<List<List<i64>>>(text));
    assert_eq!(outer.len(), 4, "7 is a one-item inner list");
    assert_eq!(*outer[1], [3]);
    round_trip(&outer, text);
    assert_eq!(
        drift_text(&outer),
        "/1/1: expected an integer, found a decimal number\n/3: expected an array, found a single value\n"
    );
}

#[test]
fn a_single_value_is_a_one_item_list_written_back_alone() {
    let single = list(decode::<List<i64>>("7.0"));
    assert_eq!((&*single, single.came_single()), (&[7][..], true));
    assert_eq!(serde_json::to_value(&single).unwrap(), json!(7));
    assert_eq!(drift_text(&single), "(root): expected an array, found a single value\n");
    let durations = list(decode::<List<IsoDuration>>("\"soon\""));
    assert_eq!(
        drift_text(&durations),
        "(root): expected an array, found a single value\n(root): unparsed duration \"soon\"\n"
    );
    assert_eq!(decode::<List<i64>>("\"x\""), Decoded::Mismatch(json!("x")), "a value no item takes is a mismatch");
    assert_eq!(decode::<List<i64>>("{\"0\": 1}"), Decoded::Mismatch(json!({"0": 1})));
    assert_eq!(decode::<List<i64>>("null"), Decoded::Null);
    let whole: List<i64> = vec![7].into();
    assert_eq!(serde_json::to_value(&whole).unwrap(), json!([7]), "an array of one stays an array");
}

#[test]
fn list_fit_ranks_arrays_with_holes_below_whole_ones() {
    assert_eq!(List::<i64>::fit(&json!([1, 2])), Fit::Fully);
    assert_eq!(List::<i64>::fit(&json!([1, "x", 2])), Fit::Partly(2));
    assert_eq!(List::<i64>::fit(&json!(3)), Fit::Partly(0));
    assert_eq!(List::<i64>::fit(&json!("x")), Fit::No);
}

#[test]
fn list_round_trips_when_it_fits() {
    let text = "[2.2943506, 48.8583701, 41]";
    let items = list(decode::<List<f64>>(text));
    assert_eq!(*items, [2.294_350_6, 48.858_370_1, 41.0]);
    round_trip(&items, text);
}

fn entries<T>(decoded: Decoded<Entries<T>>) -> Entries<T> {
    let Decoded::Value(entries) = decoded else { panic!("an object decodes") };
    entries
}

#[test]
fn map_decodes_value_by_value() {
    let map = entries(decode::<Entries<i64>>(r#"{"b": 2, "a": 1.0}"#));
    assert_eq!(*map, BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)]));
    assert!(map.is_whole());
    assert_eq!(serde_json::to_value(&map).unwrap(), json!({"a": 1, "b": 2}));
}

#[test]
fn a_bad_map_value_costs_that_entry_only() {
    let text = r#"{"a": 1, "b": 2.0, "c": "three", "d": 4, "e": [5], "f": null}"#;
    let map = entries(decode::<Entries<i64>>(text));
    assert_eq!(*map, BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2), ("d".to_owned(), 4)]));
    assert_eq!(map.misfits().collect::<Vec<_>>(), [("c", &json!("three")), ("e", &json!([5])), ("f", &Value::Null)]);
    round_trip(&map, text);
    assert_eq!(
        drift_text(&map),
        "/c: expected an integer, found a string\n/e: expected an integer, found an array\n\
         /f: expected an integer, found null\n"
    );
    assert_eq!(decode::<Entries<i64>>("[1]"), Decoded::Mismatch(json!([1])));
}

#[test]
fn a_key_sent_twice_in_a_map_keeps_its_last_value() {
    for (text, typed, raw) in [
        (r#"{"k": 1, "k": 2}"#, Some(2), None),
        (r#"{"k": 1, "k": "x"}"#, None, Some(json!("x"))),
        (r#"{"k": "x", "k": 3}"#, Some(3), None),
    ] {
        let map = entries(decode::<Entries<i64>>(text));
        assert_eq!(map.get("k").copied(), typed, "{text}");
        assert_eq!(map.misfits().next().map(|(_, v)| v.clone()), raw, "{text}");
        assert!(drift_text(&map).ends_with("/k: duplicate key, the last value is used\n"), "{text}");
        let expected: Value = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_value(&map).unwrap(), expected, "the last one round-trips, as serde_json keeps it");
    }
}

#[test]
fn drift_of_containers_uses_indices_and_escaped_keys() {
    let stamps = vec![Timestamp::parse("2024-01-24T07:12:40Z"), Timestamp::parse("later")];
    assert_eq!(drift_text(&stamps), "/1: unparsed timestamp \"later\"\n");
    let map = BTreeMap::from([
        ("a/b".to_owned(), IsoDuration::parse("soon")),
        ("ok".to_owned(), IsoDuration::parse("PT1H")),
        ("m~n".to_owned(), IsoDuration::parse("never")),
    ]);
    assert_eq!(drift_text(&map), "/a~1b: unparsed duration \"soon\"\n/m~0n: unparsed duration \"never\"\n");
    let nested = Some(List::from(vec![List::from(vec![IsoDuration::parse("PT1H"), IsoDuration::parse("x")])]));
    assert_eq!(drift_text(&nested), "/0/1: unparsed duration \"x\"\n");
    assert!(drift_text(&OneOrMany::One(Box::new(IsoDuration::parse("PT1H")))).is_empty());
    assert_eq!(drift_text(&OneOrMany::Many(vec![IsoDuration::parse("y")].into())), "/0: unparsed duration \"y\"\n");
}

// ----------------------------------------------------------------------------------------------
// OneOrMany (decoding needs an object type and is tested with generated types; the rest here)

#[test]
fn one_or_many_accessors_and_serialisation() {
    let one = OneOrMany::One(Box::new(7));
    let many = OneOrMany::Many(vec![1, 2, 3].into());
    let none: OneOrMany<i32> = OneOrMany::Many(List::new());
    assert_eq!((one.len(), one.first(), one.is_empty()), (1, Some(&7), false));
    assert_eq!((many.len(), many.first(), many.is_empty()), (3, Some(&1), false));
    assert_eq!((none.len(), none.first(), none.is_empty()), (0, None, true));
    assert_eq!(many.iter().copied().collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!((&one).into_iter().copied().collect::<Vec<_>>(), vec![7]);
    assert_eq!(serde_json::to_value(&one).unwrap(), json!(7), "One serialises as the bare value");
    assert_eq!(serde_json::to_value(&many).unwrap(), json!([1, 2, 3]));
    assert_eq!(
        serde_json::to_value(OneOrMany::Many(vec![7].into())).unwrap(),
        json!([7]),
        "an array of one stays an array"
    );
}

// ----------------------------------------------------------------------------------------------
// JsonPointer

#[test]
fn json_pointer_escapes_tilde_and_slash() {
    let mut at = JsonPointer::root();
    assert_eq!(at.as_str(), "");
    at.push("_links");
    at.push("a/b");
    assert_eq!(at.as_str(), "/_links/a~1b");
    at.pop();
    at.push("m~n");
    assert_eq!(at.as_str(), "/_links/m~0n");
    at.pop();
    // RFC 6901: "~" is escaped before "/", so a literal "~1" becomes "~01", not "~1" or "~~1".
    at.push("~1");
    assert_eq!(at.as_str(), "/_links/~01");
    at.pop();
    at.push("/");
    at.push_index(12);
    at.push("");
    assert_eq!(at.as_str(), "/_links/~1/12/");
    at.pop();
    at.pop();
    at.pop();
    at.push("timed.odometer");
    assert_eq!(at.as_str(), "/_links/timed.odometer", "dots are not separators");
    at.pop();
    at.pop();
    assert_eq!(at.as_str(), "");
    at.pop();
    assert_eq!(at.as_str(), "", "popping the root is harmless");
    at.push("é/ü");
    assert_eq!(at.as_str(), "/é~1ü");
}

// ----------------------------------------------------------------------------------------------
// DriftReport

#[test]
fn drift_report_display_format() {
    let mut at = JsonPointer::root();
    at.push("energies");
    at.push_index(1);
    let item = |kind| DriftItem::new(&at, kind);
    let report = DriftReport {
        items: vec![
            item(DriftKind::UnknownField { found: "an object" }),
            item(DriftKind::WrongType { expected: "an integer", found: "a string" }),
            item(DriftKind::UnknownEnumValue { value: "Level6".to_owned() }),
            item(DriftKind::UnparsedTimestamp { raw: "Thu Sep 24 16:16:20 CEST 2020".to_owned() }),
            item(DriftKind::UnparsedDuration { raw: "21:40".to_owned() }),
            item(DriftKind::NoVariantMatched),
            item(DriftKind::ShadowedAlias { field: "preconditioning" }),
            DriftItem::new(&JsonPointer::root(), DriftKind::UnknownEnumValue { value: "quote\"d".to_owned() }),
        ],
    };
    assert_eq!(report.len(), 8);
    assert!(!report.is_empty());
    assert_eq!(
        report.to_string(),
        "/energies/1: unknown field (an object)\n\
         /energies/1: expected an integer, found a string\n\
         /energies/1: unknown enum value \"Level6\"\n\
         /energies/1: unparsed timestamp \"Thu Sep 24 16:16:20 CEST 2020\"\n\
         /energies/1: unparsed duration \"21:40\"\n\
         /energies/1: no variant matched\n\
         /energies/1: alternate name of \"preconditioning\", which is also present\n\
         (root): unknown enum value \"quote\\\"d\"\n"
    );
    let empty = DriftReport::default();
    assert!(empty.is_empty());
    assert_eq!(empty.len(), 0);
    assert_eq!(empty.to_string(), "");
}

// ----------------------------------------------------------------------------------------------
// Extra

#[test]
fn extra_keeps_inserted_entries_in_key_order() {
    let mut extra = Extra::new();
    assert!(extra.is_empty());
    extra.insert("zeta", json!(1.5));
    extra.insert("alpha", json!({"nested": [true]}));
    assert_eq!(extra.len(), 2);
    assert_eq!(extra.get("alpha"), Some(&json!({"nested": [true]})));
    assert_eq!(extra.reason("zeta"), Some(Kept::Unknown));
    assert_eq!(extra.get("missing"), None);
    assert_eq!(extra.reason("missing"), None);
    assert_eq!(extra.iter().map(|(key, _, _)| key).collect::<Vec<_>>(), vec!["alpha", "zeta"]);
    assert_eq!(extra.wire_name("odometer"), "odometer", "no alias used");

    let mut items = Vec::new();
    let mut at = JsonPointer::root();
    at.push("status");
    extra.drift_into(&mut at, &mut items);
    assert_eq!(at.as_str(), "/status", "the pointer is restored");
    assert_eq!(
        DriftReport { items }.to_string(),
        "/status/alpha: unknown field (an object)\n/status/zeta: unknown field (a decimal number)\n"
    );

    assert_eq!(extra.remove("zeta"), Some(json!(1.5)));
    assert_eq!(extra.remove("zeta"), None);
    assert_eq!(extra.len(), 1);
}

// ----------------------------------------------------------------------------------------------
// Top-level decoding (rule 11)

#[test]
fn top_level_errors_are_errors_not_panics() {
    // Not JSON at all.
    assert!(from_json_slice::<i64>(b"<!DOCTYPE html><html></html>").is_err());
    assert!(from_json_slice::<List<i64>>(b"").is_err());
    assert!(from_json_slice::<List<i64>>(b"[1, 2").is_err(), "truncated");
    assert!(from_json_slice::<List<i64>>(b"[1, 2] trailing").is_err(), "trailing garbage");
    assert!(from_json_slice::<String>(&[0xff, 0xfe, b'"']).is_err(), "not UTF-8");
    // JSON, but not the expected top-level shape: no enclosing object can keep it.
    let err = from_json_slice::<List<i64>>(br#"{"a": 1}"#).unwrap_err();
    assert!(err.to_string().contains("an array"), "{err}");
    assert!(from_json_slice::<List<i64>>(b"null").is_err(), "null is no document");
    assert!(from_json_str::<Timestamp>("17").is_err());
    // The happy path, for contrast.
    assert_eq!(*from_json_slice::<List<i64>>(b" [1, 2.0] ").unwrap(), [1, 2]);
    assert_eq!(from_json_str::<Value>(r#"{"a": 1}"#).unwrap(), json!({"a": 1}));
}

#[test]
fn decoded_into_raw() {
    assert_eq!(Decoded::Value(vec![1, 2]).into_raw(), json!([1, 2]));
    assert_eq!(Decoded::<i64>::Null.into_raw(), Value::Null);
    assert_eq!(Decoded::<i64>::Mismatch(json!("x")).into_raw(), json!("x"));
}

// ----------------------------------------------------------------------------------------------
// Open enums and oneOf helpers

#[derive(Debug, PartialEq)]
enum Lock {
    Locked,
    Other(client_runtime::UnknownValue),
}

impl serde::Serialize for Lock {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Lock::Locked => serializer.serialize_str("Locked"),
            Lock::Other(value) => serializer.serialize_str(value.as_str()),
        }
    }
}

impl Lenient for Lock {
    const EXPECTING: &'static str = "a string (Lock)";
    const KINDS: client_runtime::JsonKinds = client_runtime::JsonKinds::STRING;
    fn decode<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        client_runtime::enums::decode(
            deserializer,
            Self::EXPECTING,
            |text| (text == "Locked").then_some(Lock::Locked),
            Lock::Other,
        )
    }
}

#[test]
fn open_enum_helpers() {
    assert_eq!(decode::<Lock>("\"Locked\""), Decoded::Value(Lock::Locked));
    let Decoded::Value(Lock::Other(unknown)) = decode::<Lock>("\"SuperLocked\"") else { panic!("catch-all") };
    assert_eq!(unknown.as_str(), "SuperLocked");
    assert_eq!(unknown.to_string(), "SuperLocked");
    assert_eq!(unknown, client_runtime::enums::unlisted("SuperLocked"));
    assert_eq!(decode::<Lock>("1"), Decoded::Mismatch(json!(1)), "not a string: a mismatch, not a catch-all");

    let mut out = Vec::new();
    client_runtime::enums::drift(Some(&unknown), &JsonPointer::root(), &mut out);
    client_runtime::enums::drift(None, &JsonPointer::root(), &mut out);
    assert_eq!(DriftReport { items: out }.to_string(), "(root): unknown enum value \"SuperLocked\"\n");
}

#[test]
fn fit_judges_by_a_shallow_look() {
    use client_runtime::{Fit, Lenient};
    assert_eq!(i64::fit(&json!(40400)), Fit::Fully);
    assert_eq!(i64::fit(&json!(40400.0)), Fit::Fully, "integers are read by value");
    assert_eq!(i64::fit(&json!(40400.5)), Fit::No);
    assert_eq!(i64::fit(&json!("50000")), Fit::No);
    assert_eq!(i32::fit(&json!(4_000_000_000_u64)), Fit::No, "out of range");
    assert_eq!(String::fit(&json!("50000")), Fit::Fully);
    assert_eq!(IsoDuration::fit(&json!("PT1H")), Fit::Fully);
    assert_eq!(IsoDuration::fit(&json!("1h")), Fit::No, "not ISO 8601");
    assert_eq!(Timestamp::fit(&json!("PT1H")), Fit::No);
    assert_eq!(Timestamp::fit(&json!("Mon Jun 03 08:35:36 GMT 2019")), Fit::Fully);
    assert_eq!(i64::fit(&Value::Null), Fit::No);
    assert_eq!(Option::<i64>::fit(&Value::Null), Fit::Fully);

    use client_runtime::JsonKinds;
    let fields = [("a", JsonKinds::STRING), ("b", JsonKinds::OBJECT)];
    assert_eq!(client_runtime::object::fit(&json!({"a": "x", "b": {}}), &fields), Fit::Fully);
    assert_eq!(client_runtime::object::fit(&json!({"a": null}), &fields), Fit::Fully, "null fits any field");
    assert_eq!(client_runtime::object::fit(&json!({"a": "x", "c": 1}), &fields), Fit::Partly(1));
    assert_eq!(client_runtime::object::fit(&json!({"a": 1}), &fields), Fit::No, "a known key of the wrong kind");
    assert_eq!(client_runtime::object::fit(&json!({"c": 1}), &fields), Fit::No, "no known key at all");
    assert_eq!(client_runtime::object::fit(&json!({}), &fields), Fit::Fully);
    assert_eq!(client_runtime::object::fit(&json!([]), &fields), Fit::No);

    use client_runtime::one_of::choose;
    assert_eq!(choose(&[Fit::No, Fit::Fully, Fit::Fully]), Some(1), "the first full fit");
    assert_eq!(choose(&[Fit::Partly(1), Fit::Partly(3), Fit::Partly(3)]), Some(1), "else the most known keys");
    assert_eq!(choose(&[Fit::No, Fit::No]), None);
}
