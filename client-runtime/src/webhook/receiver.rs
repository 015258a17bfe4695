//! [`Receiver`]: the framework-neutral core of a webhook endpoint, from headers and body to typed messages.

use std::fmt;
use std::marker::PhantomData;

use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, StatusCode};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use subtle::{Choice, ConstantTimeEq};

use crate::http::Secret;
use crate::{Decoded, Drift, DriftReport, JsonPointer, Lenient, Seed};

/// The body cap when none is set: the vendor batches up to 100 messages, each a few kilobytes
/// even with a full status attached, so 2 MiB leaves ample room and still bounds memory.
pub const DEFAULT_MAX_BODY_BYTES: usize = 2 << 20;

/// Checks and decodes deliveries to one callback: the header attributes registered with it
/// (compared in constant time), the content type, the body size, then the body, leniently.
///
/// The order matters: a request without the right headers is refused before its body is read or
/// decoded, so an anonymous sender can make the receiver do no more than compare a few bytes.
pub struct Receiver<T> {
    expected: Vec<(HeaderName, Secret)>,
    max_body_bytes: usize,
    marker: PhantomData<fn() -> T>,
}

impl<T> Receiver<T> {
    /// A receiver that accepts only requests carrying every one of these headers with exactly
    /// this value: the header attributes registered with the callback (`Authorization`, or a
    /// key of your own).
    ///
    /// # Errors
    /// When the list is empty (use [`Receiver::unauthenticated`] to say so on purpose), or a
    /// name is not a valid header name.
    pub fn new<N, V>(expected: impl IntoIterator<Item = (N, V)>) -> Result<Self, ConfigError>
    where
        N: AsRef<str>,
        V: Into<Secret>,
    {
        let expected = expected
            .into_iter()
            .map(|(name, value)| {
                let name = name.as_ref();
                HeaderName::try_from(name)
                    .map(|header| (header, value.into()))
                    .map_err(|_| ConfigError::InvalidHeaderName(name.to_owned()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if expected.is_empty() {
            return Err(ConfigError::NoExpectedHeader);
        }
        Ok(Receiver { expected, max_body_bytes: DEFAULT_MAX_BODY_BYTES, marker: PhantomData })
    }

    /// A receiver that checks no header: only for callbacks registered without header
    /// attributes (the vendor sends none on batched calls), behind a secret URL or a network
    /// boundary of your own.
    #[must_use]
    pub fn unauthenticated() -> Self {
        Receiver { expected: Vec::new(), max_body_bytes: DEFAULT_MAX_BODY_BYTES, marker: PhantomData }
    }

    /// Refuses bodies longer than this many bytes (413); [`DEFAULT_MAX_BODY_BYTES`] otherwise.
    #[must_use]
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// The body cap in force.
    #[must_use]
    pub fn body_limit(&self) -> usize {
        self.max_body_bytes
    }

    /// Checks what can be checked before the body is read: the header attributes (401), the
    /// content type (415: only `application/json` and `+json` types), and a declared
    /// `Content-Length` over the cap (413).
    ///
    /// # Errors
    /// The first check that fails, in that order.
    pub fn check_head(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        if !self.authorized(headers) {
            return Err(Refusal::Unauthorized);
        }
        let content_type = headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok());
        if !content_type.is_some_and(|media| crate::http::is_json(Some(media))) {
            return Err(Refusal::UnsupportedMediaType);
        }
        let declared = headers.get(CONTENT_LENGTH).and_then(|value| value.to_str().ok()?.trim().parse::<u64>().ok());
        if declared.is_some_and(|length| length > self.max_body_bytes as u64) {
            return Err(Refusal::PayloadTooLarge { limit: self.max_body_bytes });
        }
        Ok(())
    }

    /// True when every expected header is present once with its value. Every expected header
    /// is compared, whatever the outcome of the others, and each comparison takes the same time
    /// wherever the bytes differ (only a length difference shows).
    fn authorized(&self, headers: &HeaderMap) -> bool {
        let mut all = Choice::from(1);
        for (name, secret) in &self.expected {
            let mut values = headers.get_all(name).iter();
            let matched = match (values.next(), values.next()) {
                (Some(value), None) => value.as_bytes().ct_eq(secret.expose().as_bytes()),
                _ => Choice::from(0),
            };
            all &= matched;
        }
        bool::from(all)
    }
}

impl<T: Lenient + Drift> Receiver<T> {
    /// The whole check of one delivery: [`Receiver::check_head`], then the body cap, then the
    /// body, one `T` or an array of them.
    ///
    /// # Errors
    /// A [`Refusal`] saying which check failed; nothing is decoded for a 401 or a 415.
    pub fn receive(&self, headers: &HeaderMap, body: &[u8]) -> Result<Delivery<T>, Refusal> {
        self.check_head(headers)?;
        self.decode(body)
    }

    /// Decodes a body whose head passed [`Receiver::check_head`]: the cap again (the declared
    /// length may be absent or false), then the messages.
    ///
    /// # Errors
    /// [`Refusal::PayloadTooLarge`] over the cap, [`Refusal::Malformed`] when the body is not
    /// JSON, or neither an object nor an array.
    pub fn decode(&self, body: &[u8]) -> Result<Delivery<T>, Refusal> {
        if body.len() > self.max_body_bytes {
            return Err(Refusal::PayloadTooLarge { limit: self.max_body_bytes });
        }
        Delivery::from_json_slice(body).map_err(Refusal::Malformed)
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.expected.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Receiver")
            .field("expected_headers", &names)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

/// A receiver that cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// No header to check was given.
    NoExpectedHeader,
    /// This is not a valid HTTP header name.
    InvalidHeaderName(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::NoExpectedHeader => f.write_str(
                "a webhook receiver needs at least one expected header (or Receiver::unauthenticated, on purpose)",
            ),
            ConfigError::InvalidHeaderName(name) => write!(f, "{name:?} is not a valid HTTP header name"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Why a delivery was refused. [`Refusal::status`] is the answer to send.
#[derive(Debug)]
#[non_exhaustive]
pub enum Refusal {
    /// An expected header was missing, repeated or wrong (401). The body was not decoded.
    Unauthorized,
    /// The content type was missing or not JSON (415).
    UnsupportedMediaType,
    /// The body was longer than the cap (413).
    PayloadTooLarge {
        /// The cap, in bytes.
        limit: usize,
    },
    /// The body was not JSON, or its top level was neither a message nor an array (400).
    Malformed(serde_json::Error),
    /// The body could not be read to its end (400).
    Incomplete,
    /// The body took longer than the read timeout to arrive (408).
    TimedOut,
    /// The consumer is behind: its queue is full, or it is gone (503, so that the sender retries).
    Busy,
}

impl Refusal {
    /// The HTTP status that answers this refusal.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Refusal::Unauthorized => StatusCode::UNAUTHORIZED,
            Refusal::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Refusal::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::Malformed(_) | Refusal::Incomplete => StatusCode::BAD_REQUEST,
            Refusal::TimedOut => StatusCode::REQUEST_TIMEOUT,
            Refusal::Busy => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Unauthorized => f.write_str("missing or wrong header attribute"),
            Refusal::UnsupportedMediaType => f.write_str("the body must be application/json"),
            Refusal::PayloadTooLarge { limit } => write!(f, "the body is over the {limit}-byte limit"),
            Refusal::Malformed(source) => write!(f, "the body is not a message or an array of messages: {source}"),
            Refusal::Incomplete => f.write_str("the body could not be read to its end"),
            Refusal::TimedOut => f.write_str("the body took too long to arrive"),
            Refusal::Busy => f.write_str("the consumer is behind; retry later"),
        }
    }
}

impl std::error::Error for Refusal {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Refusal::Malformed(source) => Some(source),
            _ => None,
        }
    }
}

/// The messages of one delivery, decoded leniently, with what departed from the schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery<T> {
    /// The messages that decoded, in the order they came.
    pub messages: Vec<T>,
    /// True when the body was a JSON array (a batch, as the vendor's docs describe it), false
    /// for a single message (as its spec declares).
    pub batch: bool,
    /// Items of a batch that were not a message at all (not an object), with their index: kept
    /// raw, and named in [`Delivery::drift`], so that one bad item costs only itself.
    pub rejected: Vec<(usize, Value)>,
    /// Every departure from the schema, with JSON pointers into the body (`/0/type`, …).
    pub drift: DriftReport,
}

impl<T: Lenient + Drift> Delivery<T> {
    /// Decodes a body: one `T`, or an array of them.
    ///
    /// # Errors
    /// When the bytes are not JSON, or the top level is neither what `T` takes nor an array.
    pub fn from_json_slice(body: &[u8]) -> serde_json::Result<Self> {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let delivery = deserializer.deserialize_any(DeliveryVisitor(PhantomData))?;
        deserializer.end()?;
        Ok(delivery)
    }
}

impl<T> Delivery<T> {
    /// The number of messages that decoded.
    #[must_use]
    pub fn len(&self) -> usize {
        self.messages.len()
    }

    /// True when no message decoded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }
}

struct DeliveryVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Lenient + Drift> Visitor<'de> for DeliveryVisitor<T> {
    type Value = Delivery<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} or an array of them", T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        match T::decode(serde::de::value::MapAccessDeserializer::new(map))? {
            Decoded::Value(message) => {
                let drift = message.drift();
                Ok(Delivery { messages: vec![message], batch: false, rejected: Vec::new(), drift })
            }
            Decoded::Null | Decoded::Mismatch(_) => {
                Err(serde::de::Error::invalid_type(serde::de::Unexpected::Map, &T::EXPECTING))
            }
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut messages = Vec::new();
        let mut rejected = Vec::new();
        let mut drift = Vec::new();
        let mut at = JsonPointer::root();
        let mut index = 0;
        while let Some(item) = seq.next_element_seed(Seed::<T>::new())? {
            at.push_index(index);
            match item {
                Decoded::Value(message) => {
                    message.drift_into(&mut at, &mut drift);
                    messages.push(message);
                }
                Decoded::Null => {
                    T::explain(&Value::Null, &mut at, &mut drift);
                    rejected.push((index, Value::Null));
                }
                Decoded::Mismatch(raw) => {
                    T::explain(&raw, &mut at, &mut drift);
                    rejected.push((index, raw));
                }
            }
            at.pop();
            index += 1;
        }
        Ok(Delivery { messages, batch: true, rejected, drift: DriftReport { items: drift } })
    }

    // Every other top-level value (scalars, null) is refused by the visitor's default methods.
}
