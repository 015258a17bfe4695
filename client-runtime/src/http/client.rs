//! [`Client`]: sends [`Request`]s with credentials, retries what may be retried, and decodes answers.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_core::Stream;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, Url};
use tracing::Instrument;

use super::record::{DriftRecords, DriftSink, Recorder};
use super::{
    ApiError, Brand, ByStatus, DecodeError, Error, HalLink, RateLimit, Request, Secret, StaticToken, Tls, TokenSource,
};
use crate::{Drift, Lenient};

/// What a followed link accepts: it may lead to any resource, a GeoJSON position included.
const FOLLOW_ACCEPT: &str = "application/hal+json, application/vnd.geo+json, application/json";

/// Where the API lives unless told otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.groupe-psa.com/connectedcar/v4";

/// The largest body read unless told otherwise: 16 MiB, far above any answer of this API (a full
/// page of trips is tens of kilobytes) and small enough that a broken or hostile server cannot
/// exhaust memory.
pub const DEFAULT_MAX_BODY_SIZE: usize = 16 * 1024 * 1024;

/// The deepest nesting of arrays and objects a body may have: `serde_json`'s recursion limit
/// (128 levels, the 128th refused), which stops a deep document before it can overflow a stack.
pub const MAX_DEPTH: usize = 127;

/// A decoded answer with what its headers said.
#[derive(Debug)]
pub struct Response<T> {
    /// The HTTP status.
    pub status: u16,
    /// Every response header.
    pub headers: HeaderMap,
    /// The rate-limit headers, parsed leniently.
    pub rate_limit: RateLimit,
    /// The decoded body.
    pub body: T,
}

impl<T> Response<T> {
    /// The body, without the rest.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// When and how often answers that say "try again" are retried.
///
/// 429, 502, 503 and 504 are retried after `Retry-After` when the server sends one, else after an
/// exponential backoff (`initial_backoff` doubling up to `max_backoff`). A `Retry-After` longer
/// than `max_backoff` is not waited for: the error goes back to the caller, who can see the wait
/// in its [`RateLimit`]. POST and PATCH are retried only with `retry_non_idempotent`, since the
/// server may have acted on the first attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub max_retries: u32,
    /// The first backoff.
    pub initial_backoff: Duration,
    /// The longest wait, for backoff and `Retry-After` alike.
    pub max_backoff: Duration,
    /// Retry POST and PATCH too.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    #[must_use]
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1_u32.checked_shl(attempt).unwrap_or(u32::MAX);
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }
}

/// Builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    client_id: Option<String>,
    brand: Option<Brand>,
    tokens: Option<Arc<dyn TokenSource>>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent: String,
    tls: Tls,
    recorder: Option<Box<dyn DriftSink>>,
    max_body_size: usize,
}

impl fmt::Debug for dyn TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenSource")
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            client_id: None,
            brand: None,
            tokens: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: concat!("client-runtime/", env!("CARGO_PKG_VERSION")).to_owned(),
            tls: Tls::default(),
            recorder: None,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
        }
    }
}

impl ClientBuilder {
    /// Another base URL (certification hosts, a proxy, a test server).
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The application's OAuth2 client id, sent as the `client_id` query parameter on every call.
    #[must_use]
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// The brand, whose realm is sent as `x-introspect-realm` on every call.
    #[must_use]
    pub fn brand(mut self, brand: Brand) -> Self {
        self.brand = Some(brand);
        self
    }

    /// Where access tokens come from.
    #[must_use]
    pub fn token_source(mut self, tokens: impl TokenSource) -> Self {
        self.tokens = Some(Arc::new(tokens));
        self
    }

    /// A fixed access token (shorthand for a [`StaticToken`] source).
    #[must_use]
    pub fn access_token(self, token: impl Into<Secret>) -> Self {
        self.token_source(StaticToken::new(token))
    }

