//! A fake Stellantis connected-car API on 127.0.0.1, for the HTTP tests and the examples.
//!
//! [`FakeServer`] serves the response samples of `tests/fixtures/samples/` (their hrefs rewritten
//! from `https://api.groupe-psa.com/connectedcar/v4` to its own base URL) under
//! `/connectedcar/v4`, with the content types the API uses and its rate-limit headers. It also has
//! an OAuth2 token endpoint, records every request as it arrived (method, raw path, raw query,
//! headers, body), and plays scripted answers: a queue of [`Canned`] responses per method and
//! path (any status, headers, body, delay or redirect), and a list of access tokens it treats as
//! expired. [`RawServer`] (`fake_server/raw.rs`) answers with exact bytes from a raw TCP socket, for
//! what a well-behaved HTTP server cannot send (a body shorter than its `Content-Length`).
//!
//! It also delivers, as the API does (`fake_server/deliveries.rs`): callbacks registered with a
//! webhook target on 127.0.0.1 get monitor firings and the stages of remote commands POSTed to
//! them, with their header attributes, and failed deliveries are retried a bounded number of times.
//!
//! Shared by `tests/http.rs` and by the `fake-server` and `tour` examples, which each use a part.

#![allow(dead_code, reason = "the tests and the examples each use a different part of this module")]

#[path = "fake_server/deliveries.rs"]
mod deliveries;
#[path = "fake_server/raw.rs"]
mod raw;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub(crate) use deliveries::{Attempt, DeliverySettings};
#[allow(unused_imports, reason = "only the HTTP tests use raw answers")]
pub(crate) use raw::RawServer;

/// The base URL the samples were written against; replaced by the server's own when served.
pub(crate) const SAMPLE_BASE: &str = "https://api.groupe-psa.com/connectedcar/v4";
/// The path under which the API lives, as on the real host.
pub(crate) const API_PREFIX: &str = "/connectedcar/v4";
/// The OAuth2 token endpoint (outside the API, as on the brands' identity providers).
pub(crate) const TOKEN_PATH: &str = "/am/oauth2/access_token";

/// The e-208 of `vehicles.json` (page 1), `vehicle.json` and `user.json`: status 2024.
pub(crate) const VEHICLE_1: &str = "025e2a10edeff11f119a9ace983d2cd8d6fef84ed585c77c9f8a00418dad3edf050baacc232a88f9be96e29bffa3d7c1df1e02e68d7b5e8c64546699607808cd";
/// The C5 Aircross of `vehicles.json` (page 1): status 2023.
pub(crate) const VEHICLE_2: &str = "e9431d3cd42f616d97663770aa7bc4ec5c64b7b8e830b3f1ff941600971731fd71e7f5cab8a399d7d65d9c9fddad9ce357641181beae96e175c83fd3262101ab";
/// A third vehicle, invented for page 2 of the vehicle list (`total: 3`): status 2020.
pub(crate) const VEHICLE_3: &str = "30fb3262decc3f853b13016ef64551bcf8aea38dc3e2eefad935f599c202b49bc1d1d259d64f58151835895a22bdf2a35511f50f65f6b3e802033c6b33810522";
/// The vehicles the server knows; any other id is answered 403.
pub(crate) const VEHICLES: [&str; 3] = [VEHICLE_1, VEHICLE_2, VEHICLE_3];
/// The callback of `monitor-created.json`.
pub(crate) const CALLBACK_ID: &str = "8b253f74317f7885ea7b6ca59edac7d25477dfa3f38ccfb6fdcceb8f";
/// The monitor of `monitor-created.json`.
pub(crate) const MONITOR_ID: &str = "879c79646bdbd3993f45790ae1841741fceb0befd2c7a2d7dc333979";
/// An invented remote action.
pub(crate) const REMOTE_ID: &str = "23804202a69f10dc5ba056d0dd87d162bba7083e5a211657d82f2eea";
/// An invented alarm.
pub(crate) const ALARM_ID: &str = "b899467d4d4ecf5578471909662005aa5eba18aaf5e2bc3e4c7e6609";
/// An invented collision.
pub(crate) const COLLISION_ID: &str = "924495cf947ce7c30ac95f2b63babe03dc4f8229107deb85e721891f";
/// The first trip of `trips-page-1.json`.
pub(crate) const TRIP_1: &str = "15aa3df08ed784714025e02708d1fde37f509ced6cc71de08ed7f6c6";
/// The second trip of `trips-page-1.json`, also `trip.json`.
pub(crate) const TRIP_2: &str = "a52848aef7d17fc599401f131bf24a483273d52569388465891b9f36";
/// The unfinished trip of `trips-page-2.json`.
pub(crate) const TRIP_3: &str = "21d6091d81a20d753f2281589d4fabdf6d571b949d9b4ff3c8476694";
/// The first alert of `alerts.json`.
pub(crate) const ALERT_1: &str = "318f8fbf4302c28211333cdf76df58055efb6be60c3a650f30a91cb6";
/// The `pageToken` of the `next` link of `vehicles.json`.
const VEHICLES_PAGE_TOKEN: &str = "OUbKZP942TymEJCkN8u2s9LKDUiPX5zPMFlgg2iydpPezdVHdYgWnXfmg-g";

