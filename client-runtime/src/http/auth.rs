//! Credentials: [`Secret`], the brands and their realms, and token sources (fixed or refreshing).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::Error;

/// A boxed future, as token sources return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A secret string (access token, refresh token, client secret) that never shows in `Debug`
/// output, and has no `Display`, so it cannot end up in a log line by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that must send it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

/// The ex-PSA brands: each has its own OAuth2 realm, sent as `x-introspect-realm`, and its own
/// identity provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Brand {
    /// Peugeot.
    Peugeot,
    /// Citroën.
    Citroen,
    /// DS.
    Ds,
    /// Opel.
    Opel,
    /// Vauxhall.
    Vauxhall,
}

impl Brand {
    /// The value of the `x-introspect-realm` header.
    #[must_use]
    pub fn realm(self) -> &'static str {
        match self {
            Brand::Peugeot => "clientsB2CPeugeot",
            Brand::Citroen => "clientsB2CCitroen",
            Brand::Ds => "clientsB2CDS",
            Brand::Opel => "clientsB2COpel",
            Brand::Vauxhall => "clientsB2CVauxhall",
        }
    }

    /// The brand's OAuth2 token endpoint.
    #[must_use]
    pub fn token_url(self) -> &'static str {
        match self {
            Brand::Peugeot => "https://idpcvs.peugeot.com/am/oauth2/access_token",
            Brand::Citroen => "https://idpcvs.citroen.com/am/oauth2/access_token",
            Brand::Ds => "https://idpcvs.driveds.com/am/oauth2/access_token",
            Brand::Opel => "https://idpcvs.opel.com/am/oauth2/access_token",
            Brand::Vauxhall => "https://idpcvs.vauxhall.co.uk/am/oauth2/access_token",
        }
    }
}

/// Where access tokens come from. The client asks for a token before each request, and after a
/// 401 asks once for a fresh one and retries once.
pub trait TokenSource: Send + Sync + 'static {
    /// The token to send now.
    fn token(&self) -> BoxFuture<'_, Result<Secret, Error>>;

    /// A fresh token after `rejected` was answered with 401, or `None` when this source cannot
    /// refresh (the 401 is then returned to the caller).
    fn refresh<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, Result<Option<Secret>, Error>> {
        let _ = rejected;
        Box::pin(async { Ok(None) })
    }
}

/// A fixed access token, for scripts and tests; it cannot be refreshed.
#[derive(Clone, Debug)]
pub struct StaticToken(Secret);

impl StaticToken {
    /// A source that always hands out this token.
    pub fn new(token: impl Into<Secret>) -> Self {
        StaticToken(token.into())
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<Secret, Error>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// Tokens from an OAuth2 refresh token (`grant_type=refresh_token` at the brand's token
/// endpoint, client authenticated with HTTP Basic), refreshed shortly before they expire and
/// after a 401. Concurrent callers share one refresh. The refresh token the server rotates in is
/// kept.
pub struct RefreshingToken {
    endpoint: String,
    client_id: String,
    client_secret: Secret,
    http: Result<reqwest::Client, String>,
    state: tokio::sync::Mutex<TokenState>,
}

struct TokenState {
    access: Option<Secret>,
    expires_at: Option<Instant>,
    refresh_token: Secret,
}

impl fmt::Debug for RefreshingToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshingToken").field("endpoint", &self.endpoint).finish_non_exhaustive()
    }
}

impl RefreshingToken {
    /// A source for `brand`, starting from a refresh token (and, if known, a current access token).
    pub fn new(
        brand: Brand,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        refresh_token: impl Into<Secret>,
    ) -> Self {
        Self::with_endpoint(brand.token_url(), client_id, client_secret, refresh_token)
    }

