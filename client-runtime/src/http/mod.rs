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

/// Makes this build's rustls crypto provider the process default, which reqwest needs (it is
/// built without one, so that the runtime's features choose): aws-lc-rs with feature
/// `aws-lc-rs` (the default), else ring with feature `ring`. A provider the application
/// installed first is kept.
///
/// Returns whether a process default is in place afterwards: false only when the runtime was
/// built with neither feature and the application installed none; [`ClientBuilder::build`] then
/// answers [`Error::Transport`] rather than letting reqwest panic.
pub fn install_crypto_provider() -> bool {
    if rustls::crypto::CryptoProvider::get_default().is_none()
        && let Some(provider) = build_provider()
    {
        // Losing a race to another thread's install is fine: a default is in place either way.
        let _ = provider.install_default();
    }
    rustls::crypto::CryptoProvider::get_default().is_some()
}

#[cfg(feature = "aws-lc-rs")]
fn build_provider() -> Option<rustls::crypto::CryptoProvider> {
    Some(rustls::crypto::aws_lc_rs::default_provider())
}

#[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
#[expect(
    deprecated,
    reason = "ring is the opt-in fast-building provider; rustls deprecates it for lacking post-quantum key exchange, which is the trade the `ring` feature's user chose"
)]
fn build_provider() -> Option<rustls::crypto::CryptoProvider> {
    Some(rustls::crypto::ring::default_provider())
}

#[cfg(not(any(feature = "aws-lc-rs", feature = "ring")))]
fn build_provider() -> Option<rustls::crypto::CryptoProvider> {
    None
}

/// The message of the error a client without a crypto provider is refused with.
pub(crate) const NO_CRYPTO_PROVIDER: &str = "no rustls crypto provider: enable client-runtime's `aws-lc-rs` or `ring` feature, or install one with `rustls::crypto::CryptoProvider::install_default` before building the client";
