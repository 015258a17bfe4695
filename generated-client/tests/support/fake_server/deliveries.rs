//! What the fake API POSTs to registered webhooks: monitor firings and remote command lifecycles.
//!
//! A callback registered with a webhook target keeps its header attributes (sent as HTTP
//! headers), its body attributes (sent in each message's `attributes`) and its query attributes
//! (added to the target's query). A monitor created on it fires on demand
//! ([`super::FakeServer::fire_monitor`], or `POST /fake/monitors/{mid}/fire`) or every
//! [`DeliverySettings::monitor_timer`]; a remote command sent on it goes through its stages
//! (see [`stages`]), one delivery each, in order. Every delivery is a JSON array of one message
//! (the vendor's documented wire form), retried [`DeliverySettings::max_retries`] times when the
//! target answers anything but 2xx or cannot be reached. Only loopback targets
//! (`127.0.0.1`, `[::1]`, `localhost`) are ever contacted: any other is recorded as skipped.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Value, json};
use tokio::task::JoinHandle;

use super::{CALLBACK_ID, Canned, MONITOR_ID, REMOTE_ID, SAMPLE_BASE, Shared, VEHICLES, lock, sample, vehicle};

/// The prefix of the fake-only endpoints (`POST /fake/monitors/{mid}/fire`), outside the API.
pub(crate) const FAKE_PREFIX: &str = "/fake/";

/// How the fake delivers; the vendor waits 10 s between retries, the fake much less.
#[derive(Clone, Debug)]
pub(crate) struct DeliverySettings {
    /// Retries after a failed attempt (so at most `1 + max_retries` attempts).
    pub(crate) max_retries: u32,
    /// The wait before each retry.
    pub(crate) retry_delay: Duration,
    /// The wait between two stages of a remote command.
    pub(crate) stage_delay: Duration,
    /// When set, every monitor also fires on its own at this period.
    pub(crate) monitor_timer: Option<Duration>,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        DeliverySettings {
            max_retries: 3,
            retry_delay: Duration::from_millis(50),
            stage_delay: Duration::from_millis(10),
            monitor_timer: None,
        }
    }
}

/// One attempt to deliver, as the fake made it.
#[derive(Clone, Debug)]
pub(crate) struct Attempt {
    /// The URL posted to.
    pub(crate) target: String,
    /// 1 for the first attempt, 2 for the first retry, ….
    pub(crate) attempt: u32,
    /// The answer's status; `None` when the target could not be reached, or was not contacted.
    pub(crate) status: Option<u16>,
    /// False when the target is not a loopback address, so nothing was sent.
    pub(crate) sent: bool,
    /// The body.
    pub(crate) body: Value,
}

/// The webhook part of a callback registration.
#[derive(Clone, Debug)]
struct Callback {
    label: String,
    target: String,
    attributes: Vec<Attribute>,
}

#[derive(Clone, Debug)]
struct Attribute {
    kind: String,
    key: String,
    value: String,
}

struct Monitor {
    vehicle: String,
    callback: String,
    label: String,
    attributes: Vec<Attribute>,
    /// The first data trigger's name, reported as the watched value.
    data: Option<String>,
    fired: u64,
    timer: Option<JoinHandle<()>>,
}

struct Remote {
    vehicle: String,
    callback: String,
    remote_type: &'static str,
    label: String,
    /// The latest status and failure cause, as `GET …/remotes/{rid}` answers them.
    status: &'static str,
    failure_cause: Option<&'static str>,
}

/// The state behind deliveries: registrations, monitors, remotes and every attempt.
pub(crate) struct Deliveries {
    http: reqwest::Client,
    settings: Mutex<DeliverySettings>,
    callbacks: Mutex<HashMap<String, Callback>>,
    monitors: Mutex<HashMap<String, Monitor>>,
    remotes: Mutex<HashMap<String, Remote>>,
    attempts: Mutex<Vec<Attempt>>,
    /// How many ids of each kind were issued, by the kind's first id.
    ids: Mutex<HashMap<&'static str, u64>>,
}

impl Deliveries {
    pub(crate) fn new() -> Deliveries {
        client_runtime::http::install_crypto_provider();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap_or_default();
        Deliveries {
            http,
            settings: Mutex::default(),
            callbacks: Mutex::default(),
            monitors: Mutex::default(),
            remotes: Mutex::default(),
            attempts: Mutex::default(),
            ids: Mutex::default(),
        }
    }

    pub(crate) fn set_settings(&self, settings: DeliverySettings) {
        *lock(&self.settings) = settings;
    }

    pub(crate) fn attempts(&self) -> Vec<Attempt> {
        lock(&self.attempts).clone()
    }

