//! Every Rust identifier the generator writes: heck cases, keywords, wire names that are not identifiers, collisions.
//!
//! Wire names are kept next to these names in the IR; nothing here changes what goes on the wire.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot name a Rust item as they are (all editions up to 2024, reserved ones included).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers either (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A `snake_case` name for a field, parameter or module: `timed.odometer` → `timed_odometer`,
/// `_links` → `links`, `type` → `r#type`, `self` → `self_`, `2d` → `_2d`, `""` → `empty`.
#[must_use]
pub fn snake(wire: &str) -> String {
    let words = ascii_words(wire);
    let name = words.to_snake_case();
    let name = if name.is_empty() { "empty".to_owned() } else { name };
    escape(&name)
}

/// An `UpperCamelCase` name for a type or variant: `charging.status` → `ChargingStatus`,
/// `2D` → `_2D`, `Self` → `SelfType`, `""` → `Empty`.
#[must_use]
pub fn camel(wire: &str) -> String {
    let words = ascii_words(wire);
    let name = words.to_upper_camel_case();
    if name.is_empty() {
        return "Empty".to_owned();
    }
    if name == "Self" {
        return "SelfType".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        // Keep the letters' case ("2D" stays "_2D"): heck would lower-case the `D`.
        let kept: String = wire.chars().filter(char::is_ascii_alphanumeric).collect();
        return format!("_{kept}");
    }
    name
}

/// Non-ASCII letters are transliterated first (`Größe` → `Grosse`, `日本` → `Ri Ben`), then every
/// character that cannot be part of an ASCII identifier becomes a word break, so that heck never
/// sees punctuation (`endPosition:`, `bool.exp`) and the result is always a valid identifier.
fn ascii_words(wire: &str) -> String {
    let ascii = if wire.is_ascii() { wire.to_owned() } else { deunicode::deunicode(wire) };
    ascii.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect::<String>().trim().to_owned()
}

fn escape(name: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{name}");
    }
    if NOT_RAW.contains(&name) {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name) {
        return format!("r#{name}");
    }
    name.to_owned()
}

/// Hands out names that are unique within one scope (a module's types, a struct's fields, an
/// enum's variants). The first claimant of a name keeps it; later ones get `2`, `3`, … appended.
/// Callers claim in a deterministic order, so the same input always gives the same names.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which some names are already taken (for example the `extra` field of every struct).
    #[must_use]
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|&name| name.to_owned()).collect() }
    }

    /// Claims `base`, or the first free `base2`, `base3`, ….
    pub fn claim(&mut self, base: &str) -> String {
        // A raw identifier and its plain form name the same thing.
        let plain = |name: &str| name.trim_start_matches("r#").to_owned();
        if self.taken.insert(plain(base)) {
            return base.to_owned();
        }
        let stem = base.trim_start_matches("r#");
        (2..)
            .map(|n| format!("{stem}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_else(|| unreachable!("an unbounded range always yields a free name"))
    }

    /// True when `name` is taken.
    #[must_use]
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name.trim_start_matches("r#"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        let cases = [
            ("timed.odometer", "timed_odometer"),
            ("endPosition:", "end_position"),
            ("_links", "links"),
            ("_embedded", "embedded"),
            ("bool.exp", "bool_exp"),
            ("type", "r#type"),
            ("ref", "r#ref"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("2d", "_2d"),
            ("", "empty"),
            ("<header-attribute-key> ", "header_attribute_key"),
            ("createdAt", "created_at"),
            ("gen", "r#gen"),
            ("ünïcödé", "unicode"),
        ];
        for (wire, expected) in cases {
            assert_eq!(snake(wire), expected, "snake({wire:?})");
        }
    }

    #[test]
    fn camel_names() {
        let cases = [
            ("Link", "Link"),
            ("link", "Link"),
            ("Tab_Links", "TabLinks"),
            ("2D", "_2D"),
            ("4AWD", "_4AWD"),
            ("Self", "SelfType"),
            ("vehicle.alarm.status", "VehicleAlarmStatus"),
            ("data:telemetry:vehicle:alarm", "DataTelemetryVehicleAlarm"),
            ("vehicle.ignition.", "VehicleIgnition"),
            ("", "Empty"),
            ("Off", "Off"),
            ("off", "Off"),
            ("Città", "Citta"),
            ("Größe", "Grosse"),
            ("日本", "RiBen"),
        ];
        for (wire, expected) in cases {
            assert_eq!(camel(wire), expected, "camel({wire:?})");
        }
    }

    #[test]
    fn scope_suffixes_collisions_in_claim_order() {
        let mut scope = Scope::with_reserved(&["extra"]);
        assert_eq!(scope.claim("Link"), "Link");
        assert_eq!(scope.claim("Link"), "Link2");
        assert_eq!(scope.claim("Link"), "Link3");
        assert_eq!(scope.claim("extra"), "extra2");
        assert_eq!(scope.claim("r#type"), "r#type");
        assert_eq!(scope.claim("type"), "type2");
    }
}
