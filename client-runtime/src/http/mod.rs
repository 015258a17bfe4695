//! The HTTP runtime the generated endpoint methods call (feature `http`): reqwest with rustls.
//!
//! [`Client`] sends a generated method's [`Request`] with every credential the API requires,
//! refreshes the token once after a 401, retries what the [`RetryPolicy`] allows, and answers with
//! a decoded [`Response`] or a typed [`Error`] that keeps the status, headers and raw body.
//!
//! [`Login`] signs a user in at their brand's identity provider (authorization code with PKCE);
//! [`RefreshingToken`] keeps them signed in, writing every rotated refresh token through a
//! [`TokenStore`] ([`FileStore`], [`MemoryStore`]); [`Tls`] carries a partner app's client
//! certificate to the API and the token endpoint alike.

mod auth;
mod by_status;
mod client;
mod error;
mod hal;
mod param;
mod rate_limit;
pub mod record;
mod request;

pub use auth::{
    BoxFuture, Brand, ClientAuth, DEFAULT_SCOPES, FileStore, IdentityProvider, Login, LoopbackListener, MemoryStore,
    OAuthApp, RefreshingToken, Secret, Session, StaticToken, StoreLock, Tls, TokenSource, TokenStore,
};
pub use by_status::{ByStatus, unlisted_body};
#[cfg(feature = "webhook")]
pub(crate) use client::is_json;
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_MAX_BODY_SIZE, MAX_DEPTH, Response, RetryPolicy};
pub use error::{ApiError, DecodeError, Error, ErrorBody};
pub use futures_core::Stream;
pub use hal::{HalLink, expand_template};
pub use param::Style;
pub use rate_limit::RateLimit;
pub use record::{DriftFolder, DriftRecord, DriftRecords, DriftSink};
pub use request::Request;
pub use reqwest::{Method, Url};

/// Makes ring the process's rustls crypto provider, which reqwest needs (it is built without
/// one, to keep aws-lc out of the build). A provider the application installed first is kept.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
