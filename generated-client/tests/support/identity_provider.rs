//! A local OAuth2 identity provider on 127.0.0.1, shaped like the brands' ForgeRock AM, for the
//! sign-in tests and the `login` example.
//!
//! [`IdentityProvider`] serves `/am/oauth2/authorize` (the user is taken as logged in: it
//! redirects at once to `redirect_uri` with a `code` and the `state`), `/am/oauth2/access_token`
//! (`authorization_code` with PKCE S256 verification, and `refresh_token` with rotation: a spent
//! or revoked refresh token is refused with `invalid_grant`) and `/am/oauth2/token/revoke`. It
//! checks the client's credentials (HTTP Basic or form body), answers with the provider's error
//! bodies (`{"error", "error_description"}`), and records every request.

#![allow(dead_code, reason = "the tests and the examples each use a different part of this module")]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use url::Url;
use url::form_urlencoded;

/// The client the provider knows.
pub(crate) const IDP_CLIENT_ID: &str = "idp-app-id";
/// Its secret.
pub(crate) const IDP_CLIENT_SECRET: &str = "idp-SECRET-client";

/// One request as it arrived.
#[derive(Clone, Debug)]
pub(crate) struct Seen {
    /// `authorize`, `token` or `revoke`.
    pub(crate) endpoint: &'static str,
    /// The query (authorize, revoke) or form (token) parameters.
    pub(crate) params: HashMap<String, String>,
    /// The raw query string.
    pub(crate) query: String,
    /// The `Authorization` header.
    pub(crate) authorization: Option<String>,
}

impl Seen {
    /// A parameter.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

/// An issued authorization code, waiting for its exchange.
struct PendingCode {
    redirect_uri: String,
    challenge: String,
}

#[derive(Default)]
struct Books {
    seen: Vec<Seen>,
    codes: HashMap<String, PendingCode>,
    /// Refresh tokens that may still be used.
    live: Vec<String>,
    /// Refresh tokens used once (rotated away) or revoked.
    spent: Vec<String>,
    revoked: Vec<String>,
    issued: u64,
    refreshes: u64,
    /// Refresh attempts with a token that was no longer live.
    refused_refreshes: u64,
    /// Every code verifier received (for the leak checks: they are random).
    verifiers: Vec<String>,
}

struct Shared {
    books: Mutex<Books>,
    /// The `expires_in` handed out.
    lifetime: Mutex<u64>,
    /// A wait before each refresh is answered, to widen race windows in the concurrency tests.
    refresh_delay: Mutex<Duration>,
}

/// The running provider; stops when dropped.
pub(crate) struct IdentityProvider {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl Drop for IdentityProvider {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl IdentityProvider {
    /// Starts on a free port of 127.0.0.1.
    ///
    /// # Panics
    /// When no port can be bound.
    pub(crate) async fn start() -> IdentityProvider {
        IdentityProvider::start_on(SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts on `addr`.
    ///
    /// # Panics
    /// When the address cannot be bound.
    pub(crate) async fn start_on(addr: SocketAddr) -> IdentityProvider {
        let listener = TcpListener::bind(addr).await.unwrap_or_else(|e| panic!("cannot bind {addr}: {e}"));
        let addr = listener.local_addr().expect("a bound address");
        let shared = Arc::new(Shared {
            books: Mutex::default(),
            lifetime: Mutex::new(3599),
            refresh_delay: Mutex::new(Duration::ZERO),
        });
        let app = Router::new()
            .route("/am/oauth2/authorize", get(authorize))
            .route("/am/oauth2/access_token", post(token))
            .route("/am/oauth2/token/revoke", post(revoke))
            .with_state(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                eprintln!("identity provider stopped: {error}");
            }
        });
        IdentityProvider { addr, shared, task }
    }

    /// `http://127.0.0.1:<port>`, to give `IdentityProvider::with_base_url`.
    pub(crate) fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A live refresh token, as if the user had logged in earlier.
    pub(crate) fn issue_refresh_token(&self) -> String {
        let mut books = lock(&self.shared.books);
        books.issued += 1;
        let token = format!("idp-refresh-{}", books.issued);
        books.live.push(token.clone());
        token
    }

    /// The `expires_in` of the tokens handed out from now on.
    pub(crate) fn set_lifetime(&self, seconds: u64) {
        *lock(&self.shared.lifetime) = seconds;
    }

    /// A wait before each refresh is answered.
    pub(crate) fn set_refresh_delay(&self, delay: Duration) {
        *lock(&self.shared.refresh_delay) = delay;
    }

    /// Every request so far.
    pub(crate) fn seen(&self) -> Vec<Seen> {
        lock(&self.shared.books).seen.clone()
    }

    /// The requests so far to one endpoint (`authorize`, `token`, `revoke`).
    pub(crate) fn seen_at(&self, endpoint: &str) -> Vec<Seen> {
        self.seen().into_iter().filter(|seen| seen.endpoint == endpoint).collect()
    }

    /// Successful refreshes so far.
    pub(crate) fn refreshes(&self) -> u64 {
        lock(&self.shared.books).refreshes
    }

    /// Refreshes refused because the token was spent or revoked.
    pub(crate) fn refused_refreshes(&self) -> u64 {
        lock(&self.shared.books).refused_refreshes
    }

    /// Whether a refresh token is still accepted.
    pub(crate) fn is_live(&self, refresh_token: &str) -> bool {
        lock(&self.shared.books).live.iter().any(|live| live == refresh_token)
    }