/// The content type of every HAL answer (the API adds a charset).
pub(crate) const HAL_JSON: &str = "application/hal+json;charset=UTF-8";
/// The content type of `lastPosition`.
pub(crate) const GEO_JSON: &str = "application/vnd.geo+json";

/// A response sample by file name, as stored in `tests/fixtures/samples/`.
///
/// # Panics
/// For a name that is not a sample.
pub(crate) fn sample(name: &str) -> &'static str {
    match name {
        "alerts.json" => include_str!("../fixtures/samples/alerts.json"),
        "callback-message.json" => include_str!("../fixtures/samples/callback-message.json"),
        "error-502.html" => include_str!("../fixtures/samples/error-502.html"),
        "error-backend-404.json" => include_str!("../fixtures/samples/error-backend-404.json"),
        "error-backend-code-string.json" => include_str!("../fixtures/samples/error-backend-code-string.json"),
        "error-gateway-401.json" => include_str!("../fixtures/samples/error-gateway-401.json"),
        "error-oauth.json" => include_str!("../fixtures/samples/error-oauth.json"),
        "last-position-2d.json" => include_str!("../fixtures/samples/last-position-2d.json"),
        "last-position.json" => include_str!("../fixtures/samples/last-position.json"),
        "maintenance.json" => include_str!("../fixtures/samples/maintenance.json"),
        "monitor-created.json" => include_str!("../fixtures/samples/monitor-created.json"),
        "status-2020.json" => include_str!("../fixtures/samples/status-2020.json"),
        "status-2023.json" => include_str!("../fixtures/samples/status-2023.json"),
        "status-2024.json" => include_str!("../fixtures/samples/status-2024.json"),
        "telemetry.json" => include_str!("../fixtures/samples/telemetry.json"),
        "trip.json" => include_str!("../fixtures/samples/trip.json"),
        "trips-page-1.json" => include_str!("../fixtures/samples/trips-page-1.json"),
        "trips-page-2.json" => include_str!("../fixtures/samples/trips-page-2.json"),
        "user.json" => include_str!("../fixtures/samples/user.json"),
        "vehicle.json" => include_str!("../fixtures/samples/vehicle.json"),
        "vehicles.json" => include_str!("../fixtures/samples/vehicles.json"),
        other => panic!("no sample named {other:?}"),
    }
}

/// The content type a sample is served with.
fn sample_content_type(name: &str) -> &'static str {
    if name.ends_with(".html") {
        "text/html; charset=utf-8"
    } else if name.starts_with("last-position") {
        GEO_JSON
    } else if name.starts_with("error-") {
        "application/hal+json"
    } else {
        HAL_JSON
    }
}

// ---------------------------------------------------------------------------------------------
// Scripted answers and recorded requests

