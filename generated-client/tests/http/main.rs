//! The generated client and the HTTP runtime against a fake API server on 127.0.0.1 (see
//! `support/fake_server.rs`): every operation, the credentials on every request, each error
//! status and body shape, retries, timeouts, broken connections, pagination, path-parameter
//! encoding, redirects, token refresh, request bodies, content types, HAL navigation, and that no
//! token ever shows in `Debug` or `Display` output.

#![allow(deprecated, reason = "every operation is exercised, the deprecated ones too")]

#[path = "../support/fake_server.rs"]
mod fake_server;

use std::fmt::{Debug, Display};
use std::time::{Duration, Instant};

use axum::http::Method;
use client_runtime::http::{
    Brand, Client as HttpClient, ClientBuilder, Error, ErrorBody, HalLink, RefreshingToken, RetryPolicy,
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
mod operations;
mod pagination;
mod path_parameters;
mod redirects;
mod requests;
mod retries;
mod secrets;
mod tokens;
mod traces;

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
    let tokens = RefreshingToken::with_endpoint(server.token_url(), CLIENT_ID, CLIENT_SECRET, "refresh-0")
        .with_access_token("expired-token", Duration::from_secs(3600));
    client_with(builder(server.base_url()).token_source(tokens))
}

/// Every credential the tests use: access tokens, refresh tokens, the client secret.
const SECRETS: [&str; 7] =
    [TOKEN, "SECRET", "expired-token", "fresh-token", "refresh-0", "rotated-refresh", CLIENT_SECRET];

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