    /// The tokens revoked so far.
    pub(crate) fn revoked(&self) -> Vec<String> {
        lock(&self.shared.books).revoked.clone()
    }

    /// Every code verifier received.
    pub(crate) fn verifiers(&self) -> Vec<String> {
        lock(&self.shared.books).verifiers.clone()
    }
}

fn parse(text: &str) -> HashMap<String, String> {
    form_urlencoded::parse(text.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn record(shared: &Shared, endpoint: &'static str, params: &HashMap<String, String>, query: &str, headers: &HeaderMap) {
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
    lock(&shared.books).seen.push(Seen { endpoint, params: params.clone(), query: query.to_owned(), authorization });
}

/// The provider's error body.
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        json!({"error": error, "error_description": description}).to_string(),
    )
        .into_response()
}

/// The browser's visit: the user is taken as logged in and sent back with a code.
async fn authorize(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let query = query.unwrap_or_default();
    let params = parse(&query);
    record(&shared, "authorize", &params, &query, &headers);
    let param = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    if param("client_id") != IDP_CLIENT_ID {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_client", "unknown client_id");
    }
    if param("response_type") != "code"
        || param("code_challenge_method") != "S256"
        || param("code_challenge").is_empty()
    {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "code with a S256 challenge is required");
    }
    let Ok(mut redirect) = Url::parse(param("redirect_uri")) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "redirect_uri does not parse");
    };
    let code = {
        let mut books = lock(&shared.books);
        books.issued += 1;
        let code = format!("idp-code-{}", books.issued);
        books.codes.insert(
            code.clone(),
            PendingCode {
                redirect_uri: param("redirect_uri").to_owned(),
                challenge: param("code_challenge").to_owned(),
            },
        );
        code
    };
    redirect.query_pairs_mut().append_pair("code", &code).append_pair("state", param("state"));
    (StatusCode::FOUND, [(header::LOCATION, redirect.to_string())]).into_response()
}

/// The client's credentials, from HTTP Basic (each part form-encoded, RFC 6749 §2.3.1) or the body.
fn client_authenticated(headers: &HeaderMap, params: &HashMap<String, String>) -> bool {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|encoded| STANDARD.decode(encoded).ok())
        .and_then(|decoded| String::from_utf8(decoded).ok());
    let (id, secret) = match &basic {
        Some(pair) => {
            let (id, secret) = pair.split_once(':').unwrap_or((pair, ""));
            let decode =
                |part: &str| form_urlencoded::parse(format!("x={part}").as_bytes()).next().map(|(_, v)| v.into_owned());
            (decode(id), decode(secret))
        }
        None => (params.get("client_id").cloned(), params.get("client_secret").cloned()),
    };
    id.as_deref() == Some(IDP_CLIENT_ID) && secret.as_deref() == Some(IDP_CLIENT_SECRET)
}

async fn token(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let params = parse(&String::from_utf8_lossy(&body));
    record(&shared, "token", &params, "", &headers);
    if !client_authenticated(&headers, &params) {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "Client authentication failed");
    }
    let param = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    match param("grant_type") {
        "authorization_code" => {
            let verifier = param("code_verifier");
            let mut books = lock(&shared.books);
            books.verifiers.push(verifier.to_owned());
            // A code is good once, whatever the outcome.
            let Some(pending) = books.codes.remove(param("code")) else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The provided access grant is invalid, expired, or revoked.",
                );
            };
            if pending.redirect_uri != param("redirect_uri") {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "redirect_uri does not match");
            }
            if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != pending.challenge {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "PKCE verification failed");
            }
            issue(&shared, &mut books)
        }
        "refresh_token" => {
            let delay = *lock(&shared.refresh_delay);
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let mut books = lock(&shared.books);
            let presented = param("refresh_token").to_owned();
            let Some(at) = books.live.iter().position(|live| *live == presented) else {
                books.refused_refreshes += 1;
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The provided access grant is invalid, expired, or revoked.",
                );
            };
            // Rotation: the presented token is spent.
            books.live.remove(at);
            books.spent.push(presented);
            books.refreshes += 1;
            issue(&shared, &mut books)
        }
        other => oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", &format!("grant type {other:?}")),
    }
}

fn issue(shared: &Shared, books: &mut Books) -> Response {
    books.issued += 1;
    let n = books.issued;
    let refresh_token = format!("idp-refresh-{n}");
    books.live.push(refresh_token.clone());
    let body = json!({
        "scope": "openid profile",
        "expires_in": *lock(&shared.lifetime),
        "token_type": "Bearer",
        "refresh_token": refresh_token,
        "id_token": format!("idp-id-token-{n}"),
        "access_token": format!("idp-access-{n}"),
    });
    ([(header::CONTENT_TYPE, "application/json;charset=UTF-8")], body.to_string()).into_response()
}

async fn revoke(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = query.unwrap_or_default();
    let params = parse(&String::from_utf8_lossy(&body));
    record(&shared, "revoke", &params, &query, &headers);
    if !client_authenticated(&headers, &params) {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "Client authentication failed");
    }
    let Some(token) = params.get("token") else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "token is required");
    };
    let mut books = lock(&shared.books);
    books.live.retain(|live| live != token);
    books.revoked.push(token.clone());
    ([(header::CONTENT_TYPE, "application/json")], Value::Object(Default::default()).to_string()).into_response()
}
