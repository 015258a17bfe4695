//! Properties the decoders, the text parsers and the generator keep for every input, and the mutations that look for inputs breaking them.
//!
//! Shared, by `#[path]`, between the fuzz targets under `fuzz/` (coverage-guided search) and the
//! workspace tests that replay what they found and run seeded mutations in `cargo test`: one
//! definition of "correct", and one reading of a fuzz input (the `fuzz_*` functions are the
//! targets' whole bodies), so a crash the fuzzer finds fails the same check in `cargo test`.
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;

use client_runtime::http::{Method, Request, Url, expand_template};
use client_runtime::{Drift, IsoDuration, Lenient, Timestamp, drift_of, from_json_slice};
use generated_client::{Message, Position, Status, Trips, Vehicle};
use serde_json::{Map, Value};

/// Decodes `bytes` as each fuzzed type: never a panic; when it decodes, the drift report can be
/// computed and equals `drift_of`, and encoding gives back the JSON the bytes hold (rule 9).
pub fn decoders_hold(bytes: &[u8]) {
    // Bytes that are not JSON, or JSON of the wrong top-level shape, are errors: that is allowed.
    let _ = round_trips::<Status>(bytes);
    let _ = round_trips::<Vehicle>(bytes);
    let _ = round_trips::<Trips>(bytes);
    let _ = round_trips::<Position>(bytes);
    let _ = round_trips::<Message>(bytes);
    let _ = round_trips::<client_runtime::List<Message>>(bytes);
}

/// Decodes `bytes` as `T` and checks the value's drift report and round trip (panics when they
/// fail).
///
/// # Errors
/// When the bytes do not decode as `T` (not JSON, or the wrong top-level shape).
pub fn round_trips<T: Lenient + Drift>(bytes: &[u8]) -> serde_json::Result<()> {
    let decoded = from_json_slice::<T>(bytes)?;
    let report = decoded.drift();
    assert_eq!(drift_of::<T>(bytes).ok(), Some(report), "drift_of agrees with the decoded value's drift");
    let original: Value = serde_json::from_slice(bytes).expect("what decodes is JSON");
    let encoded = serde_json::to_value(&decoded).expect("a decoded value encodes");
    assert!(same_json(&original, &encoded), "round trip changed the value:\n  in:  {original}\n  out: {encoded}");
    Ok(())
}

/// JSON equality with numbers compared by value (rule 9): `77` equals `77.0`, and integers are
/// compared exactly, so a `u64` beyond `f64`'s precision must come back unchanged.
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
            (Some(x), Some(y), _, _) => x == y,
            (_, _, Some(x), Some(y)) => x == y,
            _ if x.is_f64() || y.is_f64() => x.as_f64() == y.as_f64(),
            _ => false,
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(key, x)| y.get(key).is_some_and(|y| same_json(x, y)))
        }
        _ => a == b,
    }
}

/// The forgiving text parsers never panic and always keep the raw text.
pub fn text_parsers_hold(text: &str) {
    let stamp = Timestamp::parse(text);
    assert_eq!(stamp.as_str(), text);
    let _ = stamp.get();
    let duration = IsoDuration::parse(text);
    assert_eq!(duration.as_str(), text);
    let _ = (duration.span(), duration.to_std());
}

/// A HAL template expands without panicking, whatever the template and values.
pub fn template_expansion_holds(template: &str, value: &str) {
    let _ = expand_template(template, &[("id", value), ("page", value), ("", value)]);
}

/// A path value is encoded as exactly one segment that decodes back to the value, or refused.
pub fn path_encoding_holds(value: &str) {
    let base = Url::parse("https://api.example.invalid/connectedcar/v4").expect("a valid base");
    let request = Request::new(Method::GET, "/user/vehicles/{id}/status").path("id", value);
    let Ok(url) = request.url(&base, "app") else {
        assert!(matches!(value, "" | "." | ".."), "only dot segments and empty values are refused: {value:?}");
        return;
    };
    let segments: Vec<&str> = url.path_segments().map(Iterator::collect).unwrap_or_default();
    assert_eq!(segments.len(), 6, "{value:?} became {url}");
    assert_eq!(segments[..4], ["connectedcar", "v4", "user", "vehicles"], "{url}");
    assert_eq!(segments[5], "status", "{url}");
    let decoded = percent_decode(segments[4]);
    assert_eq!(decoded.as_deref(), Some(value), "{url}");
    assert_eq!(url.host_str(), Some("api.example.invalid"), "{url}");
}

fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            out.push(first);
            rest = tail;
        }
    }
    String::from_utf8(out).ok()
}

/// The generator never panics, whatever the schema files hold; errors are diagnostics, and
/// render. Returns what it generated, if it could.
pub fn generator_holds(files: &BTreeMap<String, String>, entry: &str) -> Option<codegen::Output> {
    let input = codegen::Input { files: vec![entry.to_owned()], command: "fuzz".to_owned() };
    match codegen::generate(files, &input) {
        Ok(output) => Some(output),
        Err(failure) => {
            let _ = failure.render();
            None
        }
    }
}

/// A source of choices: a number below `n` (`n > 0`). The fuzzer draws them from its bytes,
/// seeded tests from a PRNG.
pub type Choose<'a> = &'a mut dyn FnMut(usize) -> usize;

/// Values that drift produces or that break naive decoders.
fn hostile_value(choose: Choose<'_>) -> Value {
    match choose(12) {
        0 => Value::Null,
        1 => Value::Bool(choose(2) == 0),
        2 => Value::from(u64::MAX),
        3 => Value::from(i64::MIN),
        4 => Value::from(9_007_199_254_740_993_u64),
        5 => Value::from(-0.0),
        6 => Value::from(1e308),
        7 => Value::String(String::new()),
        8 => Value::String("\u{0}\u{feff}é\u{1F697}\"\\/".repeat(1 + choose(4))),
        9 => Value::Array(Vec::new()),
        10 => Value::Object(Map::new()),
        _ => Value::String("2024-01-24T07:12:40.517+0000".to_owned()),
    }
}

/// Changes one place of `value`: a value swapped for another JSON type, a key dropped or added,
/// a null or a stray item put into an array, an array replaced by its first item, deep nesting,
/// extreme numbers and strings. The top-level value stays an object, as documents are.
pub fn mutate_json(value: &mut Value, choose: Choose<'_>) {
    let mut places = Vec::new();
    collect_places(value, &mut Vec::new(), &mut places);
    let Some(place) = places.get(choose(places.len().max(1))).cloned() else { return };
    let Some(target) = value.pointer_mut(&place) else { return };
    let at_root = place.is_empty();
    match (choose(8), target) {
        (0, Value::Object(map)) if !map.is_empty() => {
            let key = map.keys().nth(choose(map.len())).cloned().unwrap_or_default();
            map.remove(&key);
        }
        (1, Value::Object(map)) => {
            map.insert(format!("added{}", choose(1000)), hostile_value(choose));
        }
        (2, Value::Array(items)) => {
            let index = choose(items.len() + 1);
            items.insert(index, if choose(2) == 0 { Value::Null } else { hostile_value(choose) });
        }
        (3, target @ Value::Array(_)) if !at_root => {
            let first = target.as_array().and_then(|items| items.first()).cloned().unwrap_or(Value::Null);
            *target = first;
        }
        (4, target) if !at_root => {
            let mut nested = target.take();
            for _ in 0..1 + choose(40) {
                nested = if choose(2) == 0 {
                    Value::Array(vec![nested])
                } else {
                    Value::Object(Map::from_iter([("n".to_owned(), nested)]))
                };
            }
            *target = nested;
        }
        (5, Value::Object(map)) if !map.is_empty() => {
            let key = map.keys().nth(choose(map.len())).cloned().unwrap_or_default();
            map.insert(key, hostile_value(choose));
        }
        (_, target) if !at_root => *target = hostile_value(choose),
        _ => {}
    }
}