    /// Stops every monitor timer: each holds the server's state, so it would outlive the server.
    pub(crate) fn stop_timers(&self) {
        for monitor in lock(&self.monitors).values_mut() {
            if let Some(timer) = monitor.timer.take() {
                timer.abort();
            }
        }
    }

    /// A fresh id of the kind whose first id is `first`: the one the samples use, so that the
    /// first callback, monitor or remote matches them.
    fn id(&self, first: &'static str) -> String {
        let mut issued = lock(&self.ids);
        let count = issued.entry(first).or_default();
        *count += 1;
        match *count {
            1 => first.to_owned(),
            // Spread the count over every digit, so that ids differ from their first characters on.
            n => {
                let mixed = u128::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835);
                format!("{mixed:032x}{:024x}", mixed.rotate_left(64) >> 32)
            }
        }
    }
}

/// The answer to the requests that change delivery state, or `None` to let the static routes answer.
pub(crate) fn answer(shared: &Arc<Shared>, method: &str, segments: &[&str], body: &[u8]) -> Option<Canned> {
    let deliveries = &shared.deliveries;
    let body = || serde_json::from_slice::<Value>(body).unwrap_or(Value::Null);
    Some(match (method, segments) {
        ("POST", ["user", "callbacks"]) => {
            let id = deliveries.register(None, &body());
            Canned::json(200, super::callback_ref(&id).to_string())
        }
        ("PUT", ["user", "callbacks", cbid]) => {
            deliveries.register(Some(cbid), &body());
            Canned::json(202, super::callback_ref(cbid).to_string())
        }
        ("DELETE", ["user", "callbacks", cbid]) => {
            lock(&deliveries.callbacks).remove(*cbid);
            Canned::status(204)
        }
        ("POST", ["user", "vehicles", vehicle, "callbacks", cbid, "monitors"]) if VEHICLES.contains(vehicle) => {
            let id = create_monitor(shared, vehicle, cbid, &body());
            let created = sample("monitor-created.json").replace(MONITOR_ID, &id).replace(CALLBACK_ID, cbid);
            Canned::json(202, created)
        }
        ("DELETE", ["user", "vehicles", _, "callbacks", _, "monitors", mid]) => {
            if let Some(timer) = lock(&deliveries.monitors).remove(*mid).and_then(|monitor| monitor.timer) {
                timer.abort();
            }
            Canned::status(204)
        }
        ("POST", ["user", "vehicles", vehicle, "callbacks", cbid, "remotes"]) if VEHICLES.contains(vehicle) => {
            let (id, remote_type) = send_remote(shared, vehicle, cbid, &body());
            Canned::json(202, remote_posted(vehicle, cbid, &id, remote_type).to_string())
        }
        ("GET", ["user", "vehicles", _, "callbacks", _, "remotes", rid]) => {
            let remotes = lock(&deliveries.remotes);
            let remote = remotes.get(*rid)?;
            Canned::json(200, remote_action(rid, remote).to_string())
        }
        ("POST", ["fake", "monitors", mid, "fire"]) => {
            if fire_monitor(shared, mid) {
                Canned::status(202)
            } else {
                Canned::status(404)
            }
        }
        _ => return None,
    })
}

impl Deliveries {
    /// Keeps the webhook target of a `CallbackSubscribe` body, under a new id or `id`.
    fn register(&self, id: Option<&str>, body: &Value) -> String {
        let id = id.map_or_else(|| self.id(CALLBACK_ID), str::to_owned);
        let webhook = &body["callback"]["webhook"];
        if let Some(target) = webhook["target"].as_str() {
            let callback = Callback {
                label: body["label"].as_str().unwrap_or_default().to_owned(),
                target: target.to_owned(),
                attributes: attributes(&webhook["attributes"]),
            };
            lock(&self.callbacks).insert(id.clone(), callback);
        }
        id
    }
}

fn attributes(raw: &Value) -> Vec<Attribute> {
    let text = |item: &Value, key: &str| item[key].as_str().unwrap_or_default().to_owned();
    raw.as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| Attribute { kind: text(item, "type"), key: text(item, "key"), value: text(item, "value") })
                .collect()
        })
        .unwrap_or_default()
}

fn create_monitor(shared: &Arc<Shared>, vehicle: &str, cbid: &str, body: &Value) -> String {
    let deliveries = &shared.deliveries;
    let id = deliveries.id(MONITOR_ID);
    let data = body["triggerParam"]["triggers"][0]["data"]["data"].as_str().map(str::to_owned);
    let timer = lock(&deliveries.settings).monitor_timer.map(|period| {
        let (shared, id) = (Arc::clone(shared), id.clone());
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(period);
            ticks.tick().await;
            loop {
                ticks.tick().await;
                fire_monitor(&shared, &id);
            }
        })
    });
    let monitor = Monitor {
        vehicle: vehicle.to_owned(),
        callback: cbid.to_owned(),
        label: body["label"].as_str().unwrap_or_default().to_owned(),
        attributes: attributes(&body["attributes"]),
        data,
        fired: 0,
        timer,
    };
    lock(&deliveries.monitors).insert(id.clone(), monitor);
    id
}

