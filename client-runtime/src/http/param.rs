//! Parameter values of any schema (enums, `oneOf`s, numbers, booleans, arrays, objects) → the
//! text OpenAPI's `style` and `explode` rules give them, by way of their JSON form.
//!
//! Strings, numbers and booleans are their own text; `null` is no value at all (nothing is sent).
//! Items of an array and values of an object that are themselves arrays or objects have no
//! OpenAPI rule: they are sent as JSON text. An object's keys go in sorted order (its JSON form).

use serde::Serialize;
use serde_json::Value;

/// How a parameter's value is laid out: OpenAPI's `style`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Path and header default: `a,b,c`; objects `k,v,k2,v2` (`k=v,k2=v2` exploded).
    Simple,
    /// Query default: `name=a,b` (`name=a&name=b` exploded); objects `name=k,v` (`k=v` exploded).
    Form,
    /// Query arrays joined by a space: `name=a%20b`.
    SpaceDelimited,
    /// Query arrays joined by `|`: `name=a|b`.
    PipeDelimited,
    /// Query objects as `name[k]=v`.
    DeepObject,
}

/// A value as the rules see it.
enum Shape {
    Absent,
    Primitive(String),
    Array(Vec<String>),
    Object(Vec<(String, String)>),
}

fn shape<V: Serialize + ?Sized>(value: &V) -> Shape {
    match serde_json::to_value(value) {
        Ok(Value::Null) | Err(_) => Shape::Absent,
        Ok(Value::Array(items)) => Shape::Array(items.iter().filter(|v| !v.is_null()).map(text).collect()),
        Ok(Value::Object(entries)) => {
            Shape::Object(entries.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), text(v))).collect())
        }
        Ok(primitive) => Shape::Primitive(text(&primitive)),
    }
}

/// A primitive's own text; anything else as JSON text.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn pairs_joined(entries: &[(String, String)], inner: &str, outer: &str) -> String {
    entries.iter().map(|(k, v)| format!("{k}{inner}{v}")).collect::<Vec<_>>().join(outer)
}

/// A path or header value in `simple` style; `None` when there is nothing to send.
pub(crate) fn simple<V: Serialize + ?Sized>(value: &V, explode: bool) -> Option<String> {
    match shape(value) {
        Shape::Absent => None,
        Shape::Primitive(text) => Some(text),
        Shape::Array(items) => Some(items.join(",")),
        Shape::Object(entries) if explode => Some(pairs_joined(&entries, "=", ",")),
        Shape::Object(entries) => Some(pairs_joined(&entries, ",", ",")),
    }
}

/// The `(key, value)` query pairs of one parameter.
pub(crate) fn query_pairs<V: Serialize + ?Sized>(
    name: &str,
    value: &V,
    style: Style,
    explode: bool,
) -> Vec<(String, String)> {
    let one = |value: String| vec![(name.to_owned(), value)];
    match (shape(value), style) {
        (Shape::Absent, _) => Vec::new(),
        (Shape::Primitive(text), _) => one(text),
        (Shape::Array(items), Style::Form | Style::Simple | Style::DeepObject) if explode => {
            items.into_iter().map(|item| (name.to_owned(), item)).collect()
        }
        (Shape::Array(items), Style::SpaceDelimited) => one(items.join(" ")),
        (Shape::Array(items), Style::PipeDelimited) => one(items.join("|")),
        (Shape::Array(items), _) => one(items.join(",")),
        (Shape::Object(entries), Style::DeepObject) => {
            entries.into_iter().map(|(key, value)| (format!("{name}[{key}]"), value)).collect()
        }
        (Shape::Object(entries), _) if explode => entries,
        (Shape::Object(entries), Style::SpaceDelimited) => one(pairs_joined(&entries, " ", " ")),
        (Shape::Object(entries), Style::PipeDelimited) => one(pairs_joined(&entries, "|", "|")),
        (Shape::Object(entries), _) => one(pairs_joined(&entries, ",", ",")),
    }
}

#[cfg(test)]
mod tests {
    use super::{Style, query_pairs, simple};
    use serde_json::json;

    fn query(value: &serde_json::Value, style: Style, explode: bool) -> String {
        let pairs = query_pairs("p", value, style, explode);
        pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    }

    /// The examples table of the OpenAPI 3.1 specification (`style` values), one row each.
    #[test]
    fn the_specification_examples() {
        let (primitive, array, object) = (json!(5), json!(["blue", "black", "brown"]), json!({"R": 100, "G": 200}));
        assert_eq!(simple(&primitive, false).as_deref(), Some("5"));
        assert_eq!(simple(&array, false).as_deref(), Some("blue,black,brown"));
        assert_eq!(simple(&object, false).as_deref(), Some("G,200,R,100"));
        assert_eq!(simple(&object, true).as_deref(), Some("G=200,R=100"));
        assert_eq!(query(&primitive, Style::Form, true), "p=5");
        assert_eq!(query(&array, Style::Form, false), "p=blue,black,brown");
        assert_eq!(query(&array, Style::Form, true), "p=blue&p=black&p=brown");
        assert_eq!(query(&object, Style::Form, false), "p=G,200,R,100");
        assert_eq!(query(&object, Style::Form, true), "G=200&R=100");
        assert_eq!(query(&array, Style::SpaceDelimited, false), "p=blue black brown");
        assert_eq!(query(&array, Style::PipeDelimited, false), "p=blue|black|brown");
        assert_eq!(query(&object, Style::DeepObject, true), "p[G]=200&p[R]=100");
    }

    #[test]
    fn nulls_are_not_sent_and_nested_values_are_json() {
        assert_eq!(simple(&json!(null), false), None);
        assert_eq!(query(&json!(null), Style::Form, true), "");
        assert_eq!(query(&json!([1, null, 2]), Style::Form, false), "p=1,2");
        assert_eq!(query(&json!({"a": null, "b": true}), Style::Form, true), "b=true");
        assert_eq!(simple(&json!([{"x": 1}]), false).as_deref(), Some(r#"{"x":1}"#));
    }
}