/// One scripted answer: status, headers, body, and how long to wait before sending it.
#[derive(Clone, Debug)]
pub(crate) struct Canned {
    /// The status.
    pub(crate) status: u16,
    /// The headers, in order (a name may repeat).
    pub(crate) headers: Vec<(String, String)>,
    /// The body; in UTF-8 text, the sample base URL is replaced by the server's.
    pub(crate) body: Vec<u8>,
    /// A wait before the answer is sent (for timeouts).
    pub(crate) delay: Option<Duration>,
}

impl Canned {
    /// An answer with this status and an empty body.
    pub(crate) fn status(status: u16) -> Self {
        Canned { status, headers: Vec::new(), body: Vec::new(), delay: None }
    }

    /// A JSON answer, served as `application/hal+json;charset=UTF-8`.
    pub(crate) fn json(status: u16, body: impl Into<String>) -> Self {
        Canned::status(status).header("content-type", HAL_JSON).body(body.into())
    }

    /// A sample, with the content type the API sends it with.
    pub(crate) fn sample(status: u16, name: &str) -> Self {
        Canned::status(status).header("content-type", sample_content_type(name)).body(sample(name))
    }

    /// A redirect to `location`.
    pub(crate) fn redirect(status: u16, location: impl Into<String>) -> Self {
        Canned::status(status).header("location", location)
    }

    /// Adds a header.
    #[must_use]
    pub(crate) fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Replaces the `Content-Type`.
    #[must_use]
    pub(crate) fn content_type(mut self, value: impl Into<String>) -> Self {
        self.headers.retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
        self.header("content-type", value)
    }

    /// Replaces the body.
    #[must_use]
    pub(crate) fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Waits this long before answering.
    #[must_use]
    pub(crate) fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

/// One request as the server received it.
#[derive(Clone, Debug)]
pub(crate) struct Recorded {
    /// The method.
    pub(crate) method: Method,
    /// The path exactly as sent on the request line (still percent-encoded).
    pub(crate) path: String,
    /// The query string exactly as sent, without the `?`.
    pub(crate) query: Option<String>,
    /// Every header.
    pub(crate) headers: HeaderMap,
    /// The body.
    pub(crate) body: Vec<u8>,
}

impl Recorded {
    /// A header's value as text (the first, when repeated).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The path under the API prefix (`/user/vehicles/…`), or the whole path outside it.
    pub(crate) fn api_path(&self) -> &str {
        self.path.strip_prefix(API_PREFIX).unwrap_or(&self.path)
    }

    /// The bearer token sent, if any.
    pub(crate) fn bearer(&self) -> Option<&str> {
        self.header("authorization").and_then(|value| value.strip_prefix("Bearer "))
    }

    /// The raw `name=value` pairs of the query, in order.
    pub(crate) fn query_pairs(&self) -> Vec<&str> {
        self.query.as_deref().map(|q| q.split('&').filter(|p| !p.is_empty()).collect()).unwrap_or_default()
    }

    /// `METHOD /api/path?query`, for messages.
    pub(crate) fn line(&self) -> String {
        match &self.query {
            Some(query) => format!("{} {}?{query}", self.method, self.api_path()),
            None => format!("{} {}", self.method, self.api_path()),
        }
    }
}

struct Shared {
    base_url: String,
    recorded: Mutex<Vec<Recorded>>,
    scripts: Mutex<HashMap<(Method, String), VecDeque<Canned>>>,
    expired_tokens: Mutex<Vec<String>>,
    tokens_issued: AtomicU64,
    calls: AtomicU64,
    log: bool,
    deliveries: deliveries::Deliveries,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

// ---------------------------------------------------------------------------------------------
// The server

/// The fake API, serving on 127.0.0.1 until dropped.
pub(crate) struct FakeServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl FakeServer {
    /// Starts on a free port of 127.0.0.1.
    pub(crate) async fn start() -> FakeServer {
        FakeServer::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), false).await
    }

    /// For the examples: the fake API at `FAKE_SERVER_URL` when that is set (no server of ours,
    /// then), else one started in-process; and its base URL.
    pub(crate) async fn start_unless_env() -> (Option<FakeServer>, String) {
        match std::env::var("FAKE_SERVER_URL") {
            Ok(url) if !url.is_empty() => (None, url),
            _ => {
                let server = FakeServer::start().await;
                let url = server.base_url().to_owned();
                (Some(server), url)
            }
        }
    }