/// Delivers one firing of a monitor; false when there is no such monitor.
pub(crate) fn fire_monitor(shared: &Arc<Shared>, mid: &str) -> bool {
    let outgoing = {
        let mut monitors = lock(&shared.deliveries.monitors);
        let Some(monitor) = monitors.get_mut(mid) else { return false };
        let refresh = monitor.fired > 0;
        monitor.fired += 1;
        let mut message: Value = serde_json::from_str(sample("callback-message.json"))
            .ok()
            .and_then(|messages: Value| messages.get(0).cloned())
            .unwrap_or_default();
        message["monitorEvent"]["monitorId"] = json!(mid);
        message["monitorEvent"]["refresh"] = json!(refresh);
        if let Some(data) = &monitor.data {
            message["monitorEvent"]["values"][0]["data"] = json!(data);
        }
        Outgoing {
            vehicle: monitor.vehicle.clone(),
            callback: monitor.callback.clone(),
            attributes: monitor.attributes.clone(),
            placeholders: vec![("MonitorID", mid.to_owned()), ("MonitorLabel", monitor.label.clone())],
            message,
        }
    };
    let shared = Arc::clone(shared);
    tokio::spawn(async move { deliver(&shared, outgoing).await });
    true
}

/// The stages a remote command of this kind goes through: `(type, status, failure cause)`.
///
/// A wake-up fails (wake-ups are limited per month, and the fake says the limit is reached);
/// every other command succeeds after being sent to the vehicle.
fn stages(remote_type: &str) -> &'static [(&'static str, &'static str, Option<&'static str>)] {
    match remote_type {
        "WakeUp" => &[
            ("Pending", "Accepted", None),
            ("Pending", "TooManyWakeUpsOverMonth", None),
            ("Done", "Failed", Some("TooManyWakeUpsOverMonth")),
        ],
        _ => &[
            ("Pending", "Accepted", None),
            ("Pending", "WakingUpVehicle", None),
            ("Pending", "SentToVehicle", None),
            ("Done", "Success", None),
        ],
    }
}

/// The `RemoteType` of a `Remote` body, from the one action it holds.
fn remote_type(body: &Value) -> &'static str {
    const ACTIONS: [(&str, &str); 7] = [
        ("preconditioning", "ThermalPreconditioning"),
        ("charging", "ElectricBatteryChargingRequest"),
        ("door", "Doors"),
        ("horn", "Horn"),
        ("lights", "Lights"),
        ("wakeUp", "WakeUp"),
        ("navigation", "Navigation"),
    ];
    ACTIONS.iter().find(|(key, _)| body.get(key).is_some()).map_or("Doors", |(_, remote_type)| remote_type)
}

fn send_remote(shared: &Arc<Shared>, vehicle: &str, cbid: &str, body: &Value) -> (String, &'static str) {
    let deliveries = &shared.deliveries;
    let id = deliveries.id(REMOTE_ID);
    let remote_type = remote_type(body);
    let label = body["label"].as_str().unwrap_or_default().to_owned();
    let remote = Remote {
        vehicle: vehicle.to_owned(),
        callback: cbid.to_owned(),
        remote_type,
        label: label.clone(),
        status: "Accepted",
        failure_cause: None,
    };
    lock(&deliveries.remotes).insert(id.clone(), remote);
    let attributes = attributes(&body["attributes"]);
    let (shared, rid, vehicle, cbid) = (Arc::clone(shared), id.clone(), vehicle.to_owned(), cbid.to_owned());
    tokio::spawn(async move {
        let pace = lock(&shared.deliveries.settings).stage_delay;
        for &(kind, status, failure_cause) in stages(remote_type) {
            tokio::time::sleep(pace).await;
            if let Some(remote) = lock(&shared.deliveries.remotes).get_mut(&rid) {
                (remote.status, remote.failure_cause) = (status, failure_cause);
            }
            let mut event_status = json!({ "type": kind, "status": status, "feedbackDetail": "NoCIDBlacklisted" });
            if let Some(cause) = failure_cause {
                event_status["failureCause"] = json!(cause);
            }
            let message = json!({
                "callbackId": cbid,
                "type": "Remote",
                "date": jiff::Timestamp::now().to_string(),
                "remoteEvent": { "remoteActionId": rid, "remoteType": remote_type, "eventStatus": event_status },
            });
            let placeholders = vec![
                ("RemoteType", remote_type.to_owned()),
                ("RemoteStatus", status.to_owned()),
                ("RemoteLabel", label.clone()),
            ];
            let (vehicle, callback, attributes) = (vehicle.clone(), cbid.clone(), attributes.clone());
            deliver(&shared, Outgoing { vehicle, callback, attributes, placeholders, message }).await;
        }
    });
    (id, remote_type)
}

