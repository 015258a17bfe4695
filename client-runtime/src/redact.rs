//! The redacted shape of a drifted body: what schema learning needs of it (JSON types, keys,
//! nesting, enum values the schema lacks) and nothing personal.
//!
//! What is kept, and why:
//!
//! * **Keys**, everywhere: they are the API's vocabulary, and a new key is what learning proposes.
//! * **`null`, `true`, `false`**: a type, and no more than a type.
//! * **Numbers become `0`, `0.0` or `0.5`**: written as an integer, as an integral float (`77.0`,
//!   which an integer field takes), or with a fraction. That is all `integer` versus `number`
//!   needs. Coordinates, odometers, ids and levels are never kept.
//! * **Strings become placeholders**: `1970-01-01T00:00:00Z` for one that parses as a timestamp,
//!   `PT0S` for an ISO 8601 duration, [`REDACTED`] for anything else. So a VIN, an email, a name,
//!   an id or a URL never leaves the process, and learning still sees that a new field is a
//!   `date-time`.
//! * **The one exception: a string that the drift report names as an unknown value of an open
//!   enum**, and only when it looks like an enum value: 1 to 40 characters, letters with at most
//!   three digits, no `@`, `/`, `:` or other punctuation than `_`, `-`, `.` and spaces. The schema
//!   declares an enum there, so the value is vocabulary, and a new enum value is what learning
//!   proposes; the checks keep out a VIN, an email or a URL sent where an enum was expected.
//! * **Arrays keep at most [`MAX_ITEMS`] items**, in order: enough to learn an item's shape and
//!   its enum values, and a bound on the size of one record.

use std::collections::BTreeSet;

use serde_json::{Map, Number, Value};

use crate::{DriftItem, DriftKind, DriftReport, IsoDuration, JsonPointer, Timestamp};

/// What stands in for a string that was not kept.
pub const REDACTED: &str = "<redacted>";

/// The most items of one array a shape keeps.
pub const MAX_ITEMS: usize = 32;

/// The redacted shape of `body`, given the drift report of its decoding.
#[must_use]
pub fn redacted_shape(body: &Value, report: &DriftReport) -> Value {
    let enum_values: BTreeSet<&str> = report
        .items
        .iter()
        .filter(|item| matches!(item.kind, DriftKind::UnknownEnumValue { .. }))
        .map(|item| item.pointer.as_str())
        .collect();
    redact(body, &mut JsonPointer::root(), &enum_values)
}

/// The drift report with the texts it quotes redacted by the same rules: an unknown enum value
/// is kept only when it looks like one; unparsed timestamps and durations become [`REDACTED`].
#[must_use]
pub fn redacted_report(report: &DriftReport) -> DriftReport {
    let items = report
        .items
        .iter()
        .map(|item| {
            let kind = match &item.kind {
                DriftKind::UnknownEnumValue { value } if !looks_like_enum_value(value) => {
                    DriftKind::UnknownEnumValue { value: REDACTED.to_owned() }
                }
                DriftKind::UnparsedTimestamp { .. } => DriftKind::UnparsedTimestamp { raw: REDACTED.to_owned() },
                DriftKind::UnparsedDuration { .. } => DriftKind::UnparsedDuration { raw: REDACTED.to_owned() },
                other => other.clone(),
            };
            DriftItem { pointer: item.pointer.clone(), kind }
        })
        .collect();
    DriftReport { items }
}

fn redact(value: &Value, at: &mut JsonPointer, enum_values: &BTreeSet<&str>) -> Value {
    match value {
        Value::Null | Value::Bool(_) => value.clone(),
        Value::Number(n) if n.is_i64() || n.is_u64() => Value::Number(Number::from(0)),
        // `77.0` in an integer field is no drift (numbers are read by value): keep it integral.
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => Value::from(0.0),
        Value::Number(_) => Value::from(0.5),
        Value::String(text) => {
            let kept = if enum_values.contains(at.as_str()) && looks_like_enum_value(text) {
                text.as_str()
            } else if Timestamp::parse(text.as_str()).is_parsed() {
                "1970-01-01T00:00:00Z"
            } else if IsoDuration::parse(text.as_str()).span().is_some() {
                "PT0S"
            } else {
                REDACTED
            };
            Value::String(kept.to_owned())
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .take(MAX_ITEMS)
                .enumerate()
                .map(|(index, item)| {
                    at.push_index(index);
                    let item = redact(item, at, enum_values);
                    at.pop();
                    item
                })
                .collect(),
        ),
        Value::Object(entries) => {
            let mut out = Map::new();
            for (key, item) in entries {
                at.push(key);
                out.insert(key.clone(), redact(item, at, enum_values));
                at.pop();
            }
            Value::Object(out)
        }
    }
}

/// Short vocabulary, not data: see the module docs.
fn looks_like_enum_value(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (1..=40).contains(&text.chars().count())
        && digits <= 3
        && text.chars().any(char::is_alphabetic)
        && text.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn unknown_enum_at(pointer: &str, value: &str) -> DriftItem {
        DriftItem { pointer: pointer.to_owned(), kind: DriftKind::UnknownEnumValue { value: value.to_owned() } }
    }

    #[test]
    fn keeps_types_keys_and_unknown_enum_values_only() {
        let body = json!({
            "vin": "VR3UHZKXZMT123456",
            "email": "someone@example.com",
            "name": "Jean Dupont",
            "coordinates": [2.3522, 48.8566],
            "odometer": 12345,
            "level": 77.0,
            "createdAt": "2024-05-01T10:00:00Z",
            "duration": "PT21H40M",
            "ok": true,
            "gone": null,
            "mode": "Acquire",
            "code": "VR3UHZKXZMT123456",
        });
        let report = DriftReport {
            items: vec![unknown_enum_at("/mode", "Acquire"), unknown_enum_at("/code", "VR3UHZKXZMT123456")],
        };
        assert_eq!(
            redacted_shape(&body, &report),
            json!({
                "vin": REDACTED,
                "email": REDACTED,
                "name": REDACTED,
                "coordinates": [0.5, 0.5],
                "odometer": 0,
                "level": 0.0,
                "createdAt": "1970-01-01T00:00:00Z",
                "duration": "PT0S",
                "ok": true,
                "gone": null,
                "mode": "Acquire",
                "code": REDACTED,
            })
        );
    }

    #[test]
    fn reports_quote_only_enum_like_values() {
        let report = DriftReport {
            items: vec![
                unknown_enum_at("/mode", "Acquire"),
                unknown_enum_at("/code", "someone@example.com"),
                DriftItem {
                    pointer: "/at".to_owned(),
                    kind: DriftKind::UnparsedTimestamp { raw: "Jean's birthday".to_owned() },
                },
            ],
        };
        let text = redacted_report(&report).to_string();
        assert_eq!(
            text,
            "/mode: unknown enum value \"Acquire\"\n/code: unknown enum value \"<redacted>\"\n/at: unparsed timestamp \"<redacted>\"\n"
        );
    }

    #[test]
    fn arrays_are_capped() {
        let body = Value::Array((0..100).map(Value::from).collect());
        assert_eq!(redacted_shape(&body, &DriftReport::default()).as_array().map(Vec::len), Some(MAX_ITEMS));
    }
}