    /// Starts on `addr` (port 0 for a free one); with `log`, prints one line per request.
    ///
    /// # Panics
    /// When the address cannot be bound.
    pub(crate) async fn start_on(addr: SocketAddr, log: bool) -> FakeServer {
        FakeServer::try_start_on(addr, log).await.unwrap_or_else(|e| panic!("cannot bind {addr}: {e}"))
    }

    /// The same, with the error when the address cannot be bound.
    pub(crate) async fn try_start_on(addr: SocketAddr, log: bool) -> std::io::Result<FakeServer> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            base_url: format!("http://{addr}{API_PREFIX}"),
            recorded: Mutex::default(),
            scripts: Mutex::default(),
            expired_tokens: Mutex::default(),
            tokens_issued: AtomicU64::new(0),
            calls: AtomicU64::new(0),
            log,
            deliveries: deliveries::Deliveries::new(),
        });
        let app = Router::new().fallback(handle).with_state(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                eprintln!("fake server stopped: {error}");
            }
        });
        Ok(FakeServer { addr, shared, task })
    }

    /// The socket address.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`.
    pub(crate) fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The API base URL, `http://127.0.0.1:<port>/connectedcar/v4`, to give the client.
    pub(crate) fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The URL of an API path (`/user/vehicles`).
    pub(crate) fn url(&self, api_path: &str) -> String {
        format!("{}{api_path}", self.shared.base_url)
    }

    /// The token endpoint's URL.
    pub(crate) fn token_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.origin())
    }

    /// A sample with its hrefs pointing at this server.
    pub(crate) fn sample(&self, name: &str) -> String {
        sample(name).replace(SAMPLE_BASE, &self.shared.base_url)
    }

    /// Queues an answer for the next `method` request of the API path `api_path`
    /// (`/user/vehicles/{id}/status`); queued answers are played in order, once each, before the
    /// default one.
    pub(crate) fn script(&self, method: Method, api_path: &str, canned: Canned) {
        self.script_raw(method, &format!("{API_PREFIX}{api_path}"), canned);
    }

    /// The same for a path as sent on the request line (the token endpoint, an encoded path).
    pub(crate) fn script_raw(&self, method: Method, path: &str, canned: Canned) {
        lock(&self.shared.scripts).entry((method, path.to_owned())).or_default().push_back(canned);
    }

    /// Queues an answer for the next token request.
    pub(crate) fn script_token(&self, canned: Canned) {
        self.script_raw(Method::POST, TOKEN_PATH, canned);
    }

    /// Treats an access token as expired: API calls carrying it are answered 401 with the
    /// gateway's `Token is invalid` body. `"*"` expires every token.
    pub(crate) fn expire_token(&self, token: &str) {
        lock(&self.shared.expired_tokens).push(token.to_owned());
    }

    /// Every request so far, in arrival order.
    pub(crate) fn requests(&self) -> Vec<Recorded> {
        lock(&self.shared.recorded).clone()
    }

    /// The requests so far to API paths (not the token endpoint).
    pub(crate) fn api_requests(&self) -> Vec<Recorded> {
        self.requests().into_iter().filter(|r| r.path.starts_with(API_PREFIX)).collect()
    }

    /// The requests so far to the token endpoint.
    pub(crate) fn token_requests(&self) -> Vec<Recorded> {
        self.requests().into_iter().filter(|r| r.path == TOKEN_PATH).collect()
    }

    /// Forgets the requests recorded so far.
    pub(crate) fn clear_requests(&self) {
        lock(&self.shared.recorded).clear();
    }

    /// Changes how deliveries are retried and paced, and whether monitors fire on a timer
    /// (for monitors created afterwards).
    pub(crate) fn set_delivery_settings(&self, settings: DeliverySettings) {
        self.shared.deliveries.set_settings(settings);
    }

    /// Fires a monitor now: its callback's target gets one monitor event. False when no such
    /// monitor exists (never created, or deleted). Also `POST /fake/monitors/{mid}/fire`.
    pub(crate) fn fire_monitor(&self, monitor_id: &str) -> bool {
        deliveries::fire_monitor(&self.shared, monitor_id)
    }

    /// Every delivery attempt so far, in order.
    pub(crate) fn delivery_attempts(&self) -> Vec<Attempt> {
        self.shared.deliveries.attempts()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
        self.shared.deliveries.stop_timers();
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20).await.map(|b| b.to_vec()).unwrap_or_default();
    let recorded = Recorded {
        method: parts.method.clone(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers.clone(),
        body,
    };
    let scripted =
        lock(&shared.scripts).get_mut(&(recorded.method.clone(), recorded.path.clone())).and_then(VecDeque::pop_front);
    let canned = match scripted {
        Some(canned) => canned,
        None => answer(&shared, &recorded),
    };
    if shared.log {
        println!("{} {} → {}", recorded.method, parts.uri, canned.status);
    }
    lock(&shared.recorded).push(recorded);
    if let Some(delay) = canned.delay {
        tokio::time::sleep(delay).await;
    }
    respond(&shared.base_url, canned)
}