    /// The same against another token endpoint (a test server, a proxy).
    pub fn with_endpoint(
        endpoint: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        refresh_token: impl Into<Secret>,
    ) -> Self {
        super::install_crypto_provider();
        RefreshingToken {
            endpoint: endpoint.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            // No redirects: the form body carries the refresh token, and reqwest re-sends a body
            // on 307/308 to wherever the redirect points. A client that cannot be built (no TLS
            // backend) is reported by the first exchange instead of panicking here.
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| e.without_url().to_string()),
            state: tokio::sync::Mutex::new(TokenState {
                access: None,
                expires_at: None,
                refresh_token: refresh_token.into(),
            }),
        }
    }

    /// Starts with an access token already in hand, valid for `expires_in`.
    #[must_use]
    pub fn with_access_token(self, access: impl Into<Secret>, expires_in: Duration) -> Self {
        let mut state = self.state.into_inner();
        state.access = Some(access.into());
        state.expires_at = Instant::now().checked_add(expires_in);
        RefreshingToken { state: tokio::sync::Mutex::new(state), ..self }
    }

    async fn exchange(&self, state: &mut TokenState) -> Result<Secret, Error> {
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "refresh_token")
            .append_pair("refresh_token", state.refresh_token.expose())
            .finish();
        let http = self.http.as_ref().map_err(|message| Error::Transport { message: message.clone() })?;
        let response = http
            .post(&self.endpoint)
            .basic_auth(&self.client_id, Some(self.client_secret.expose()))
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(reqwest::header::ACCEPT, "application/json")
            .body(form)
            .send()
            .await
            .map_err(|e| Error::transport(e, "the token endpoint"))?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| Error::transport(e, "the token endpoint"))?;
        let json: Option<Value> = serde_json::from_slice(&body).ok();
        let field = |name: &str| json.as_ref().and_then(|j| j.get(name)).and_then(Value::as_str).map(str::to_owned);
        if !(200..300).contains(&status) {
            return Err(Error::Token {
                message: match (field("error"), field("error_description")) {
                    (Some(error), Some(description)) => format!("{error}: {description}"),
                    (Some(error), None) => error,
                    _ => format!("the token endpoint answered {status}"),
                },
                relogin: field("error").as_deref() == Some("invalid_grant"),
            });
        }
        let Some(access) = field("access_token") else {
            return Err(Error::Token {
                message: "the token endpoint answered without an access_token".into(),
                relogin: false,
            });
        };
        if let Some(rotated) = field("refresh_token") {
            state.refresh_token = Secret::new(rotated);
        }
        let lifetime = json.as_ref().and_then(|j| j.get("expires_in")).and_then(Value::as_u64).unwrap_or(3_600);
        // Refresh a minute early, so that a token does not expire on its way to the server.
        state.expires_at = Instant::now().checked_add(Duration::from_secs(lifetime.saturating_sub(60)));
        let access = Secret::new(access);
        state.access = Some(access.clone());
        Ok(access)
    }
}

impl TokenSource for RefreshingToken {
    fn token(&self) -> BoxFuture<'_, Result<Secret, Error>> {
        Box::pin(async move {
            let mut state = self.state.lock().await;
            let fresh = state.expires_at.is_some_and(|at| Instant::now() < at);
            match (&state.access, fresh) {
                (Some(access), true) => Ok(access.clone()),
                _ => self.exchange(&mut state).await,
            }
        })
    }

    fn refresh<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, Result<Option<Secret>, Error>> {
        Box::pin(async move {
            let mut state = self.state.lock().await;
            // Another request already replaced the rejected token: use the new one.
            if let Some(current) = &state.access
                && current != rejected
            {
                return Ok(Some(current.clone()));
            }
            self.exchange(&mut state).await.map(Some)
        })
    }
}

/// Any shared token source is one too.
impl<T: TokenSource + ?Sized> TokenSource for Arc<T> {
    fn token(&self) -> BoxFuture<'_, Result<Secret, Error>> {
        (**self).token()
    }

    fn refresh<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, Result<Option<Secret>, Error>> {
        (**self).refresh(rejected)
    }
}
