//! Credentials: [`Secret`], token sources, and the OAuth2 sign-in that feeds them.
//!
//! The pieces, one concern each: `providers` (the brands' identity hosts, realms, app redirect
//! schemes and scopes: one table), `app` (the registered OAuth2 application and its three
//! exchanges with the identity provider: code, refresh, revoke), `login` (authorize URL with PKCE
//! and `state`, what the user pastes back, the loopback listener), `store` (where a session is
//! kept between runs), `refresh` (the token source that refreshes and writes through a store) and
//! `tls` (the client certificate partner apps present).

mod app;
mod login;
mod providers;
mod refresh;
mod store;
mod tls;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

pub use app::{ClientAuth, OAuthApp};
pub use login::{Login, LoopbackListener};
pub use providers::{Brand, DEFAULT_SCOPES, IdentityProvider};
pub use refresh::RefreshingToken;
pub use store::{FileStore, MemoryStore, Session, StoreLock, TokenStore};
pub use tls::Tls;

use super::Error;

/// A boxed future, as token sources and stores return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A secret string (access token, refresh token, authorization code, client secret) that never
/// shows in `Debug` output, and has no `Display`, so it cannot end up in a log line by accident.
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

/// Any shared token source is one too.
impl<T: TokenSource + ?Sized> TokenSource for Arc<T> {
    fn token(&self) -> BoxFuture<'_, Result<Secret, Error>> {
        (**self).token()
    }

    fn refresh<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, Result<Option<Secret>, Error>> {
        (**self).refresh(rejected)
    }
}
