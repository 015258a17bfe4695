//! The schema of values nobody described yet, inferred from every value seen, and written as
//! block-style YAML the generator reads.

use client_runtime::{IsoDuration, Timestamp};
use serde_json::Value;

use super::yaml_text::scalar;

/// Stands for a string that a recording left out (see `client_runtime::redact`): a string whose
/// content is unknown, so it says nothing about formats or enum values.
pub(super) const REDACTED: &str = client_runtime::redact::REDACTED;

/// What every value seen at one place had in common.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Shape {
    null: bool,
    boolean: bool,
    integer: bool,
    number: bool,
    strings: Option<Strings>,
    items: Option<Box<Shape>>,
    /// Keys of the objects seen, in the order first seen.
    properties: Option<Vec<(String, Shape)>>,
}

/// What the strings seen at one place had in common.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Strings {
    all_timestamps: bool,
    all_durations: bool,
}

impl Shape {
    /// Takes one more value into account.
    pub(super) fn add(&mut self, value: &Value) {
        match value {
            Value::Null => self.null = true,
            Value::Bool(_) => self.boolean = true,
            Value::Number(n) if n.is_i64() || n.is_u64() => self.integer = true,
            Value::Number(_) => self.number = true,
            Value::String(text) => {
                let known = text != REDACTED;
                let seen = Strings {
                    all_timestamps: known && Timestamp::parse(text.as_str()).is_parsed(),
                    all_durations: known && IsoDuration::parse(text.as_str()).span().is_some(),
                };
                self.strings = Some(match self.strings {
                    None => seen,
                    Some(before) => Strings {
                        all_timestamps: before.all_timestamps && seen.all_timestamps,
                        all_durations: before.all_durations && seen.all_durations,
                    },
                });
            }
            Value::Array(items) => {
                let shape = self.items.get_or_insert_with(Box::default);
                for item in items {
                    shape.add(item);
                }
            }
            Value::Object(entries) => {
                let properties = self.properties.get_or_insert_with(Vec::new);
                for (key, value) in entries {
                    match properties.iter_mut().find(|(k, _)| k == key) {
                        Some((_, shape)) => shape.add(value),
                        None => {
                            let mut shape = Shape::default();
                            shape.add(value);
                            properties.push((key.clone(), shape));
                        }
                    }
                }
            }
        }
    }

    /// Merges what another place saw (the same property in another input).
    pub(super) fn merge(&mut self, other: Shape) {
        self.null |= other.null;
        self.boolean |= other.boolean;
        self.integer |= other.integer;
        self.number |= other.number;
        self.strings = match (self.strings, other.strings) {
            (Some(a), Some(b)) => Some(Strings {
                all_timestamps: a.all_timestamps && b.all_timestamps,
                all_durations: a.all_durations && b.all_durations,
            }),
            (a, b) => a.or(b),
        };
        match (&mut self.items, other.items) {
            (Some(mine), Some(theirs)) => mine.merge(*theirs),
            (mine @ None, theirs) => *mine = theirs,
            _ => {}
        }
        match (&mut self.properties, other.properties) {
            (Some(mine), Some(theirs)) => {
                for (key, shape) in theirs {
                    match mine.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, existing)) => existing.merge(shape),
                        None => mine.push((key, shape)),
                    }
                }
            }
            (mine @ None, theirs) => *mine = theirs,
            _ => {}
        }
    }

    /// A few words for the summary: "an object (3 properties)", "a date-time", "a number".
    pub(super) fn describe(&self) -> String {
        match self.lines().first().map(String::as_str) {
            Some("type: object") => {
                let n = self.properties.as_ref().map_or(0, Vec::len);
                format!("an object ({n} propert{})", if n == 1 { "y" } else { "ies" })
            }
            Some("type: array") => "an array".to_owned(),
            Some("type: string") if self.lines().iter().any(|l| l == "format: date-time") => "a date-time".to_owned(),
            Some("type: string") if self.lines().iter().any(|l| l == "format: duration") => "a duration".to_owned(),
            Some(line) if line.starts_with("type: ") => {
                format!("a{} {}", if line.ends_with("integer") { "n" } else { "" }, &line[6..])
            }
            _ => "free-form JSON (its values had several types)".to_owned(),
        }
    }

    /// The schema as YAML lines, indented as if at column 0 (no `description`). Several JSON
    /// types (other than integer and number), or only `null`s, give no `type`: free-form JSON.
    pub(super) fn lines(&self) -> Vec<String> {
        let kinds = [
            self.boolean,
            self.integer || self.number,
            self.strings.is_some(),
            self.items.is_some(),
            self.properties.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return Vec::new();
        }
        let mut lines = Vec::new();
        if self.boolean {
            lines.push("type: boolean".to_owned());
        } else if self.number {
            lines.push("type: number".to_owned());
        } else if self.integer {
            lines.push("type: integer".to_owned());
        } else if let Some(strings) = self.strings {
            lines.push("type: string".to_owned());
            if strings.all_timestamps {
                lines.push("format: date-time".to_owned());
            } else if strings.all_durations {
                lines.push("format: duration".to_owned());
            }
        } else if let Some(items) = &self.items {
            lines.push("type: array".to_owned());
            let inner = items.lines();
            if inner.is_empty() {
                lines.push("items: {}".to_owned());
            } else {
                lines.push("items:".to_owned());
                lines.extend(inner.into_iter().map(|line| format!("  {line}")));
            }
        } else if let Some(properties) = &self.properties {
            lines.push("type: object".to_owned());
            if !properties.is_empty() {
                lines.push("properties:".to_owned());
                for (key, shape) in properties {
                    lines.extend(property_lines(key, shape, None).into_iter().map(|line| format!("  {line}")));
                }
            }
        }
        lines
    }
}

