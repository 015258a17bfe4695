//! JSON comparison for round-trip tests: rule 9 of the contract compares numbers by value.

use serde_json::{Value, json};

/// The value with every number turned into an f64, so that `77` equals `77.0`.
pub(crate) fn by_value(value: &Value) -> Value {
    match value {
        Value::Number(n) => json!(n.as_f64().expect("finite")),
        Value::Array(items) => Value::Array(items.iter().map(by_value).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), by_value(v))).collect()),
        other => other.clone(),
    }
}
