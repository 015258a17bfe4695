//! [`Error`]: what a call can end in, chosen by status code, with the raw answer always kept.

use std::fmt;

use reqwest::header::HeaderMap;
use serde_json::Value;

use super::RateLimit;

/// Everything a call can fail with. Statuses choose the variant (never the body's shape); every
/// answer the server gave is kept whole in an [`ApiError`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// 400: the request, an id or a parameter value was refused.
    BadRequest(Box<ApiError>),
    /// 401: credentials missing or invalid, also after one refresh and retry.
    Unauthorized(Box<ApiError>),
    /// 403: this user has no access to this vehicle (usually a wrong vehicle id).
    Forbidden(Box<ApiError>),
    /// 404 with the API's "no data" codes (40400, 40410): nothing to return for this vehicle,
    /// which callers may treat as an empty result.
    NoData(Box<ApiError>),
    /// 404 otherwise: a wrong URL or id.
    NotFound(Box<ApiError>),
    /// 429: a rate limit was hit (after the retries the policy allows).
    TooManyRequests(Box<ApiError>),
    /// 5xx (after the retries the policy allows).
    Server(Box<ApiError>),
    /// Any other status that is not a success.
    UnexpectedStatus(Box<ApiError>),
    /// A success whose body is not JSON, or not the JSON shape the operation answers.
    Decode(Box<DecodeError>),
    /// No answer within the configured timeout.
    Timeout {
        /// What timed out.
        during: &'static str,
    },
    /// The connection could not be made (refused, DNS, TLS).
    Connect {
        /// Why.
        message: String,
    },
    /// The connection broke while the body was being read: the answer is cut off.
    BodyCutOff {
        /// The status that had arrived.
        status: u16,
        /// Why.
        message: String,
    },
    /// The body of an answer is larger than the client's limit ([`super::ClientBuilder::max_body_size`]);
    /// nothing past the limit was read.
    BodyTooLarge {
        /// The status that had arrived.
        status: u16,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A success whose JSON nests arrays and objects deeper than the decoder follows
    /// ([`crate::http::MAX_DEPTH`]): refused before any stack is at risk.
    TooDeep {
        /// The status of the answer.
        status: u16,
        /// The deepest nesting followed.
        limit: usize,
    },
    /// Any other transport failure.
    Transport {
        /// Why.
        message: String,
    },
    /// The token source failed for a reason that a later try may not have (the identity
    /// provider answered 500, or an unusable token).
    Token {
        /// Why.
        message: String,
    },
    /// The session is over and the user must log in again: the identity provider refused the
    /// refresh token (`invalid_grant`: expired, revoked, or already spent), or the token store
    /// holds no session. Nothing but a new login ends this.
    LoginRequired {
        /// Why, as the provider said it.
        message: String,
    },
    /// A login did not complete: a wrong or missing `state` in the redirect, a provider error
    /// in it, or the provider refused the code (a wrong PKCE verifier, an expired code).
    Login {
        /// Why.
        message: String,
    },
    /// The token store could not be read or written. When a save fails the store keeps its
    /// previous content, and the token source keeps the new tokens to save on the next call.
    Store {
        /// Why (the file and the system's reason).
        message: String,
    },
    /// The request could not be built (a bad base URL, a templated link with a missing variable).
    InvalidRequest {
        /// Why.
        message: String,
    },
}