/// A property entry: `key:` and its schema beneath, with a description when one is given.
pub(super) fn property_lines(key: &str, shape: &Shape, description: Option<&str>) -> Vec<String> {
    let mut body = shape.lines();
    if let Some(description) = description {
        let at = body.iter().take_while(|l| l.starts_with("type:") || l.starts_with("format:")).count();
        body.insert(at, format!("description: {description}"));
    }
    if body.is_empty() {
        return vec![format!("{}: {{}}", scalar(key))];
    }
    let mut lines = vec![format!("{}:", scalar(key))];
    lines.extend(body.into_iter().map(|line| format!("  {line}")));
    lines
}

/// The JSON type of a value, in the words the summary uses.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Builds a shape from values, for tests.
#[cfg(test)]
fn shape_of(values: &[Value]) -> Shape {
    let mut shape = Shape::default();
    for value in values {
        shape.add(value);
    }
    shape
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn integers_stay_integers_until_a_fraction_arrives() {
        assert_eq!(shape_of(&[json!(1), json!(2)]).lines(), ["type: integer"]);
        assert_eq!(shape_of(&[json!(1), json!(2.5)]).lines(), ["type: number"]);
        assert_eq!(shape_of(&[json!(77.0)]).lines(), ["type: number"]);
    }

    #[test]
    fn a_format_only_when_every_value_parses() {
        assert_eq!(shape_of(&[json!("2024-01-01T10:00:00Z")]).lines(), ["type: string", "format: date-time"]);
        assert_eq!(shape_of(&[json!("PT1H"), json!("PT0S")]).lines(), ["type: string", "format: duration"]);
        assert_eq!(shape_of(&[json!("PT1H"), json!("soon")]).lines(), ["type: string"]);
        assert_eq!(shape_of(&[json!(REDACTED)]).lines(), ["type: string"]);
    }

    #[test]
    fn nested_objects_and_arrays() {
        let shape = shape_of(&[json!({"a": [{"b": true}], "c": null})]);
        assert_eq!(
            shape.lines(),
            [
                "type: object",
                "properties:",
                "  a:",
                "    type: array",
                "    items:",
                "      type: object",
                "      properties:",
                "        b:",
                "          type: boolean",
                "  c: {}"
            ]
        );
    }

    #[test]
    fn several_types_are_free_form() {
        assert!(shape_of(&[json!("x"), json!(1)]).lines().is_empty());
        assert!(shape_of(&[json!(null)]).lines().is_empty());
    }
}
