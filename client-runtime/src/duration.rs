//! [`IsoDuration`]: an ISO 8601 duration (`PT21H40M`) that always keeps its raw text.

use std::fmt;

use serde::Deserializer;

use crate::decode::{StrInput, decode_str};
use crate::kinds::{Fit, JsonKinds};
use crate::{Decoded, Drift, DriftItem, DriftKind, JsonPointer, Lenient};

/// An ISO 8601 duration as the wire wrote it (`PT0S`, `PT04H30M`, `P3Y6M4DT12H30M5S`).
///
/// The API uses durations for remaining charge time, delayed-charge start and times of day in
/// programs. Text that is not a duration is kept and reported as drift, never an error. Equality
/// and serialisation use the text. Only the text is stored; it is parsed when asked, as
/// [`crate::Timestamp`] is.
#[derive(Clone)]
pub struct IsoDuration {
    raw: String,
}

impl IsoDuration {
    /// A duration from its text, whether or not the text is ISO 8601.
    ///
    /// Only ISO 8601 is understood. (`jiff::Span`'s `FromStr` would also take jiff's own "friendly"
    /// format, such as `2h 30m` or `1 day`; such text is not what the schema promises, so it stays
    /// unparsed and is reported as drift.)
    pub fn parse(raw: impl Into<String>) -> Self {
        IsoDuration { raw: raw.into() }
    }

    /// The text as it arrived.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The parsed span, with its calendar units as written (parsed on each call).
    #[must_use]
    pub fn span(&self) -> Option<jiff::Span> {
        static ISO_8601: jiff::fmt::temporal::SpanParser = jiff::fmt::temporal::SpanParser::new();
        ISO_8601.parse_span(self.raw.trim()).ok()
    }

    /// The length as a `std::time::Duration`, when it has no calendar units (years, months, weeks)
    /// whose length depends on a date; days count as 24 hours. `None` for negative durations.
    #[must_use]
    pub fn to_std(&self) -> Option<std::time::Duration> {
        let span = self.span()?;
        if span.get_years() != 0 || span.get_months() != 0 || span.get_weeks() != 0 || span.is_negative() {
            return None;
        }
        let seconds = i64::from(span.get_days()) * 86_400
            + i64::from(span.get_hours()) * 3_600
            + span.get_minutes() * 60
            + span.get_seconds();
        let nanos = i128::from(span.get_milliseconds()) * 1_000_000
            + i128::from(span.get_microseconds()) * 1_000
            + i128::from(span.get_nanoseconds());
        let total = i128::from(seconds) * 1_000_000_000 + nanos;
        let total = u128::try_from(total).ok()?;
        let secs = u64::try_from(total / 1_000_000_000).ok()?;
        let subsec = u32::try_from(total % 1_000_000_000).ok()?;
        Some(std::time::Duration::new(secs, subsec))
    }
}

impl From<std::time::Duration> for IsoDuration {
    /// A duration to send, written in whole seconds and fractions (`PT90S`).
    fn from(duration: std::time::Duration) -> Self {
        let raw = if duration.subsec_nanos() == 0 {
            format!("PT{}S", duration.as_secs())
        } else {
            format!("PT{}.{:09}S", duration.as_secs(), duration.subsec_nanos())
        };
        IsoDuration::parse(raw)
    }
}

impl fmt::Debug for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span() {
            Some(_) => write!(f, "IsoDuration({:?})", self.raw),
            None => write!(f, "IsoDuration({:?}, unparsed)", self.raw),
        }
    }
}

impl Lenient for IsoDuration {
    const EXPECTING: &'static str = "an ISO 8601 duration string";
    const KINDS: JsonKinds = JsonKinds::STRING;

    /// A string that is an ISO 8601 duration (so that a `oneOf` of a duration and a timestamp
    /// tells them apart).
    fn fit(raw: &serde_json::Value) -> Fit {
        Fit::from_bool(raw.as_str().is_some_and(|text| IsoDuration::parse(text).span().is_some()))
    }

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decoded<Self>, D::Error> {
        decode_str(deserializer, Self::EXPECTING, |text: StrInput<'_>| IsoDuration::parse(text.into_owned()))
    }
}

impl Drift for IsoDuration {
    fn drift_into(&self, at: &mut JsonPointer, out: &mut Vec<DriftItem>) {
        if self.span().is_none() {
            out.push(DriftItem::new(at, DriftKind::UnparsedDuration { raw: self.raw.clone() }));
        }
    }
}

crate::decode::raw_text_impls!(IsoDuration);
