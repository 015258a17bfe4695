//! [`Node`]: a YAML or JSON document as plain data with string keys in document order.

use std::collections::HashSet;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess, VariantAccess, Visitor,
};

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

/// Parses YAML (or JSON, which is YAML) straight into a [`Node`] tree in one pass: scalar keys
/// become strings, tags are dropped (OpenAPI has none), and a number of any size reads (one
/// beyond 64 bits as the nearest float: no keyword the generator uses needs more).
///
/// # Errors
/// The parser's error, with its position: bad syntax, or a key given twice in one mapping.
pub(crate) fn parse_yaml(text: &str) -> Result<(Node, Vec<ComplexKey>), serde_yaml::Error> {
    let mut walk = Walk::default();
    let node = NodeSeed(&mut walk).deserialize(serde_yaml::Deserializer::from_str(text))?;
    Ok((node, walk.complex))
}

/// Where the parse is (for complex keys' pointers) and what it has found.
#[derive(Default)]
struct Walk {
    pointer: String,
    complex: Vec<ComplexKey>,
}

impl Walk {
    fn enter<T>(&mut self, segment: &str, inside: impl FnOnce(&mut Self) -> T) -> T {
        let mark = self.pointer.len();
        self.pointer.push('/');
        self.pointer.push_str(&escape_pointer_segment(segment));
        let result = inside(self);
        self.pointer.truncate(mark);
        result
    }
}

struct NodeSeed<'w>(&'w mut Walk);

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Node;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        self.deserialize(deserializer)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
        Ok(Node::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Node, E> {
        Ok(Node::Number(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Node, E> {
        Ok(Node::Number(n.into()))
    }
    #[allow(clippy::cast_precision_loss, reason = "beyond 64 bits, the nearest float is what is kept")]
    fn visit_i128<E>(self, n: i128) -> Result<Node, E> {
        Ok(i64::try_from(n).map_or_else(|_| float(n as f64), |n| Node::Number(n.into())))
    }
    #[allow(clippy::cast_precision_loss, reason = "beyond 64 bits, the nearest float is what is kept")]
    fn visit_u128<E>(self, n: u128) -> Result<Node, E> {
        Ok(u64::try_from(n).map_or_else(|_| float(n as f64), |n| Node::Number(n.into())))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Node, E> {
        Ok(float(n))
    }
    fn visit_str<E>(self, s: &str) -> Result<Node, E> {
        Ok(Node::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Node, E> {
        Ok(Node::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        loop {
            let index = items.len().to_string();
            let Some(item) = self.0.enter(&index, |walk| seq.next_element_seed(NodeSeed(walk)))? else { break };
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries: Vec<(String, Node)> = Vec::with_capacity(map.size_hint().unwrap_or(0));
        // Large mappings (every schema of a big document) find duplicates by hash, not by scan.
        let mut seen: HashSet<String> = HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let Some(key) = key else {
                self.0.complex.push(ComplexKey { pointer: self.0.pointer.clone() });
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let duplicate = if entries.len() < 16 {
                entries.iter().any(|(k, _)| *k == key)
            } else {
                if seen.is_empty() {
                    seen.extend(entries.iter().map(|(k, _)| k.clone()));
                }
                !seen.insert(key.clone())
            };
            if duplicate {
                return Err(de::Error::custom(format_args!("duplicate entry with key {key:?}")));
            }
            let value = self.0.enter(&key, |walk| map.next_value_seed(NodeSeed(walk)))?;
            entries.push((key, value));
        }
        Ok(Node::Object(entries))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        let (IgnoredAny, value) = data.variant::<IgnoredAny>()?;
        value.newtype_variant_seed(self)
    }
}

/// A float as a number; one that is not finite (`.inf`, `.nan`) has no JSON form and reads as null.
fn float(n: f64) -> Node {
    serde_json::Number::from_f64(n).map_or(Node::Null, Node::Number)
}

/// A mapping key: its text when it is a scalar (`200:` → `"200"`), `None` when it is a mapping,
/// a sequence or tagged.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<String>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_unit<E>(self) -> Result<Option<String>, E> {
        Ok(Some("null".to_owned()))
    }
    fn visit_bool<E>(self, b: bool) -> Result<Option<String>, E> {
        Ok(Some(b.to_string()))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Option<String>, E> {
        Ok(Some(n.to_string()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Option<String>, E> {
        Ok(Some(n.to_string()))
    }
    fn visit_i128<E>(self, n: i128) -> Result<Option<String>, E> {
        Ok(Some(n.to_string()))
    }
    fn visit_u128<E>(self, n: u128) -> Result<Option<String>, E> {
        Ok(Some(n.to_string()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Option<String>, E> {
        Ok(Some(serde_yaml::Number::from(n).to_string()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Option<String>, E> {
        Ok(Some(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Option<String>, E> {
        Ok(Some(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Option<String>, A::Error> {
        let (IgnoredAny, value) = data.variant::<IgnoredAny>()?;
        value.newtype_variant::<IgnoredAny>()?;
        Ok(None)
    }
}

impl Node {
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

    /// The entries, for an object, to change in place.
    pub(crate) fn entries_mut(&mut self) -> Option<&mut Vec<(String, Node)>> {
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