/// One message to deliver, with what its headers and attributes are drawn from.
struct Outgoing {
    vehicle: String,
    callback: String,
    /// The monitor's or the remote's own attributes, sent after the callback's.
    attributes: Vec<Attribute>,
    /// What the placeholders of attribute values stand for (`MonitorLabel`, `RemoteStatus`, …).
    placeholders: Vec<(&'static str, String)>,
    message: Value,
}

/// POSTs one message to its callback's target, with the callback's attributes and its own,
/// retrying as the settings say.
async fn deliver(shared: &Shared, outgoing: Outgoing) {
    let Outgoing { vehicle, callback: cbid, attributes: own_attributes, placeholders, mut message } = outgoing;
    let deliveries = &shared.deliveries;
    let Some(callback) = lock(&deliveries.callbacks).get(&cbid).cloned() else { return };
    let settings = lock(&deliveries.settings).clone();
    let vin = VEHICLES.iter().position(|v| *v == vehicle).map(vehicle_vin).unwrap_or_default();
    let mut values: HashMap<&str, String> = placeholders.into_iter().collect();
    values.extend([("Vin", vin), ("CallbackID", cbid.clone()), ("CallbackLabel", callback.label.clone())]);
    let resolve = |value: &str| values.get(value).cloned().unwrap_or_else(|| value.to_owned());

    let mut headers = HeaderMap::new();
    let mut body_attributes = Vec::new();
    let mut target = Url::parse(&callback.target).ok();
    for attribute in callback.attributes.iter().chain(&own_attributes) {
        let value = resolve(&attribute.value);
        match attribute.kind.as_str() {
            "Header" => {
                if let (Ok(name), Ok(value)) = (HeaderName::try_from(&attribute.key), HeaderValue::try_from(&value)) {
                    headers.append(name, value);
                }
            }
            "Query" => {
                if let Some(url) = &mut target {
                    url.query_pairs_mut().append_pair(&attribute.key, &value);
                }
            }
            _ => body_attributes.push(json!({ "key": attribute.key, "value": value })),
        }
    }
    message["attributes"] = Value::Array(body_attributes);
    message["date"] = json!(jiff::Timestamp::now().to_string());
    let body = Value::Array(vec![message]);
    let bytes = body.to_string();
    headers.insert(reqwest::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let target_text = target.as_ref().map_or_else(|| callback.target.clone(), Url::to_string);
    let record = |attempt: u32, status: Option<u16>, sent: bool| {
        let attempt = Attempt { target: target_text.clone(), attempt, status, sent, body: body.clone() };
        lock(&deliveries.attempts).push(attempt);
    };
    let Some(target) = target.filter(is_loopback) else {
        record(1, None, false);
        return;
    };
    for attempt in 1..=settings.max_retries.saturating_add(1) {
        let answer = deliveries.http.post(target.clone()).headers(headers.clone()).body(bytes.clone()).send().await;
        let status = answer.ok().map(|answer| answer.status().as_u16());
        record(attempt, status, true);
        if status.is_some_and(|status| (200..300).contains(&status)) {
            return;
        }
        tokio::time::sleep(settings.retry_delay).await;
    }
}

/// Only the machine itself: the fake must never POST anywhere else.
fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let local = host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    matches!(url.scheme(), "http" | "https") && local
}

fn vehicle_vin(index: usize) -> String {
    vehicle(index)["vin"].as_str().unwrap_or_default().to_owned()
}

fn remote_posted(vehicle: &str, cbid: &str, rid: &str, remote_type: &str) -> Value {
    json!({
        "_links": {
            "callback": { "href": format!("{SAMPLE_BASE}/user/callbacks/{cbid}") },
            "remote": { "href": format!("{SAMPLE_BASE}/user/vehicles/{vehicle}/callbacks/{cbid}/remotes/{rid}") },
        },
        "remoteActionId": rid,
        "type": remote_type,
    })
}

fn remote_action(rid: &str, remote: &Remote) -> Value {
    let (vehicle, cbid) = (&remote.vehicle, &remote.callback);
    let mut action = json!({
        "_links": {
            "self": { "href": format!("{SAMPLE_BASE}/user/vehicles/{vehicle}/callbacks/{cbid}/remotes/{rid}") },
            "callback": { "href": format!("{SAMPLE_BASE}/user/callbacks/{cbid}") },
        },
        "remoteActionId": rid,
        "type": remote.remote_type,
        "remote": { "label": remote.label },
        "status": remote.status,
    });
    if let Some(cause) = remote.failure_cause {
        action["failureCause"] = json!(cause);
    }
    action
}