impl Error {
    /// The server's answer, for the variants that have one.
    #[must_use]
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::BadRequest(e)
            | Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::NoData(e)
            | Error::NotFound(e)
            | Error::TooManyRequests(e)
            | Error::Server(e)
            | Error::UnexpectedStatus(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, when an answer arrived.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode(e) => Some(e.status),
            Error::BodyCutOff { status, .. } | Error::BodyTooLarge { status, .. } | Error::TooDeep { status, .. } => {
                Some(*status)
            }
            other => other.api().map(|e| e.status),
        }
    }

    /// The error for following a link relation the resource does not have.
    #[must_use]
    pub fn missing_link(relation: &str) -> Self {
        Error::InvalidRequest { message: format!("the resource has no `{relation}` link") }
    }

    /// Chooses the variant from the status.
    pub(crate) fn from_answer(answer: ApiError) -> Self {
        let answer = Box::new(answer);
        match answer.status {
            400 => Error::BadRequest(answer),
            401 => Error::Unauthorized(answer),
            403 => Error::Forbidden(answer),
            404 if answer.is_no_data() => Error::NoData(answer),
            404 => Error::NotFound(answer),
            429 => Error::TooManyRequests(answer),
            500..=599 => Error::Server(answer),
            _ => Error::UnexpectedStatus(answer),
        }
    }

    /// Classifies a reqwest failure, dropping the URL (it carries the `client_id`).
    pub(crate) fn transport(error: reqwest::Error, during: &'static str) -> Self {
        let (timeout, connect) = (error.is_timeout(), error.is_connect());
        let error = error.without_url();
        let message = source_chain(&error).map_or_else(|| error.to_string(), |chain| format!("{error}: {chain}"));
        if timeout {
            Error::Timeout { during }
        } else if connect {
            Error::Connect { message }
        } else {
            Error::Transport { message }
        }
    }
}

fn source_chain(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut parts = Vec::new();
    let mut current = error.source();
    while let Some(source) = current {
        parts.push(source.to_string());
        current = source.source();
    }
    (!parts.is_empty()).then(|| parts.join(": "))
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BadRequest(e) => write!(f, "bad request: {e}"),
            Error::Unauthorized(e) => write!(f, "unauthorized: {e}"),
            Error::Forbidden(e) => write!(f, "forbidden: {e}"),
            Error::NoData(e) => write!(f, "no data: {e}"),
            Error::NotFound(e) => write!(f, "not found: {e}"),
            Error::TooManyRequests(e) => write!(f, "too many requests: {e}"),
            Error::Server(e) => write!(f, "server error: {e}"),
            Error::UnexpectedStatus(e) => write!(f, "unexpected status: {e}"),
            Error::Decode(e) => write!(f, "{e}"),
            Error::Timeout { during } => write!(f, "timed out waiting for {during}"),
            Error::Connect { message } => write!(f, "could not connect: {message}"),
            Error::BodyCutOff { status, message } => write!(f, "the body of a {status} answer was cut off: {message}"),
            Error::BodyTooLarge { status, limit } => {
                write!(f, "the body of a {status} answer is larger than the limit of {limit} bytes")
            }
            Error::TooDeep { status, limit } => {
                write!(f, "the body of a {status} answer nests deeper than {limit} levels")
            }
            Error::Transport { message } => write!(f, "transport error: {message}"),
            Error::Token { message } => write!(f, "token error: {message}"),
            Error::LoginRequired { message } => write!(f, "log in again: {message}"),
            Error::Login { message } => write!(f, "login failed: {message}"),
            Error::Store { message } => write!(f, "token store: {message}"),
            Error::InvalidRequest { message } => write!(f, "invalid request: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode(e) => Some(&e.source),
            _ => None,
        }
    }
}

