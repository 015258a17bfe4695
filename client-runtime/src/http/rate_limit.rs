//! [`RateLimit`]: the `X-RateLimit-*` and `Retry-After` headers, parsed when present and ignored when malformed.

use std::time::Duration;

use reqwest::header::HeaderMap;

/// What the rate-limit headers of one answer said. The API has a day window (`-1`) and a 1 s
/// burst window (`-2`); its CORS list also names the headers without suffix, so both spellings
/// are read. A header that is absent or does not parse is `None`: a malformed value never fails
/// a call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// `X-RateLimit-Limit-1`: calls allowed in the day window.
    pub day_limit: Option<u64>,
    /// `X-RateLimit-Remaining-1`: calls left in the day window.
    pub day_remaining: Option<u64>,
    /// `X-RateLimit-Limit-2`: calls allowed in the burst window.
    pub burst_limit: Option<u64>,
    /// `X-RateLimit-Remaining-2`: calls left in the burst window.
    pub burst_remaining: Option<u64>,
    /// `X-RateLimit-Limit` without suffix.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining` without suffix.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Reset`: how long until calls are allowed again.
    pub reset: Option<Duration>,
    /// `Retry-After`, in seconds or as an HTTP date.
    pub retry_after: Option<Duration>,
}

impl RateLimit {
    /// Reads the headers of one answer.
    #[must_use]
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
        RateLimit {
            day_limit: number("x-ratelimit-limit-1"),
            day_remaining: number("x-ratelimit-remaining-1"),
            burst_limit: number("x-ratelimit-limit-2"),
            burst_remaining: number("x-ratelimit-remaining-2"),
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
            reset: number("x-ratelimit-reset").map(Duration::from_secs),
            retry_after: headers.get("retry-after").and_then(|v| v.to_str().ok()).and_then(parse_retry_after),
        }
    }

    /// True when no rate-limit header was present (or none parsed).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == RateLimit::default()
    }
}

/// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT` (a date in the past is zero).
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let wait = at.duration_since(jiff::Timestamp::now());
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}