    /// The longest a whole call may take, body included (default 30 s).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest connecting may take (default 10 s).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`]).
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body read, in bytes (default [`DEFAULT_MAX_BODY_SIZE`]). A larger
    /// answer fails with [`Error::BodyTooLarge`], and nothing past the limit is buffered.
    #[must_use]
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// The `User-Agent` header.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A client certificate to present and extra CAs to trust (registered partner apps); give
    /// the same [`Tls`] to the [`OAuthApp`](super::OAuthApp) for the token endpoint.
    #[must_use]
    pub fn tls(mut self, tls: Tls) -> Self {
        self.tls = tls;
        self
    }

    /// Records every drifted answer into `sink` ([`DriftFolder`](super::DriftFolder) for a
    /// folder), for `cargo xtask learn`. Off by default; see [`super::record`] for what is kept.
    #[must_use]
    pub fn record_drift(mut self, sink: impl DriftSink) -> Self {
        self.recorder = Some(Box::new(sink));
        self
    }

    /// The client.
    ///
    /// # Errors
    /// When the client id, brand or token source is missing, the base URL does not parse, or the
    /// HTTP stack cannot start (among its reasons: no rustls crypto provider, see
    /// [`install_crypto_provider`](super::install_crypto_provider)).
    pub fn build(self) -> Result<Client, Error> {
        let missing = |what: &str| Error::InvalidRequest { message: format!("the client needs {what}") };
        let client_id = self.client_id.ok_or_else(|| missing("a client id"))?;
        let brand = self.brand.ok_or_else(|| missing("a brand"))?;
        let tokens = self.tokens.ok_or_else(|| missing("a token source"))?;
        let base_url = Url::parse(&self.base_url).map_err(|e| Error::InvalidRequest {
            message: format!("the base URL {:?} does not parse: {e}", self.base_url),
        })?;
        if !super::install_crypto_provider() {
            return Err(Error::Transport { message: super::NO_CRYPTO_PROVIDER.to_owned() });
        }
        // reqwest's default redirect policy follows up to 10 redirects and drops Authorization
        // (and cookies) when one leads to another host; the tests check it does.
        let http = self
            .tls
            .apply(reqwest::Client::builder())
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent)
            .build()
            .map_err(|e| Error::Transport { message: e.without_url().to_string() })?;
        let recorder = self.recorder.map(Recorder::new);
        let max_body_size = self.max_body_size;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                client_id,
                brand,
                tokens,
                retry: self.retry,
                recorder,
                max_body_size,
            }),
        })
    }
}

/// The HTTP client: adds `Authorization: Bearer`, the `client_id` query parameter,
/// `x-introspect-realm` and `Accept` to every call; refreshes the token once after a 401; retries
/// per its [`RetryPolicy`]; maps every failure to a typed [`Error`]. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    client_id: String,
    brand: Brand,
    tokens: Arc<dyn TokenSource>,
    retry: RetryPolicy,
    recorder: Option<Recorder>,
    max_body_size: usize,
}

impl fmt::Debug for Client {
    /// Shows where and how the client calls, never a credential.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("brand", &self.inner.brand)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// An answer with a success status, not yet decoded, and the span of the request it answers.
struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
    span: tracing::Span,
}

impl Client {
    /// A builder, with the production base URL.
    #[must_use]
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL.
    #[must_use]
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// Sends a request and decodes its body as `T`.
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn send<T: Lenient + Drift>(&self, request: Request) -> Result<Response<T>, Error> {
        let operation = request.operation;
        let answer = self.execute(request).await?;
        let body = decode(&answer)?;
        self.observe_drift(operation, &answer, &body);
        Ok(respond(answer, body))
    }

    /// Sends a request whose success may have an empty body (202, 204): `None` then.
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn send_optional<T: Lenient + Drift>(&self, request: Request) -> Result<Response<Option<T>>, Error> {
        let operation = request.operation;
        let answer = self.execute(request).await?;
        let body = if answer.body.iter().all(u8::is_ascii_whitespace) { None } else { Some(decode(&answer)?) };
        self.observe_drift(operation, &answer, &body);
        Ok(respond(answer, body))
    }

    /// Sends a request whose successes have different bodies by status: `T` (a generated enum)
    /// chooses by the status, then decodes.
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn send_by_status<T: ByStatus>(&self, request: Request) -> Result<Response<T>, Error> {
        let answer = self.execute(request).await?;
        let body = T::from_status(answer.status, &answer.body).map_err(|source| parse_failure(&answer, source))?;
        Ok(respond(answer, body))
    }