fn collect_places(value: &Value, at: &mut Vec<String>, out: &mut Vec<String>) {
    out.push(at.iter().map(|segment| format!("/{}", segment.replace('~', "~0").replace('/', "~1"))).collect());
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                at.push(index.to_string());
                collect_places(item, at, out);
                at.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                at.push(key.clone());
                collect_places(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Changes one place of a schema tree, in the ways schemas go wrong: a key dropped, a value of
/// another type, a `$ref` to somewhere else or nowhere, a type or format changed, a cycle.
pub fn mutate_schema(schema: &mut serde_yaml::Value, choose: Choose<'_>) {
    use serde_yaml::Value as Yaml;
    let mut places = Vec::new();
    collect_yaml_places(schema, &mut Vec::new(), &mut places);
    let Some(path) = places.get(choose(places.len().max(1))).cloned() else { return };
    let Some(target) = yaml_at(schema, &path) else { return };
    const KEYS: &[&str] = &[
        "type",
        "format",
        "$ref",
        "items",
        "properties",
        "oneOf",
        "allOf",
        "anyOf",
        "enum",
        "nullable",
        "additionalProperties",
        "x-aliases",
        "required",
        "discriminator",
    ];
    const TEXTS: &[&str] = &[
        "object",
        "array",
        "string",
        "integer",
        "number",
        "boolean",
        "null",
        "uint64",
        "date-time",
        "duration",
        "#/components/schemas/Status",
        "#/components/schemas",
        "#/",
        "missing.yaml#/x",
        "",
        "~1",
        "Ünïcödé",
        "self",
        "type",
    ];
    let text = |choose: Choose<'_>| Yaml::String(TEXTS[choose(TEXTS.len())].to_owned());
    match (choose(6), target) {
        (0, Yaml::Mapping(map)) if !map.is_empty() => {
            let key = map.keys().nth(choose(map.len())).cloned();
            if let Some(key) = key {
                map.remove(&key);
            }
        }
        (1, Yaml::Mapping(map)) => {
            let key = Yaml::String(KEYS[choose(KEYS.len())].to_owned());
            let value = match choose(4) {
                0 => text(choose),
                1 => Yaml::Sequence(vec![text(choose)]),
                2 => Yaml::Mapping(serde_yaml::Mapping::from_iter([(Yaml::String("$ref".to_owned()), text(choose))])),
                _ => Yaml::Bool(true),
            };
            map.insert(key, value);
        }
        (2, Yaml::Sequence(items)) => {
            let copy = items.first().cloned().unwrap_or(Yaml::Null);
            items.push(copy);
        }
        (3, target) => *target = text(choose),
        (4, target) => *target = Yaml::Null,
        (_, target) => {
            let inner = target.clone();
            *target = Yaml::Sequence(vec![inner]);
        }
    }
}

fn collect_yaml_places(
    value: &serde_yaml::Value,
    at: &mut Vec<serde_yaml::Value>,
    out: &mut Vec<Vec<serde_yaml::Value>>,
) {
    out.push(at.clone());
    match value {
        serde_yaml::Value::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                at.push(serde_yaml::Value::Number(serde_yaml::Number::from(index as u64)));
                collect_yaml_places(item, at, out);
                at.pop();
            }
        }
        serde_yaml::Value::Mapping(map) => {
            for (key, item) in map {
                at.push(key.clone());
                collect_yaml_places(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn yaml_at<'a>(value: &'a mut serde_yaml::Value, path: &[serde_yaml::Value]) -> Option<&'a mut serde_yaml::Value> {
    let Some((first, rest)) = path.split_first() else { return Some(value) };
    let next = match value {
        serde_yaml::Value::Sequence(items) => items.get_mut(usize::try_from(first.as_u64()?).ok()?)?,
        serde_yaml::Value::Mapping(map) => map.get_mut(first)?,
        _ => return None,
    };
    yaml_at(next, rest)
}

/// The project's JSON samples (copies of ours, never the vendor's): seeds of structure-aware inputs.
pub const SAMPLES: &[&str] = &[
    include_str!("../fixtures/samples/alerts.json"),
    include_str!("../fixtures/samples/callback-message.json"),
    include_str!("../fixtures/samples/last-position-2d.json"),
    include_str!("../fixtures/samples/last-position.json"),
    include_str!("../fixtures/samples/maintenance.json"),
    include_str!("../fixtures/samples/monitor-created.json"),
    include_str!("../fixtures/samples/status-2020.json"),
    include_str!("../fixtures/samples/status-2023.json"),
    include_str!("../fixtures/samples/status-2024.json"),
    include_str!("../fixtures/samples/telemetry.json"),
    include_str!("../fixtures/samples/trip.json"),
    include_str!("../fixtures/samples/trips-page-1.json"),
    include_str!("../fixtures/samples/user.json"),
    include_str!("../fixtures/samples/vehicle.json"),
    include_str!("../fixtures/samples/vehicles.json"),
];

macro_rules! schema_files {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../../schema/", $name)))),+]
    };
}

/// The project's schema files, by name.
pub const SCHEMAS: &[(&str, &str)] = schema_files![
    "alarms.yaml",
    "alerts.yaml",
    "callbacks.yaml",
    "collisions.yaml",
    "common.yaml",
    "energy.yaml",
    "errors.yaml",
    "maintenance.yaml",
    "monitors.yaml",
    "openapi.yaml",
    "position.yaml",
    "remotes.yaml",
    "status.yaml",
    "telemetry.yaml",
    "trips.yaml",
    "user.yaml",
    "vehicles.yaml",
    "webhook.yaml",
];

/// The schema files as the generator reads them.
pub fn schema_sources() -> BTreeMap<String, String> {
    SCHEMAS.iter().map(|(name, text)| ((*name).to_owned(), (*text).to_owned())).collect()
}

/// Choices read from a fuzz input, two bytes each; 0 once the bytes run out, so every input
/// means something and a shorter one means less.
pub struct ByteChoices<'a>(&'a [u8]);

impl<'a> ByteChoices<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        ByteChoices(bytes)
    }

    /// A number below `n` (0 for `n == 0`).
    pub fn below(&mut self, n: usize) -> usize {
        let (head, rest) = self.0.split_at(self.0.len().min(2));
        self.0 = rest;
        let drawn = head.iter().fold(0_usize, |acc, &byte| (acc << 8) | usize::from(byte));
        drawn.checked_rem(n).unwrap_or(0)
    }
}

