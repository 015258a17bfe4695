//! The generated client and the HTTP runtime against a fake API server on 127.0.0.1 (see
//! `support/fake_server.rs`): every operation, the credentials on every request, each error
//! status and body shape, retries, timeouts, broken connections, pagination, path-parameter
//! encoding, redirects, token refresh, request bodies, content types, HAL navigation, and that no
//! token ever shows in `Debug` or `Display` output. Signing in runs against a local identity
//! provider (`support/identity_provider.rs`): logins, sessions in a token store, and partner TLS
//! against a server that demands a client certificate.

#![allow(deprecated, reason = "every operation is exercised, the deprecated ones too")]

#[path = "../support/fake_server.rs"]
mod fake_server;
#[path = "../support/identity_provider.rs"]
mod identity_provider;

use std::collections::{HashMap, HashSet};
use std::fmt::{Debug, Display};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use axum::http::Method;
use client_runtime::http::{
    BoxFuture, Brand, Client as HttpClient, ClientAuth, ClientBuilder, Error, ErrorBody, FileStore, HalLink, Login,
    LoopbackListener, OAuthApp, RefreshingToken, RetryPolicy, Secret, Session, StoreLock, Tls, TokenStore,
};
use client_runtime::{Drift, OneOrMany};
use fake_server::{
    ALARM_ID, ALERT_1, CALLBACK_ID, COLLISION_ID, Canned, FakeServer, MONITOR_ID, REMOTE_ID, RawServer, Recorded,
    TRIP_1, TRIP_2, TRIP_3, VEHICLE_1, VEHICLE_2, VEHICLE_3,
};
use futures_util::{StreamExt, TryStreamExt};
use generated_client::{
    CallbackStatusSetter, CallbackStatusSetterStatus, CallbackSubscribe, CallbackTarget, CallbackType, Client,
    GetPathForTripParams, GetRemoteRequestsForVhlParams, GetTelemetryForTripParams, GetTelemetryParams,
    GetTripsByVehicleParams, GetUserCallbacksParams, GetUserParams, GetVehicleAlarmsParams, GetVehicleAlertsParams,
    GetVehicleByIdParams, GetVehicleCollisionsByTripIdParams, GetVehicleCollisionsParams, GetVehicleMonitorsParams,
    GetVehicleTripAlertsParams, GetVehiclesByDeviceParams, Link, MonitorParameter, MonitorStatus, MonitorStatusSetter,
    MonitorStatusSetterStatus, MonitorSubscribeParam, Monitors, Remote, RemoteDoor, RemoteDoorState, Status, TripState,
    Vehicle, VehicleExtensionName, Webhook,
};
use identity_provider::{IDP_CLIENT_ID, IDP_CLIENT_SECRET, IdentityProvider};
use serde_json::{Value, json};

/// The access token every test client sends; it must never show in any output.
const TOKEN: &str = "tok-SECRET-5d1e77a0c4";
const CLIENT_ID: &str = "fake-app-id";
const CLIENT_SECRET: &str = "app-secret";
const HAL: &str = "application/hal+json";
const GEO: &str = "application/vnd.geo+json";
const JSON: &str = "application/json";

mod errors;
mod hal;
mod limits;
mod login;
mod operations;
mod pagination;
mod parameter_styles;
mod path_parameters;
mod recording;
mod redirects;
mod requests;
mod retries;
mod secrets;
mod sessions;
mod tls;
mod tokens;
mod traces;
mod webhook_receiver;
mod webhooks;

// Helpers shared by the modules.

/// Retries that keep the suite fast: 10 ms backoff, at most 2 s for a `Retry-After`.
fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_secs(2),
        retry_non_idempotent: false,
    }
}

fn builder(base_url: &str) -> ClientBuilder {
    HttpClient::builder()
        .base_url(base_url)
        .client_id(CLIENT_ID)
        .brand(Brand::Opel)
        .access_token(TOKEN)
        .retry(fast_retry())
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
}

fn client_with(builder: ClientBuilder) -> Client {
    Client::new(builder.build().expect("the test client builds"))
}

fn client(server: &FakeServer) -> Client {
    client_with(builder(server.base_url()))
}

fn client_without_retries(server: &FakeServer) -> Client {
    client_with(builder(server.base_url()).retry(RetryPolicy::none()))
}

/// A client whose token source refreshes at the fake server's token endpoint, starting from an
/// access token the server treats as expired.
fn refreshing_client(server: &FakeServer) -> Client {
    server.expire_token("expired-token");
    let tokens = RefreshingToken::new(token_app(server, CLIENT_SECRET), "refresh-0")
        .with_access_token("expired-token", Duration::from_secs(3600));
    client_with(builder(server.base_url()).token_source(tokens))
}