    /// Sends a request whose success has no body worth reading (a DELETE answered 200 or 204).
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn send_empty(&self, request: Request) -> Result<Response<()>, Error> {
        let answer = self.execute(request).await?;
        Ok(respond(answer, ()))
    }

    /// Sends a request whose success is not JSON: the body as it came, with its content type in
    /// the headers (text is decoded by the caller, as `String::from_utf8_lossy` or otherwise).
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn send_bytes(&self, request: Request) -> Result<Response<Vec<u8>>, Error> {
        let mut answer = self.execute(request).await?;
        let body = std::mem::take(&mut answer.body);
        Ok(respond(answer, body))
    }

    /// Follows a HAL link to the resource it points at, decoded as `T`. Relative hrefs resolve
    /// against the base URL; templated ones need [`Client::follow_template`].
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] for a link without href or a templated link; else see [`Error`].
    pub async fn follow<T: Lenient + Drift>(&self, link: &impl HalLink) -> Result<Response<T>, Error> {
        if link.is_templated() {
            return Err(Error::InvalidRequest { message: "the link is templated: use follow_template".to_owned() });
        }
        let href = link.href().ok_or_else(|| Error::InvalidRequest { message: "the link has no href".to_owned() })?;
        self.send(Request::get_url(self.resolve(href)?).accept(FOLLOW_ACCEPT)).await
    }

    /// Follows a templated HAL link after expanding it with `vars` (`{cbid}` → `vars["cbid"]`).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when a variable is missing; else see [`Error`].
    pub async fn follow_template<T: Lenient + Drift>(
        &self,
        link: &impl HalLink,
        vars: &[(&str, &str)],
    ) -> Result<Response<T>, Error> {
        let href = link.href().ok_or_else(|| Error::InvalidRequest { message: "the link has no href".to_owned() })?;
        let expanded = super::hal::expand_template(href, vars).map_err(|message| Error::InvalidRequest { message })?;
        self.send(Request::get_url(self.resolve(&expanded)?).accept(FOLLOW_ACCEPT)).await
    }

    /// Follows a link relation a resource may lack (generated `follow_<relation>` methods).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the relation is absent or templated; else see [`Error`].
    pub async fn follow_relation<T: Lenient + Drift, L: HalLink>(
        &self,
        link: Option<&L>,
        relation: &str,
    ) -> Result<Response<T>, Error> {
        match link {
            Some(link) => self.follow(link).await,
            None => Err(Error::missing_link(relation)),
        }
    }

    /// Follows a templated link relation a resource may lack, expanding it with `vars`.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the relation is absent or a variable is missing; else see [`Error`].
    pub async fn follow_relation_with<T: Lenient + Drift, L: HalLink>(
        &self,
        link: Option<&L>,
        relation: &str,
        vars: &[(&str, &str)],
    ) -> Result<Response<T>, Error> {
        match link {
            Some(link) => self.follow_template(link, vars).await,
            None => Err(Error::missing_link(relation)),
        }
    }

    /// Pages through a collection: sends `first`, yields the items `items` takes out of each page,
    /// and follows the href `next` finds (absolute, or relative to the page it came in, as RFC
    /// 3986 resolves links in a document) until there is none. One
    /// page is held at a time; a page that links to itself ends the stream.
    pub fn paginate<P, I>(
        &self,
        first: Request,
        items: fn(P) -> Vec<I>,
        next: fn(&P) -> Option<String>,
    ) -> impl Stream<Item = Result<I, Error>> + Send + 'static
    where
        P: Lenient + Drift + Send + 'static,
        I: Send + 'static,
    {
        let (accept, operation) = (first.accept, first.operation);
        let state = Pager {
            client: self.clone(),
            pending: Some(first),
            buffer: VecDeque::new(),
            seen: Vec::new(),
            accept,
            operation,
        };
        futures_util::stream::try_unfold(state, move |mut state| async move {
            loop {
                if let Some(item) = state.buffer.pop_front() {
                    return Ok(Some((item, state)));
                }
                let Some(request) = state.pending.take() else { return Ok(None) };
                let url = request.url(&state.client.inner.base_url, &state.client.inner.client_id)?;
                state.seen.push(url.clone());
                let page: Response<P> = state.client.send(request).await?;
                if let Some(href) = next(&page.body) {
                    let next_url = url.join(&href).map_err(|e| Error::InvalidRequest {
                        message: format!("the next link {href:?} does not resolve: {e}"),
                    })?;
                    let known = state.seen.iter().any(|seen| same_page(seen, &next_url));
                    if !known {
                        let next = Request::get_url(next_url).accept(state.accept);
                        state.pending = Some(Request { operation: state.operation, ..next });
                    }
                }
                state.buffer.extend(items(page.body));
            }
        })
    }

    /// How drift recording went, when [`ClientBuilder::record_drift`] turned it on.
    #[must_use]
    pub fn drift_records(&self) -> Option<DriftRecords> {
        self.inner.recorder.as_ref().map(Recorder::counts)
    }

    /// Looks at an answer's drift once for whoever wants it: the drift recorder, and an event
    /// when a tracing subscriber listens. With neither, the drift is not even computed.
    fn observe_drift<T: Drift>(&self, operation: Option<&'static str>, answer: &Answer, decoded: &T) {
        let recorder = self.inner.recorder.as_ref();
        let traced = answer.span.in_scope(|| tracing::enabled!(tracing::Level::INFO));
        if recorder.is_none() && !traced {
            return;
        }
        let drift = decoded.drift();
        if drift.is_empty() {
            return;
        }
        if traced {
            answer.span.in_scope(|| {
                tracing::info!(
                    drift_items = drift.len(),
                    body = std::any::type_name::<T>(),
                    "the answer departs from the schema"
                );
            });
        }
        if let Some(recorder) = recorder {
            recorder.observe::<T>(operation, answer.status, &answer.body, &drift);
        }
    }

    /// Resolves an href by the rules of RFC 3986 against the base URL taken as a folder (a
    /// decoded resource does not know the URL it came from; next links, which do, are resolved
    /// against their page by [`Client::paginate`]): `user/x` and `/connectedcar/v4/user/x` both
    /// name `…/connectedcar/v4/user/x`; an absolute href stays as it is.
    fn resolve(&self, href: &str) -> Result<Url, Error> {
        let base = format!("{}/", self.inner.base_url.as_str().trim_end_matches('/'));
        Url::parse(&base)
            .and_then(|base| base.join(href.trim()))
            .map_err(|e| Error::InvalidRequest { message: format!("the href {href:?} does not resolve: {e}") })
    }

    /// Sends with credentials, one refresh after a 401, and retries per the policy, in a span
    /// that names the method and the path template (never the filled path, which holds ids).
    async fn execute(&self, request: Request) -> Result<Answer, Error> {
        let span = tracing::info_span!(
            "request",
            method = %request.method,
            path = request.template(),
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self.attempts(request, &span).instrument(span.clone()).await;
        span.record("duration_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
        if let Err(error) = &result {
            // The variant's text can quote the server's message; the status says enough here.
            tracing::debug!(parent: &span, status = error.status(), "request failed");
        }
        result.map(|(status, headers, body)| Answer { status, headers, body, span })
    }

    async fn attempts(&self, request: Request, span: &tracing::Span) -> Result<(u16, HeaderMap, Vec<u8>), Error> {
        let inner = &self.inner;
        let url = request.url(&inner.base_url, &inner.client_id)?;
        // Links in answers may point anywhere; credentials go to the API's own origin only.
        if url.origin() != inner.base_url.origin() {
            return Err(Error::InvalidRequest {
                message: format!(
                    "the link leads to {}, not to the API's host; credentials are not sent there",
                    url.origin().ascii_serialization()
                ),
            });
        }
        let body = match &request.body {
            Some(Ok(bytes)) => Some(bytes.clone()),
            Some(Err(why)) => {
                return Err(Error::InvalidRequest { message: format!("the body does not serialise: {why}") });
            }
            None => None,
        };
        let may_retry = !matches!(request.method, Method::POST | Method::PATCH) || inner.retry.retry_non_idempotent;
        let mut token = inner.tokens.token().await?;
        let mut refreshed = false;
        let mut retries = 0;
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let mut builder = inner
                .http
                .request(request.method.clone(), url.clone())
                .header(AUTHORIZATION, bearer(&token)?)
                .header("x-introspect-realm", inner.brand.realm())
                .header(ACCEPT, request.accept);
            for (name, value) in &request.headers {
                builder = builder.header(*name, value.as_str());
            }
            if let Some(bytes) = &body {
                builder = builder.header(CONTENT_TYPE, "application/json").body(bytes.clone());
            }
            let response = builder.send().await.map_err(|e| Error::transport(e, "the API"))?;
            let status = response.status().as_u16();
            span.record("status", status);
            span.record("attempt", attempt);
            tracing::debug!(status, attempt, "answer");
            let headers = response.headers().clone();
            let bytes = read_capped(response, status, inner.max_body_size).await?;
            if (200..300).contains(&status) {
                return Ok((status, headers, bytes));
            }
            if status == 401 && !refreshed {
                refreshed = true;
                tracing::info!(attempt, "access token refused; refreshing it once");
                match inner.tokens.refresh(&token).await {
                    Ok(Some(fresh)) => {
                        tracing::info!("access token refreshed");
                        token = fresh;
                        continue;
                    }
                    Ok(None) => tracing::info!("the token source has no fresher token"),
                    Err(error) => {
                        tracing::warn!(relogin = matches!(error, Error::LoginRequired { .. }), "token refresh failed");
                        return Err(error);
                    }
                }
            }
            let answer = ApiError::new(status, headers, bytes);
            if may_retry && matches!(status, 429 | 502 | 503 | 504) && retries < inner.retry.max_retries {
                let wait = answer.rate_limit.retry_after.unwrap_or_else(|| inner.retry.backoff(retries));
                let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
                if wait <= inner.retry.max_backoff {
                    tracing::info!(status, attempt, wait_ms, "retrying");
                    tokio::time::sleep(wait).await;
                    retries += 1;
                    continue;
                }
                tracing::info!(
                    status,
                    attempt,
                    wait_ms,
                    "not retrying: the server asks for a longer wait than allowed"
                );
            }
            return Err(Error::from_answer(answer));
        }
    }
}

