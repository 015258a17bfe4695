//! [`Timestamp`]: a `date-time` that parses every form the wire has used and always keeps its raw text.

use std::fmt;

use serde::Deserializer;

use crate::decode::{StrInput, decode_str};
use crate::kinds::{Fit, JsonKinds};
use crate::{Decoded, Drift, DriftItem, DriftKind, JsonPointer, Lenient};

/// A point in time as the wire wrote it.
///
/// Understood forms (rule 6 of the contract): RFC 3339 with `Z` or an offset, with or without
/// fractions (`2023-09-12T09:41:10.911Z`); an offset without colon (`2017-08-10T13:46:39.652+0000`);
/// and Java's `Date.toString()` in UTC (`Mon Jun 03 08:35:36 GMT 2019`). Any other text is kept
/// and reported as drift; it is never an error. Two timestamps are equal when their texts are, and
/// serialising writes the text back unchanged.
///
/// Only the text is stored; it is parsed when asked ([`Timestamp::get`], drift reports). Most
/// decoded timestamps are never read, and parsing them all up front cost a quarter of the decoding
/// time of a status body (see the `decode` benchmark).
#[derive(Clone)]
pub struct Timestamp {
    raw: String,
}

impl Timestamp {
    /// A timestamp from its text, whether or not the text is in an understood form.
    pub fn parse(raw: impl Into<String>) -> Self {
        Timestamp { raw: raw.into() }
    }

    /// The text as it arrived.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The instant, when the text is in one of the understood forms (parsed on each call).
    #[must_use]
    pub fn get(&self) -> Option<jiff::Timestamp> {
        parse(&self.raw)
    }

    /// True when the text is in one of the understood forms.
    #[must_use]
    pub fn is_parsed(&self) -> bool {
        self.get().is_some()
    }
}

impl From<jiff::Timestamp> for Timestamp {
    /// A timestamp to send, written in RFC 3339.
    fn from(instant: jiff::Timestamp) -> Self {
        Timestamp { raw: instant.to_string() }
    }
}

fn parse(raw: &str) -> Option<jiff::Timestamp> {
    let text = raw.trim();
    if let Ok(instant) = text.parse::<jiff::Timestamp>() {
        return Some(instant);
    }
    parse_offset_without_colon(text).or_else(|| parse_java_date_to_string(text))
}

/// `2017-08-10T13:46:39.652+0000`: the vendor's docs write offsets without the colon RFC 3339 needs.
fn parse_offset_without_colon(text: &str) -> Option<jiff::Timestamp> {
    let sign_at = text.len().checked_sub(5)?;
    let (head, offset) = text.split_at_checked(sign_at)?;
    let bytes = offset.as_bytes();
    if !matches!(bytes[0], b'+' | b'-') || !bytes[1..].iter().all(u8::is_ascii_digit) || !head.contains('T') {
        return None;
    }
    format!("{head}{}:{}", &offset[..3], &offset[3..]).parse().ok()
}

/// `Mon Jun 03 08:35:36 GMT 2019`: Java's `Date.toString()`, seen in the docs and 2019–2020 bodies.
/// Only the UTC zone names are understood; a local zone abbreviation is ambiguous and stays raw.
fn parse_java_date_to_string(text: &str) -> Option<jiff::Timestamp> {
    let parts: Vec<&str> = text.split_ascii_whitespace().collect();
    let [weekday, month, day, time, zone, year] = parts.as_slice() else {
        return None;
    };
    if !matches!(*zone, "GMT" | "UTC" | "Z") {
        return None;
    }
    // The weekday is parsed too, and must agree with the date.
    let civil = jiff::fmt::strtime::parse("%a %Y %b %d %H:%M:%S", format!("{weekday} {year} {month} {day} {time}"))
        .ok()?
        .to_datetime()
        .ok()?;
    jiff::tz::TimeZone::UTC.to_timestamp(civil).ok()
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.get() {
            Some(instant) => write!(f, "Timestamp({:?} = {instant})", self.raw),
            None => write!(f, "Timestamp({:?}, unparsed)", self.raw),
        }
    }
}

impl Lenient for Timestamp {
    const EXPECTING: &'static str = "a timestamp string";
    const KINDS: JsonKinds = JsonKinds::STRING;

    /// A string in one of the understood forms.
    fn fit(raw: &serde_json::Value) -> Fit {
        Fit::from_bool(raw.as_str().is_some_and(|text| parse(text).is_some()))
    }

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        decode_str(deserializer, Self::EXPECTING, |text: StrInput<'_>| Timestamp::parse(text.into_owned()))
    }
}

impl Drift for Timestamp {
    fn drift_into(&self, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        if self.get().is_none() {
            out.push(DriftItem::new(at, DriftKind::UnparsedTimestamp { raw: self.raw.clone() }));
        }
    }
}

crate::decode::raw_text_impls!(Timestamp);
