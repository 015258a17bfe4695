//! [`Node`]: a YAML or JSON document as plain data with string keys in document order.

use serde_yaml::Value;

/// One value of a schema document. Object keys keep their document order, which decides the
/// order of generated fields and variants.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `null` or an empty value.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, kept as written by the YAML reader.
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// A sequence.
    Array(Vec<Node>),
    /// A mapping whose keys were normalised to strings (`200:` becomes `"200"`).
    Object(Vec<(String, Node)>),
}

/// A mapping key that is not a scalar: the node it was found under.
#[derive(Debug)]
pub(crate) struct ComplexKey {
    pub(crate) pointer: String,
}

impl Node {
    /// Converts a YAML value, normalising scalar keys to strings. Tags are dropped: OpenAPI has none.
    pub(crate) fn from_yaml(value: Value, pointer: &mut String, complex: &mut Vec<ComplexKey>) -> Node {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(b),
            Value::Number(n) => Node::Number(yaml_number(&n)),
            Value::String(s) => Node::String(s),
            Value::Sequence(items) => Node::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(index, item)| {
                        let mark = pointer.len();
                        pointer.push('/');
                        pointer.push_str(&index.to_string());
                        let node = Node::from_yaml(item, pointer, complex);
                        pointer.truncate(mark);
                        node
                    })
                    .collect(),
            ),
            Value::Mapping(mapping) => {
                let mut entries = Vec::with_capacity(mapping.len());
                for (key, item) in mapping {
                    let key = match key {
                        Value::String(s) => s,
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => "null".to_owned(),
                        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => {
                            complex.push(ComplexKey { pointer: pointer.clone() });
                            continue;
                        }
                    };
                    let mark = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_segment(&key));
                    let node = Node::from_yaml(item, pointer, complex);
                    pointer.truncate(mark);
                    entries.push((key, node));
                }
                Node::Object(entries)
            }
            Value::Tagged(tagged) => Node::from_yaml(tagged.value, pointer, complex),
        }
    }

    /// The value under a key, for an object.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text, for a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// The entries, for an object.
    #[must_use]
    pub fn entries(&self) -> Option<&[(String, Node)]> {
        match self {
            Node::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items, for an array.
    #[must_use]
    pub fn items(&self) -> Option<&[Node]> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    /// True for `true`.
    #[must_use]
    pub fn is_true(&self) -> bool {
        matches!(self, Node::Bool(true))
    }

    /// What kind of value this is, for messages.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Number(_) => "a number",
            Node::String(_) => "a string",
            Node::Array(_) => "a sequence",
            Node::Object(_) => "a mapping",
        }
    }

    /// Follows an RFC 6901 pointer (already split and unescaped).
    #[must_use]
    pub fn lookup<'a>(&'a self, segments: &[String]) -> Option<&'a Node> {
        segments.iter().try_fold(self, |node, segment| match node {
            Node::Object(_) => node.get(segment),
            Node::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
    }
}

fn yaml_number(n: &serde_yaml::Number) -> serde_json::Number {
    if let Some(i) = n.as_i64() {
        i.into()
    } else if let Some(u) = n.as_u64() {
        u.into()
    } else {
        n.as_f64().and_then(serde_json::Number::from_f64).unwrap_or_else(|| 0.into())
    }
}

/// Escapes one pointer segment (RFC 6901): `~` → `~0`, `/` → `~1`.
#[must_use]
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Splits a pointer into unescaped segments; `None` when it does not start with `/` (and is not empty).
#[must_use]
pub fn split_pointer(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect())
}