fn respond(base_url: &str, canned: Canned) -> Response {
    let body = match String::from_utf8(canned.body) {
        Ok(text) => text.replace(SAMPLE_BASE, base_url).into_bytes(),
        Err(raw) => raw.into_bytes(),
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(canned.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in canned.headers {
        match (HeaderName::try_from(name.as_str()), HeaderValue::try_from(value.as_str())) {
            (Ok(name), Ok(value)) => {
                response.headers_mut().append(name, value);
            }
            _ => eprintln!("fake server: cannot send the header {name:?}: {value:?}"),
        }
    }
    response
}

/// The default answer to a request nobody scripted.
fn answer(shared: &Arc<Shared>, request: &Recorded) -> Canned {
    if request.path == TOKEN_PATH {
        return if request.method == Method::POST { token_answer(shared) } else { Canned::status(405) };
    }
    if request.path.starts_with(deliveries::FAKE_PREFIX) {
        let segments: Vec<&str> = request.path.split('/').skip(1).collect();
        return deliveries::answer(shared, request.method.as_str(), &segments, &request.body).unwrap_or_else(not_found);
    }
    let Some(rest) = request.path.strip_prefix(API_PREFIX) else { return not_found() };
    let expired = lock(&shared.expired_tokens).iter().any(|t| t == "*" || Some(t.as_str()) == request.bearer());
    if expired {
        return Canned::sample(401, "error-gateway-401.json");
    }
    let segments: Vec<&str> = rest.split('/').skip(1).collect();
    let paged = request.query_pairs().iter().any(|pair| pair.starts_with("pageToken="));
    let method = request.method.as_str();
    let stateful = deliveries::answer(shared, method, &segments, &request.body);
    let canned = stateful.unwrap_or_else(|| static_answer(method, &segments, paged));
    if (200..300).contains(&canned.status) { with_rate_limits(shared, canned) } else { canned }
}

/// The answer of the routes that keep no state.
fn static_answer(method: &str, segments: &[&str], paged: bool) -> Canned {
    match (method, segments) {
        ("GET", ["user"]) => Canned::sample(200, "user.json"),
        ("GET", ["user", "vehicles"]) if paged => Canned::json(200, vehicles_page_2().to_string()),
        ("GET", ["user", "vehicles"]) => Canned::sample(200, "vehicles.json"),
        ("GET", ["user", "callbacks"]) => Canned::json(200, user_callbacks().to_string()),
        ("POST", ["user", "callbacks"]) => Canned::json(200, callback_ref(CALLBACK_ID).to_string()),
        ("GET", ["user", "callbacks", cbid]) => Canned::json(200, user_callback(cbid).to_string()),
        ("PUT", ["user", "callbacks", _]) | ("PUT", ["user", "callbacks", _, "status"]) => {
            Canned::json(202, callback_ref(CALLBACK_ID).to_string())
        }
        ("DELETE", ["user", "callbacks", _]) => Canned::status(204),
        (_, ["user", "vehicles", id, rest @ ..]) => match VEHICLES.iter().position(|v| v == id) {
            Some(index) => vehicle_answer(method, index, rest, paged),
            None => forbidden(),
        },
        _ => not_found(),
    }
}

/// Under `/user/vehicles/{id}`, for a known vehicle.
fn vehicle_answer(method: &str, index: usize, rest: &[&str], paged: bool) -> Canned {
    match (method, rest) {
        ("GET", []) => Canned::json(200, vehicle(index).to_string()),
        ("GET", ["status"]) => Canned::sample(200, ["status-2024.json", "status-2023.json", "status-2020.json"][index]),
        ("GET", ["lastPosition"]) => {
            Canned::sample(200, ["last-position-2d.json", "last-position.json", "last-position.json"][index])
        }
        ("GET", ["maintenance"]) => Canned::sample(200, "maintenance.json"),
        ("GET", ["telemetry"] | ["trips", _, "telemetry"]) => Canned::sample(200, "telemetry.json"),
        ("GET", ["alerts"] | ["trips", _, "alerts"]) => Canned::sample(200, "alerts.json"),
        ("GET", ["alerts", aid] | ["trips", _, "alerts", aid]) => embedded_item("alerts.json", "alerts", aid),
        ("GET", ["alarms"]) => Canned::json(200, alarms().to_string()),
        ("GET", ["alarms", aid]) if *aid == ALARM_ID => Canned::json(200, alarm().to_string()),
        ("GET", ["collisions"] | ["trips", _, "collisions"]) => Canned::json(200, collisions().to_string()),
        ("GET", ["collisions", cid] | ["trips", _, "collisions", cid]) if *cid == COLLISION_ID => {
            Canned::json(200, collision().to_string())
        }
        ("GET", ["trips"]) if paged => Canned::sample(200, "trips-page-2.json"),
        ("GET", ["trips"]) => Canned::sample(200, "trips-page-1.json"),
        ("GET", ["trips", tid]) if *tid == TRIP_2 => Canned::sample(200, "trip.json"),
        ("GET", ["trips", tid]) => match embedded_item("trips-page-1.json", "trips", tid) {
            found if found.status == 200 => found,
            _ => embedded_item("trips-page-2.json", "trips", tid),
        },
        ("GET", ["trips", _, "wayPoints"]) => Canned::json(200, way_points().to_string()),
        ("GET", ["callbacks", _, "monitors"]) => Canned::json(200, monitors().to_string()),
        ("POST", ["callbacks", _, "monitors"])
        | ("PUT", ["callbacks", _, "monitors", _] | ["callbacks", _, "monitors", _, "status"]) => {
            Canned::sample(202, "monitor-created.json")
        }
        ("GET", ["callbacks", _, "monitors", mid]) if *mid == MONITOR_ID => Canned::json(200, monitor().to_string()),
        ("DELETE", ["callbacks", _, "monitors", _]) => Canned::status(204),
        ("GET", ["callbacks", _, "remotes"]) => Canned::json(200, remote_actions().to_string()),
        ("POST", ["callbacks", _, "remotes"]) => Canned::json(202, remote_posted().to_string()),
        ("GET", ["callbacks", _, "remotes", rid]) if *rid == REMOTE_ID => {
            Canned::json(200, remote_action().to_string())
        }
        ("GET", _) => no_data(),
        _ => not_found(),
    }
}

fn with_rate_limits(shared: &Shared, canned: Canned) -> Canned {
    let calls = shared.calls.fetch_add(1, Ordering::Relaxed) + 1;
    canned
        .header("X-RateLimit-Limit-1", "1000")
        .header("X-RateLimit-Remaining-1", 1000_u64.saturating_sub(calls).to_string())
        .header("X-RateLimit-Limit-2", "20")
        .header("X-RateLimit-Remaining-2", "19")
}

fn token_answer(shared: &Shared) -> Canned {
    let n = shared.tokens_issued.fetch_add(1, Ordering::Relaxed) + 1;
    let body = json!({
        "scope": "openid profile",
        "expires_in": 3599,
        "token_type": "Bearer",
        "refresh_token": format!("rotated-refresh-{n}"),
        "access_token": format!("fresh-token-{n}"),
    });
    Canned::status(200).header("content-type", "application/json").body(body.to_string())
}

/// 404 as the gateway sends it for a path it does not know (no backend code).
fn not_found() -> Canned {
    let body =
        json!({"httpCode": "404", "httpMessage": "Not Found", "moreInformation": "No resources match requested URI"});
    Canned::json(404, body.to_string()).content_type("application/json")
}

/// 404 with backend code 40400: nothing to return for this vehicle.
fn no_data() -> Canned {
    Canned::sample(404, "error-backend-404.json")
}

/// 403 for a vehicle that is not in the account (the backend code is invented).
fn forbidden() -> Canned {
    let body = json!({
        "uuid": "9d0c55a2-8f4e-5b7d-a3c1-6e2f0b9a7d14",
        "code": 40300,
        "message": "Forbidden: this vehicle is not linked to your account.",
        "timestamp": "2024-06-14T09:12:00.000Z",
    });
    Canned::json(403, body.to_string()).content_type("application/hal+json")
}

/// One item of a sample collection, by id.
fn embedded_item(name: &str, key: &str, id: &str) -> Canned {
    let page: Value = serde_json::from_str(sample(name)).expect("the samples are JSON");
    let found = page["_embedded"][key].as_array().and_then(|items| items.iter().find(|item| item["id"] == id)).cloned();
    match found {
        Some(item) => Canned::json(200, item.to_string()),
        None => no_data(),
    }
}

// ---------------------------------------------------------------------------------------------
// Bodies for the endpoints that have no sample. Ids and values are invented, like the samples'.

fn api(path: &str) -> Value {
    json!({ "href": format!("{SAMPLE_BASE}{path}") })
}

fn collection(self_path: &str, key: &str, items: Vec<Value>) -> Value {
    let total = items.len();
    json!({
        "_links": { "self": api(self_path), "first": api(self_path) },
        "total": total,
        "currentPage": 1,
        "totalPage": 1,
        "_embedded": { key: items },
    })
}

/// The vehicle at `index` of [`VEHICLES`], as `GET /user/vehicles/{id}` answers it.
fn vehicle(index: usize) -> Value {
    match index {
        0 => serde_json::from_str(sample("vehicle.json")).expect("the samples are JSON"),
        1 => {
            let page: Value = serde_json::from_str(sample("vehicles.json")).expect("the samples are JSON");
            page["_embedded"]["vehicles"][1].clone()
        }
        _ => {
            let text =
                sample("vehicle.json").replace(VEHICLE_1, VEHICLE_3).replace("VR3UHZKXZMT000001", "VXKUHZKXZL4000003");
            let mut vehicle: Value = serde_json::from_str(&text).expect("the samples are JSON");
            vehicle["label"] = json!("Corsa-e");
            vehicle["brand"] = json!("Opel");
            vehicle
        }
    }
}

/// The last page of the vehicle list, which `vehicles.json` links to as `next`.
fn vehicles_page_2() -> Value {
    let token_url = format!("/user/vehicles?pageSize=2&locale=fr-FR&pageToken={VEHICLES_PAGE_TOKEN}");
    json!({
        "_links": {
            "self": api(&token_url),
            "first": api("/user/vehicles?pageSize=2&locale=fr-FR"),
            "prev": api("/user/vehicles?pageSize=2&locale=fr-FR"),
        },
        "total": 3,
        "_embedded": { "vehicles": [vehicle(2)] },
        "currentPage": 2,
        "totalPage": 2,
    })
}

fn alarm() -> Value {
    json!({
        "id": ALARM_ID,
        "status": { "createdAt": "2024-01-23T19:41:40Z", "activation": "Active" },
        "trigger": { "createdAt": "2024-01-23T19:41:40Z", "type": "NoBreakIn", "startAt": "2024-01-23T19:41:40Z" },
    })
}

fn alarms() -> Value {
    collection(&format!("/user/vehicles/{VEHICLE_1}/alarms"), "alarms", vec![alarm()])
}

fn collision() -> Value {
    json!({
        "id": COLLISION_ID,
        "createdAt": "2024-03-08T07:55:12Z",
        "tippedOver": false,
        "pedestrian": false,
        "details": [{ "side": "Rear", "severity": "Minor" }],
        "_links": { "self": api(&format!("/user/vehicles/{VEHICLE_1}/collisions/{COLLISION_ID}")) },
    })
}

fn collisions() -> Value {
    collection(&format!("/user/vehicles/{VEHICLE_1}/collisions"), "Collisions", vec![collision()])
}

fn way_points() -> Value {
    let point = |lon: f64, lat: f64, at: &str| {
        json!({
            "type": "Feature",
            "geometry": { "type": "Point", "coordinates": [lon, lat, 40] },
            "properties": { "createdAt": at, "type": "Acquire", "fixStatus": "3D" },
        })
    };
    let path = format!("/user/vehicles/{VEHICLE_1}/trips/{TRIP_1}/wayPoints");
    let mut page = collection(
        &path,
        "positions",
        vec![
            point(2.23841, 48.89164, "2024-06-12T17:21:44Z"),
            point(2.2951, 48.8738, "2024-06-12T17:33:10Z"),
            point(2.3488, 48.85341, "2024-06-12T17:47:58Z"),
        ],
    );
    page["_embedded"]["reduced"] = json!(true);
    page
}

fn monitor() -> Value {
    json!({
        "createdAt": "2024-06-01T10:00:00Z",
        "updatedAt": "2024-06-01T10:00:00Z",
        "_links": { "self": api(&format!("/user/vehicles/{VEHICLE_1}/callbacks/{CALLBACK_ID}/monitors/{MONITOR_ID}")) },
        "monitorId": MONITOR_ID,
        "status": "Running",
        "monitor": { "label": "battery below 20 %", "subscribeParam": { "refreshEvent": 0 } },
    })
}

fn monitors() -> Value {
    collection(&format!("/user/vehicles/{VEHICLE_1}/callbacks/{CALLBACK_ID}/monitors"), "monitors", vec![monitor()])
}

fn remote_action() -> Value {
    json!({
        "_links": {
            "self": api(&format!("/user/vehicles/{VEHICLE_1}/callbacks/{CALLBACK_ID}/remotes/{REMOTE_ID}")),
            "callback": api(&format!("/user/callbacks/{CALLBACK_ID}")),
        },
        "remoteActionId": REMOTE_ID,
        "type": "Doors",
        "remote": { "label": "lock", "door": { "state": "Locked" } },
        "status": "Success",
    })
}

fn remote_actions() -> Value {
    collection(
        &format!("/user/vehicles/{VEHICLE_1}/callbacks/{CALLBACK_ID}/remotes"),
        "remoteActions",
        vec![remote_action()],
    )
}

fn remote_posted() -> Value {
    json!({
        "_links": {
            "callback": api(&format!("/user/callbacks/{CALLBACK_ID}")),
            "remote": api(&format!("/user/vehicles/{VEHICLE_1}/callbacks/{CALLBACK_ID}/remotes/{REMOTE_ID}")),
        },
        "remoteActionId": REMOTE_ID,
        "type": "Doors",
    })
}

fn user_callback(id: &str) -> Value {
    json!({
        "_links": { "self": api(&format!("/user/callbacks/{id}")) },
        "id": id,
        "label": "my webhook",
        "status": "Running",
        "subscribe": {
            "label": "my webhook",
            "type": ["Monitor", "Remote"],
            "callback": { "webhook": { "name": "home", "target": "https://example.org/psa-events" } },
        },
    })
}

fn user_callbacks() -> Value {
    collection("/user/callbacks", "callbacks", vec![user_callback(CALLBACK_ID)])
}

fn callback_ref(id: &str) -> Value {
    json!({
        "_links": { "callback": api(&format!("/user/callbacks/{id}")) },
        "callbackId": id,
        "status": "Running",
    })
}