/// Reads a body chunk by chunk, refusing it as soon as it passes `limit` bytes (or announces more
/// in `Content-Length`), so that nothing past the limit is ever buffered.
async fn read_capped(mut response: reqwest::Response, status: u16, limit: usize) -> Result<Vec<u8>, Error> {
    let too_large = Error::BodyTooLarge { status, limit };
    let announced = response.content_length().map(|length| usize::try_from(length).unwrap_or(usize::MAX));
    if announced.is_some_and(|length| length > limit) {
        return Err(too_large);
    }
    let mut body = Vec::with_capacity(announced.unwrap_or(0));
    loop {
        let chunk = response.chunk().await.map_err(|e| match Error::transport(e, "the response body") {
            Error::Connect { message } | Error::Transport { message } => Error::BodyCutOff { status, message },
            other => other,
        })?;
        let Some(chunk) = chunk else { return Ok(body) };
        if body.len().saturating_add(chunk.len()) > limit {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
}

struct Pager<I> {
    client: Client,
    pending: Option<Request>,
    buffer: VecDeque<I>,
    seen: Vec<Url>,
    accept: &'static str,
    /// The first page's `operationId`, which every page answers for (drift records name it).
    operation: Option<&'static str>,
}

/// Two page URLs are the same page when they differ at most in `client_id`.
fn same_page(a: &Url, b: &Url) -> bool {
    let strip = |url: &Url| {
        let mut url = url.clone();
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| k != "client_id")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
        url
    };
    strip(a) == strip(b)
}

fn bearer(token: &Secret) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
        .map_err(|_| Error::Token { message: "the access token is not a valid header value".to_owned() })?;
    value.set_sensitive(true);
    Ok(value)
}