/// Target `decode`: arbitrary bytes into every fuzzed type.
pub fn fuzz_decode(bytes: &[u8]) {
    decoders_hold(bytes);
}

/// Target `round_trip`: a sample mutated by the input's choices is still an object, so it must
/// decode as every fuzzed object type and round-trip.
pub fn fuzz_round_trip(bytes: &[u8]) {
    let mut choices = ByteChoices::new(bytes);
    let sample = SAMPLES[choices.below(SAMPLES.len())];
    let Ok(mut value) = serde_json::from_str::<Value>(sample) else { return };
    for _ in 0..1 + choices.below(8) {
        mutate_json(&mut value, &mut |n| choices.below(n));
    }
    let Ok(document) = serde_json::to_vec(&value) else { return };
    decoders_hold(&document);
    // Mutations keep the top-level shape: an object stays one (the webhook sample is an array).
    let decoded = if value.is_object() {
        round_trips::<Status>(&document)
    } else {
        round_trips::<client_runtime::List<Message>>(&document)
    };
    if let Err(error) = decoded {
        panic!("a document of the right top-level shape failed to decode: {error}\n{value}");
    }
}

/// Target `generate`: arbitrary bytes as the root schema file.
pub fn fuzz_generate(bytes: &[u8]) {
    let files = BTreeMap::from([("openapi.yaml".to_owned(), String::from_utf8_lossy(bytes).into_owned())]);
    let _ = generator_holds(&files, "openapi.yaml");
}

/// Target `generate_mutated`: one of the project's schema files changed by the input's choices,
/// the others as they are.
pub fn fuzz_generate_mutated(bytes: &[u8]) {
    let mut choices = ByteChoices::new(bytes);
    let (name, text) = SCHEMAS[choices.below(SCHEMAS.len())];
    let Ok(mut tree) = serde_yaml::from_str::<serde_yaml::Value>(text) else { return };
    for _ in 0..1 + choices.below(6) {
        mutate_schema(&mut tree, &mut |n| choices.below(n));
    }
    let Ok(mutated) = serde_yaml::to_string(&tree) else { return };
    let mut files = schema_sources();
    files.insert(name.to_owned(), mutated);
    let _ = generator_holds(&files, "openapi.yaml");
}

/// Target `text`: the input as text for the parsers; its first line as a HAL template and the
/// rest as a value, so that both vary independently.
pub fn fuzz_text(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let (template, value) = text.split_once('\n').unwrap_or((&text, &text));
    text_parsers_hold(&text);
    template_expansion_holds(template, value);
    path_encoding_holds(value);
}

/// What a fuzz target runs on one input.
pub type Target = fn(&[u8]);

/// Every target by name, as `fuzz/regressions/<target>/` names them.
pub const TARGETS: &[(&str, Target)] = &[
    ("decode", fuzz_decode),
    ("round_trip", fuzz_round_trip),
    ("generate", fuzz_generate),
    ("generate_mutated", fuzz_generate_mutated),
    ("text", fuzz_text),
];