/// An answer that is not a success: status, headers, rate limits and the raw body, plus the body
/// decoded when it is one of the known error shapes.
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` as sent (a 502 often comes as `text/html`).
    pub content_type: Option<String>,
    /// Every response header.
    pub headers: HeaderMap,
    /// The rate-limit headers, parsed leniently.
    pub rate_limit: RateLimit,
    /// The body, byte for byte.
    pub body: Vec<u8>,
    /// The body decoded, when it is JSON in one of the three known shapes.
    pub parsed: Option<ErrorBody>,
}

impl ApiError {
    pub(crate) fn new(status: u16, headers: HeaderMap, body: Vec<u8>) -> Self {
        let content_type = headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let parsed = serde_json::from_slice::<Value>(&body).ok().and_then(|json| ErrorBody::from_json(&json));
        ApiError { status, content_type, rate_limit: RateLimit::from_headers(&headers), headers, body, parsed }
    }

    /// True for the API's "no data" answers: 404 with backend code 40400 or 40410.
    #[must_use]
    pub fn is_no_data(&self) -> bool {
        self.status == 404
            && matches!(&self.parsed, Some(ErrorBody::Backend { code: Some(code), .. }) if code == "40400" || code == "40410")
    }

    /// The body as text (lossy), for messages.
    #[must_use]
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl fmt::Debug for ApiError {
    /// The body as (lossy) text, not a list of bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("headers", &self.headers)
            .field("rate_limit", &self.rate_limit)
            .field("body", &self.body_text())
            .field("parsed", &self.parsed)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        match &self.parsed {
            Some(body) => write!(f, ", {body}"),
            None if self.body.is_empty() => f.write_str(", empty body"),
            None => write!(
                f,
                ", {} bytes of {}",
                self.body.len(),
                self.content_type.as_deref().unwrap_or("unknown content")
            ),
        }
    }
}

/// The three JSON shapes error bodies come in.
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorBody {
    /// From the API itself: `{uuid, code, message, timestamp}`; `code` arrives as a number or a
    /// string and is kept as text (`"40400"`).
    Backend {
        /// `uuid`.
        uuid: Option<String>,
        /// `code`, as text.
        code: Option<String>,
        /// `message`.
        message: Option<String>,
        /// `timestamp`, as sent.
        timestamp: Option<String>,
    },
    /// From the API gateway: `{httpCode, httpMessage, moreInformation}`.
    Gateway {
        /// `httpCode`.
        http_code: Option<String>,
        /// `httpMessage`.
        http_message: Option<String>,
        /// `moreInformation` (`"Token is invalid"` on an expired token).
        more_information: Option<String>,
    },
    /// From the identity provider: `{error, error_description}`.
    OAuth {
        /// `error` (`invalid_grant`).
        error: String,
        /// `error_description`.
        description: Option<String>,
    },
}

impl ErrorBody {
    /// Recognises a shape by its keys.
    #[must_use]
    pub fn from_json(json: &Value) -> Option<Self> {
        let text = |key: &str| match json.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        if !json.is_object() {
            return None;
        }
        if json.get("httpCode").is_some() || json.get("moreInformation").is_some() || json.get("httpMessage").is_some()
        {
            return Some(ErrorBody::Gateway {
                http_code: text("httpCode"),
                http_message: text("httpMessage"),
                more_information: text("moreInformation"),
            });
        }
        if let Some(error) = text("error") {
            return Some(ErrorBody::OAuth { error, description: text("error_description") });
        }
        if json.get("code").is_some() || json.get("uuid").is_some() || json.get("message").is_some() {
            return Some(ErrorBody::Backend {
                uuid: text("uuid"),
                code: text("code"),
                message: text("message"),
                timestamp: text("timestamp"),
            });
        }
        None
    }
}

impl fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let or_dash = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".to_owned());
        match self {
            ErrorBody::Backend { code, message, .. } => write!(f, "code {}: {}", or_dash(code), or_dash(message)),
            ErrorBody::Gateway { http_message, more_information, .. } => {
                write!(f, "{} ({})", or_dash(http_message), or_dash(more_information))
            }
            ErrorBody::OAuth { error, description } => write!(f, "{error}: {}", or_dash(description)),
        }
    }
}

/// A success whose body could not be decoded as the operation's type.
#[derive(Debug)]
pub struct DecodeError {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` as sent.
    pub content_type: Option<String>,
    /// The body, byte for byte.
    pub body: Vec<u8>,
    /// Why it could not be decoded.
    pub source: serde_json::Error,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} answer of {} bytes ({}) could not be decoded: {}",
            self.status,
            self.body.len(),
            self.content_type.as_deref().unwrap_or("no content type"),
            self.source
        )
    }
}