/// True for JSON media types: `application/json`, any `+json` (`hal+json`, `vnd.geo+json`),
/// with parameters and stray spaces tolerated; a missing type is taken as JSON.
pub(crate) fn is_json(content_type: Option<&str>) -> bool {
    let Some(content_type) = content_type else { return true };
    let media = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    media == "application/json" || media == "text/json" || media.ends_with("+json")
}

/// A body that could not be decoded, with the answer it came in.
fn decode_error(answer: &Answer, source: serde_json::Error) -> Error {
    let content_type = answer.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
    Error::Decode(Box::new(DecodeError {
        status: answer.status,
        content_type: content_type.map(str::to_owned),
        body: answer.body.clone(),
        source,
    }))
}

fn decode<T: Lenient>(answer: &Answer) -> Result<T, Error> {
    let content_type = answer.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
    if !is_json(content_type) {
        use serde::de::Error as _;
        return Err(decode_error(
            answer,
            serde_json::Error::custom(format!(
                "expected a JSON media type, got {:?}",
                content_type.unwrap_or_default()
            )),
        ));
    }
    crate::from_json_slice(&answer.body).map_err(|source| parse_failure(answer, source))
}

/// The error for a body that did not parse: [`Error::TooDeep`] when it nests past the limit,
/// else a [`DecodeError`] with the raw body. Only a failed parse pays for the depth scan.
fn parse_failure(answer: &Answer, source: serde_json::Error) -> Error {
    if nests_deeper_than(&answer.body, MAX_DEPTH) {
        Error::TooDeep { status: answer.status, limit: MAX_DEPTH }
    } else {
        decode_error(answer, source)
    }
}