/// The OAuth2 app of the test clients, with the fake server as its identity provider.
fn token_app(server: &FakeServer, client_secret: &str) -> OAuthApp {
    let provider = Brand::Opel.provider().with_base_url(&server.origin()).expect("the fake server's origin");
    OAuthApp::new(provider, CLIENT_ID, client_secret)
}

/// The OAuth2 app of the local identity provider's tests: Peugeot, at the provider's address.
fn idp_app(idp: &IdentityProvider) -> OAuthApp {
    let provider = Brand::Peugeot.provider().with_base_url(&idp.origin()).expect("the provider's origin");
    OAuthApp::new(provider, IDP_CLIENT_ID, IDP_CLIENT_SECRET)
}

/// Every credential the tests use: access tokens, refresh tokens, codes, client secrets.
const SECRETS: [&str; 10] = [
    TOKEN,
    "SECRET",
    "expired-token",
    "fresh-token",
    "refresh-0",
    "rotated-refresh",
    CLIENT_SECRET,
    "idp-access",
    "idp-refresh",
    "idp-code",
];

/// Neither `Debug` nor `Display` output shows a credential.
fn assert_secret_free(value: &(impl Debug + Display)) {
    let (debug, display) = (format!("{value:?}"), value.to_string());
    for secret in SECRETS {
        assert!(!debug.contains(secret) && !display.contains(secret), "{secret} leaked: {display} / {debug}");
    }
}

/// The error of a call that must fail, checked for leaks on the way.
fn failure<T: Debug>(result: Result<T, Error>) -> Error {
    let error = result.expect_err("the call must fail");
    assert_secret_free(&error);
    error
}

/// The four credentials of §2 of the reference: bearer token, `client_id` (last in the query),
/// the brand's realm and the operation's media types.
fn assert_credentials(request: &Recorded, accept: &str) {
    let line = request.line();
    assert_eq!(request.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()), "{line}");
    assert_eq!(request.header("x-introspect-realm"), Some("clientsB2COpel"), "{line}");
    assert_eq!(request.header("accept"), Some(accept), "{line}");
    assert_eq!(request.query_pairs().last().copied(), Some(format!("client_id={CLIENT_ID}").as_str()), "{line}");
    let client_ids = request.query_pairs().iter().filter(|p| p.starts_with("client_id=")).count();
    assert_eq!(client_ids, 1, "{line}");
}

fn link(href: impl Into<String>) -> Link {
    Link { href: Some(href.into()), ..Link::default() }
}

fn monitor_parameter() -> MonitorParameter {
    MonitorParameter {
        label: Some("battery below 20 %".to_owned()),
        subscribe_param: Some(MonitorSubscribeParam { refresh_event: Some(0), ..MonitorSubscribeParam::default() }),
        ..MonitorParameter::default()
    }
}

fn callback_subscribe() -> CallbackSubscribe {
    CallbackSubscribe {
        label: Some("my webhook".to_owned()),
        r#type: Some(vec![CallbackType::Monitor, CallbackType::Remote].into()),
        callback: Some(CallbackTarget {
            webhook: Some(Webhook {
                name: Some("home".to_owned()),
                target: Some("https://example.org/psa-events".to_owned()),
                ..Webhook::default()
            }),
            ..CallbackTarget::default()
        }),
        ..CallbackSubscribe::default()
    }
}

fn lock_doors() -> Remote {
    Remote {
        label: Some("lock".to_owned()),
        door: Some(RemoteDoor { state: Some(RemoteDoorState::Locked), ..RemoteDoor::default() }),
        ..Remote::default()
    }
}

/// For `unwrap_or_else`: a panic naming the call.
fn ok<T>(what: &'static str) -> impl FnOnce(Error) -> T {
    move |error| panic!("{what}: {error}")
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> Option<&String>) -> Vec<String> {
    items.iter().map(|item| id(item).cloned().unwrap_or_default()).collect()
}

/// What a browser does at the authorize URL: the provider's redirect, not followed.
async fn browse(authorize_url: &str) -> String {
    let response = plain_http().get(authorize_url).send().await.expect("the provider answers");
    assert_eq!(response.status().as_u16(), 302, "{response:?}");
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).expect("a Location");
    location.to_owned()
}

async fn http_get(url: &str) -> (u16, String) {
    let response = plain_http().get(url).send().await.expect("an answer");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

fn plain_http() -> reqwest::Client {
    client_runtime::http::install_crypto_provider();
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("a client")
}

fn query_param(url: &str, name: &str) -> String {
    let (_, query) = url.split_once('?').expect("a query");
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .unwrap_or_else(|| panic!("no {name} in {url}"))
}