/// True when the JSON text nests arrays and objects deeper than `limit` (brackets inside strings
/// do not count).
fn nests_deeper_than(bytes: &[u8], limit: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0_usize, false, false);
    for &byte in bytes {
        match (in_string, byte) {
            (true, _) if escaped => escaped = false,
            (true, b'\\') => escaped = true,
            (true, b'"') | (false, b'"') => in_string = !in_string,
            (false, b'[' | b'{') => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            (false, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

fn respond<T>(answer: Answer, body: T) -> Response<T> {
    Response {
        status: answer.status,
        rate_limit: RateLimit::from_headers(&answer.headers),
        headers: answer.headers,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_that_does_not_parse_is_too_deep_or_a_decode_error_for_every_sender() {
        let answer =
            |body: Vec<u8>| Answer { status: 201, headers: HeaderMap::new(), body, span: tracing::Span::none() };
        let source = || serde_json::from_slice::<serde_json::Value>(b"{").unwrap_err();
        let deep = answer(format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1)).into_bytes());
        assert!(matches!(parse_failure(&deep, source()), Error::TooDeep { status: 201, limit: MAX_DEPTH }));
        let broken = answer(b"{\"a\": [1, 2".to_vec());
        match parse_failure(&broken, source()) {
            Error::Decode(error) => assert_eq!((error.status, error.body.as_slice()), (201, &b"{\"a\": [1, 2"[..])),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn json_media_types_are_recognised_with_parameters_and_spaces() {
        for yes in [
            None,
            Some("application/json"),
            Some("application/hal+json;charset=UTF-8"),
            Some(" application/vnd.geo+json "),
            Some("Application/HAL+JSON ; q=1"),
        ] {
            assert!(is_json(yes), "{yes:?}");
        }
        for no in [Some("text/html"), Some("text/html; charset=utf-8"), Some("application/octet-stream")] {
            assert!(!is_json(no), "{no:?}");
        }
    }

    #[test]
    fn backoff_doubles_and_is_bounded() {
        let policy = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            ..RetryPolicy::default()
        };
        let waits: Vec<u128> = (0..6).map(|n| policy.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(policy.backoff(200), Duration::from_secs(1));
    }

    #[test]
    fn debug_output_never_shows_a_secret() {
        let client =
            Client::builder().client_id("app").brand(Brand::Opel).access_token("s3cr3t-token").build().unwrap();
        let debug = format!("{client:?}");
        assert!(!debug.contains("s3cr3t") && debug.contains("Opel"), "{debug}");
        assert_eq!(format!("{:?}", Secret::new("s3cr3t")), "Secret(\"***\")");
    }
}
