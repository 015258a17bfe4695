//! End to end on 127.0.0.1: a callback registered with the fake API points at a webhook
//! endpoint of `generated_client::webhook`; monitors fire and remote commands move on, and the
//! fake POSTs each message there with the callback's header attributes.

use std::sync::Arc;
use std::time::Duration;

use client_runtime::webhook::{Delivery, Endpoint, Tally};
use generated_client::webhook::{self, Receiver, RemoteOutcome, RemoteStage, RemoteTracker};
use generated_client::{
    Attribute, AttributeType, DataTrigger, DataTriggerName, Message, MonitorTrigger, RemoteEventState,
    RemoteFailedEventStatus, RemoteWakeUp, RemoteWakeUpAction, TriggerParam,
};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::*;
use crate::fake_server::DeliverySettings;

/// The header attribute registered with the callback, which the endpoint expects.
pub(crate) const HOOK_SECRET: &str = "Bearer hook-SECRET-9f2c41";
/// The VIN of [`VEHICLE_1`], which the fake puts in for the `Vin` placeholder.
const VIN_1: &str = "VR3UHZKXZMT000001";
/// Long enough for anything on 127.0.0.1; only reached when a test fails.
const PATIENCE: Duration = Duration::from_secs(10);

/// A webhook endpoint serving on 127.0.0.1 until dropped.
pub(crate) struct Hook {
    pub(crate) url: String,
    pub(crate) deliveries: mpsc::Receiver<Delivery<Message>>,
    pub(crate) remotes: RemoteTracker,
    pub(crate) tally: Arc<Tally>,
    task: JoinHandle<()>,
}

impl Hook {
    /// An endpoint expecting `Authorization: HOOK_SECRET`, with room for `capacity` deliveries.
    pub(crate) async fn start(capacity: usize) -> Hook {
        let receiver = Receiver::new([("authorization", HOOK_SECRET)]).expect("a valid header name");
        Hook::start_with(receiver, capacity).await
    }

    /// An endpoint checking with `receiver`.
    pub(crate) async fn start_with(receiver: Receiver, capacity: usize) -> Hook {
        let (endpoint, deliveries, remotes) = webhook::endpoint(receiver, capacity);
        Hook::serve(endpoint, deliveries, remotes).await
    }

    /// Serves an endpoint built by the caller (with settings of its own).
    pub(crate) async fn serve(
        endpoint: Endpoint<Message>,
        deliveries: mpsc::Receiver<Delivery<Message>>,
        remotes: RemoteTracker,
    ) -> Hook {
        let tally = endpoint.tally();
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.expect("bind 127.0.0.1:0");
        let url = format!("http://{}/psa-events", listener.local_addr().expect("a bound address"));
        let app = endpoint.router("/psa-events");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Hook { url, deliveries, remotes, tally, task }
    }

    /// The next delivery handed to user code.
    pub(crate) async fn next(&mut self) -> Delivery<Message> {
        tokio::time::timeout(PATIENCE, self.deliveries.recv())
            .await
            .expect("a delivery in time")
            .expect("the endpoint is running")
    }
}

impl Drop for Hook {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The fake API, a client of it, and an endpoint registered with it as a callback.
struct Scene {
    server: FakeServer,
    api: Client,
    hook: Hook,
    callback: String,
}

impl Scene {
    /// With the default delivery settings and room for 8 deliveries.
    async fn start() -> Scene {
        Scene::start_with(DeliverySettings::default(), 8).await
    }

    async fn start_with(settings: DeliverySettings, capacity: usize) -> Scene {
        let server = FakeServer::start().await;
        server.set_delivery_settings(settings);
        let api = client(&server);
        let hook = Hook::start(capacity).await;
        let callback = register(&api, &hook.url, HOOK_SECRET).await;
        Scene { server, api, hook, callback }
    }

    /// A battery monitor on the callback; its id.
    async fn monitor(&self) -> String {
        create_monitor(&self.api, &self.callback).await
    }
}

/// A plain HTTP client, to POST to an endpoint or the fake's own routes by hand.
pub(crate) fn plain_http() -> reqwest::Client {
    client_runtime::http::install_crypto_provider();
    reqwest::Client::new()
}

/// Waits until `check` gives a value.
async fn eventually<T>(what: &str, check: impl Fn() -> Option<T>) -> T {
    let poll = async {
        loop {
            if let Some(value) = check() {
                return value;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::time::timeout(PATIENCE, poll).await.unwrap_or_else(|_| panic!("never happened: {what}"))
}

fn attribute_of(kind: AttributeType, key: &str, value: &str) -> Attribute {
    Attribute { r#type: Some(kind), key: Some(key.into()), value: Some(value.into()), ..Default::default() }
}

/// A header attribute: the fake sends it as an HTTP header.
fn header(key: &str, value: &str) -> Attribute {
    attribute_of(AttributeType::Header, key, value)
}

/// A body attribute: the fake puts it in each message's `attributes`.
fn body_attribute(key: &str, value: &str) -> Attribute {
    attribute_of(AttributeType::Body, key, value)
}

/// A callback whose webhook posts to `target` with these attributes.
fn subscription(target: &str, attributes: Vec<Attribute>) -> CallbackSubscribe {
    let mut subscribe = callback_subscribe();
    if let Some(webhook) = subscribe.callback.as_mut().and_then(|callback| callback.webhook.as_mut()) {
        webhook.target = Some(target.to_owned());
        webhook.attributes = Some(attributes.into());
    }
    subscribe
}

/// Registers a callback to `target` sending the right secret and the VIN; its id.
async fn register(api: &Client, target: &str, secret: &str) -> String {
    let subscribe = subscription(target, vec![header("Authorization", secret), body_attribute("vin", "Vin")]);
    let created = api.create_user_callback(&subscribe).await.unwrap_or_else(ok("create callback"));
    created.body.and_then(|reference| reference.callback_id).expect("a callback id")
}

fn battery_monitor() -> MonitorParameter {
    let trigger = MonitorTrigger {
        name: Some("lowBattery".into()),
        data: Some(DataTrigger { data: Some(DataTriggerName::VehicleEnergyElectricLevel), ..Default::default() }),
        ..Default::default()
    };
    let triggers = TriggerParam {
        triggers: Some(vec![trigger].into()),
        bool_exp: Some("lowBattery".into()),
        ..Default::default()
    };
    MonitorParameter { trigger_param: Some(triggers), ..monitor_parameter() }
}

async fn create_monitor(api: &Client, callback: &str) -> String {
    let created = api.create_vehicle_monitor(VEHICLE_1, callback, &battery_monitor()).await;
    created.unwrap_or_else(ok("create monitor")).body.and_then(|r| r.monitor_id).expect("a monitor id")
}

async fn send_remote(api: &Client, callback: &str, remote: &Remote) -> String {
    let sent = api.send_remote_to_vhl(VEHICLE_1, callback, remote).await.unwrap_or_else(ok("send remote"));
    sent.body.and_then(|posted| posted.remote_action_id).expect("a remote action id")
}

/// The statuses of every delivery attempt so far.
fn delivered_statuses(server: &FakeServer) -> Option<Vec<Option<u16>>> {
    Some(server.delivery_attempts().iter().map(|attempt| attempt.status).collect())
}

fn attribute<'m>(message: &'m Message, key: &str) -> Option<&'m str> {
    let attributes = message.attributes.as_deref().unwrap_or_default();
    attributes.iter().find(|a| a.key.as_deref() == Some(key)).and_then(|a| a.value.as_deref())
}

#[tokio::test]
async fn a_fired_monitor_arrives_typed_with_the_registered_header() {
    let Scene { server, api, mut hook, callback } = Scene::start().await;
    let monitor = create_monitor(&api, &callback).await;

    assert!(server.fire_monitor(&monitor));
    let delivery = hook.next().await;

    assert!(delivery.batch, "the fake sends the documented array form");
    assert_eq!(delivery.drift.to_string(), "");
    let [message] = delivery.messages.as_slice() else { panic!("one message: {delivery:?}") };
    assert_eq!(message.r#type, Some(CallbackType::Monitor));
    assert_eq!(message.callback_id.as_deref(), Some(callback.as_str()));
    assert_eq!(attribute(message, "vin"), Some(VIN_1), "the Vin placeholder is filled in");
    let event = message.monitor_event.as_ref().expect("a monitor event");
    assert_eq!(event.monitor_id.as_deref(), Some(monitor.as_str()));
    assert_eq!(event.refresh, Some(false), "the first firing is not a reminder");
    let values = event.values.as_deref().unwrap_or_default();
    assert_eq!(values.first().and_then(|v| v.data.clone()), Some(DataTriggerName::VehicleEnergyElectricLevel));
    // The fake records its attempt once the answer is back, which may be after user code got it.
    let statuses = eventually("the answer", || delivered_statuses(&server).filter(|s| !s.is_empty())).await;
    assert_eq!(statuses, [Some(200)]);
    assert_eq!(hook.tally.counts().accepted, 1);
}

#[tokio::test]
async fn a_monitor_can_fire_on_a_timer_and_then_sends_reminders() {
    let settings = DeliverySettings { monitor_timer: Some(Duration::from_millis(20)), ..DeliverySettings::default() };
    let mut scene = Scene::start_with(settings, 8).await;
    let monitor = scene.monitor().await;
    let (api, hook, callback) = (&scene.api, &mut scene.hook, &scene.callback);

    let refresh = |delivery: &Delivery<Message>| delivery.messages[0].monitor_event.as_ref().and_then(|e| e.refresh);
    assert_eq!(refresh(&hook.next().await), Some(false));
    assert_eq!(refresh(&hook.next().await), Some(true));
    api.delete_vehicle_monitor(VEHICLE_1, callback, &monitor).await.unwrap_or_else(ok("delete monitor"));
}

#[tokio::test]
async fn a_remote_command_goes_through_its_stages_to_success() {
    let Scene { server: _server, api, mut hook, callback } = Scene::start().await;
    let remote = send_remote(&api, &callback, &lock_doors()).await;

    let outcome = hook.remotes.wait_for_outcome(&remote, PATIENCE).await.unwrap_or_else(|e| panic!("{e}"));

    assert_eq!(outcome, RemoteOutcome::Succeeded);
    assert_eq!(
        hook.remotes.stages(&remote),
        [
            RemoteStage::Accepted,
            RemoteStage::InProgress(RemoteEventState::WakingUpVehicle),
            RemoteStage::InProgress(RemoteEventState::SentToVehicle),
            RemoteStage::Done(RemoteOutcome::Succeeded),
        ]
    );
    // User code got the same messages, in order, on the queue.
    let mut seen = Vec::new();
    while seen.len() < 4 {
        let delivery = hook.next().await;
        seen.extend(delivery.messages.iter().filter_map(webhook::RemoteUpdate::from_message));
    }
    assert!(seen.iter().all(|update| update.remote_action_id == remote && update.remote_type.is_some()));
    assert_eq!(seen.last().map(|u| &u.stage), Some(&RemoteStage::Done(RemoteOutcome::Succeeded)));
    let action = api.get_remote_request_for_vhl_by_id(VEHICLE_1, &callback, &remote).await.unwrap_or_else(ok("get"));
    assert_eq!(action.body.status.as_ref().map(|s| s.as_str()), Some("Success"));
}

#[tokio::test]
async fn a_failing_remote_command_ends_with_its_cause() {
    let Scene { server: _server, api, hook, callback } = Scene::start().await;
    let wake_up = Remote {
        wake_up: Some(RemoteWakeUp { action: Some(RemoteWakeUpAction::WakeUp), ..Default::default() }),
        ..Remote::default()
    };
    let remote = send_remote(&api, &callback, &wake_up).await;

    let outcome = hook.remotes.wait_for_outcome(&remote, PATIENCE).await.unwrap_or_else(|e| panic!("{e}"));

    assert_eq!(outcome, RemoteOutcome::Failed { cause: Some(RemoteFailedEventStatus::TooManyWakeUpsOverMonth) });
    assert!(!outcome.is_success());
    let action = api.get_remote_request_for_vhl_by_id(VEHICLE_1, &callback, &remote).await.unwrap_or_else(ok("get"));
    assert_eq!(action.body.failure_cause, Some(RemoteFailedEventStatus::TooManyWakeUpsOverMonth));
}

#[tokio::test]
async fn waiting_for_a_remote_that_never_ends_times_out_with_what_was_seen() {
    let tracker = RemoteTracker::new();
    let error = tracker.wait_for_outcome("unknown-remote", Duration::from_millis(1)).await.expect_err("no outcome");
    assert_eq!(error.last_stage, None);
    assert_eq!(error.to_string(), "no outcome for remote command unknown-remote within 1ms (no message about it)");
}

#[tokio::test]
async fn a_deleted_monitor_fires_no_more() {
    let Scene { server, api, hook, callback } = Scene::start().await;
    let monitor = create_monitor(&api, &callback).await;

    api.delete_vehicle_monitor(VEHICLE_1, &callback, &monitor).await.unwrap_or_else(ok("delete monitor"));

    assert!(!server.fire_monitor(&monitor));
    let fire = plain_http().post(format!("{}/fake/monitors/{monitor}/fire", server.origin())).send().await;
    assert_eq!(fire.expect("the fake answers").status(), 404);
    assert!(server.delivery_attempts().is_empty());
    assert_eq!(hook.tally.counts(), client_runtime::webhook::Counts::default());
}

#[tokio::test]
async fn the_fire_endpoint_of_the_fake_delivers_too() {
    let Scene { server, api, mut hook, callback } = Scene::start().await;
    let monitor = create_monitor(&api, &callback).await;

    let fire = plain_http().post(format!("{}/fake/monitors/{monitor}/fire", server.origin())).send().await;

    assert_eq!(fire.expect("the fake answers").status(), 202);
    assert_eq!(hook.next().await.messages[0].monitor_event.as_ref().and_then(|e| e.monitor_id.clone()), Some(monitor));
}

/// A callback registered with `secret` (or none): every delivery is refused, retried the
/// bounded number of times, and none reaches user code.
async fn assert_refused_until_the_fake_gives_up(attributes: Vec<Attribute>) {
    let server = FakeServer::start().await;
    let settings = DeliverySettings { retry_delay: Duration::from_millis(1), ..DeliverySettings::default() };
    server.set_delivery_settings(settings.clone());
    let api = client(&server);
    let mut hook = Hook::start(8).await;
    let subscribe = subscription(&hook.url, attributes);
    let callback = api.create_user_callback(&subscribe).await.unwrap_or_else(ok("register")).body;
    let callback = callback.and_then(|r| r.callback_id).expect("a callback id");
    let monitor = create_monitor(&api, &callback).await;

    assert!(server.fire_monitor(&monitor));

    let tries = settings.max_retries as usize + 1;
    let attempts = eventually("the fake gives up", || {
        let attempts = server.delivery_attempts();
        (attempts.len() == tries).then_some(attempts)
    })
    .await;
    assert!(attempts.iter().all(|a| a.status == Some(401)), "{attempts:?}");
    assert_eq!(attempts.iter().map(|a| a.attempt).collect::<Vec<_>>(), (1..=tries as u32).collect::<Vec<_>>());
    assert!(hook.deliveries.try_recv().is_err(), "nothing reached user code");
    assert_eq!(hook.tally.counts().unauthorized, tries as u64);
    assert_eq!(hook.tally.counts().accepted, 0);
}

#[tokio::test]
async fn a_delivery_with_a_wrong_header_is_refused_and_never_reaches_user_code() {
    assert_refused_until_the_fake_gives_up(vec![header("Authorization", "Bearer guessed")]).await;
}

#[tokio::test]
async fn a_delivery_without_the_header_is_refused_and_never_reaches_user_code() {
    assert_refused_until_the_fake_gives_up(vec![body_attribute("vin", "Vin")]).await;
}

#[tokio::test]
async fn a_full_queue_answers_503_and_the_retry_gets_through_once_user_code_catches_up() {
    let settings = DeliverySettings { retry_delay: Duration::from_millis(20), max_retries: 50, ..Default::default() };
    let Scene { server, api, mut hook, callback } = Scene::start_with(settings, 1).await;
    let monitor = create_monitor(&api, &callback).await;

    assert!(server.fire_monitor(&monitor));
    eventually("the first firing is queued", || (hook.tally.counts().accepted == 1).then_some(())).await;
    assert!(server.fire_monitor(&monitor));
    eventually("the second firing meets a full queue", || (hook.tally.counts().busy > 0).then_some(())).await;

    let first = hook.next().await;
    let second = hook.next().await;

    let refresh = |d: &Delivery<Message>| d.messages[0].monitor_event.as_ref().and_then(|e| e.refresh);
    assert_eq!((refresh(&first), refresh(&second)), (Some(false), Some(true)));
    let delivered = |s: &Vec<Option<u16>>| s.last() == Some(&Some(200)) && s.len() > 2;
    let statuses = eventually("the retry's answer", || delivered_statuses(&server).filter(delivered)).await;
    assert!(statuses.contains(&Some(503)), "{statuses:?}");
}

#[tokio::test]
async fn the_fake_never_delivers_outside_the_machine() {
    let server = FakeServer::start().await;
    let api = client(&server);
    let callback = register(&api, "https://example.org/psa-events", HOOK_SECRET).await;
    let monitor = create_monitor(&api, &callback).await;

    assert!(server.fire_monitor(&monitor));

    let attempts = eventually("an attempt", || Some(server.delivery_attempts()).filter(|a| !a.is_empty())).await;
    assert_eq!(attempts.len(), 1);
    assert!(!attempts[0].sent && attempts[0].status.is_none(), "{attempts:?}");
}

/// Every way a remote event's status reads as a stage, from the JSON the API sends.
#[test]
fn a_remote_event_status_reads_as_its_stage() {
    use RemoteEventState as State;
    use RemoteStage::{Accepted, Done, InProgress};
    let failed = |cause| Done(RemoteOutcome::Failed { cause });
    let unknown = |text: &str| client_runtime::from_json_str::<State>(&format!("{text:?}")).expect("an open enum");
    let cases = [
        (json!({"type": "Pending", "status": "Accepted"}), Some(Accepted)),
        (json!({"type": "Pending", "status": "WakingUpVehicle"}), Some(InProgress(State::WakingUpVehicle))),
        (
            json!({"type": "Pending", "status": "VehicleBatteryChargeTooLow"}),
            Some(InProgress(State::VehicleBatteryChargeTooLow)),
        ),
        (json!({"type": "Pending", "status": "Thinking"}), Some(InProgress(unknown("Thinking")))),
        (json!({"type": "Done", "status": "Success"}), Some(Done(RemoteOutcome::Succeeded))),
        (json!({"type": "Done", "status": "AlreadyDone"}), Some(Done(RemoteOutcome::AlreadyDone))),
        (
            json!({"type": "Done", "status": "Failed", "failureCause": "DoorsOpen"}),
            Some(failed(Some(RemoteFailedEventStatus::DoorsOpen))),
        ),
        (json!({"type": "Done", "status": "Failed"}), Some(failed(None))),
        (json!({"status": "Success"}), Some(Done(RemoteOutcome::Succeeded))),
        (json!({"type": "Pending", "status": "Success"}), Some(Done(RemoteOutcome::Succeeded))),
        (json!({"type": "Done", "status": "Accepted"}), Some(Done(RemoteOutcome::Other(State::Accepted)))),
        (json!({"type": "Done", "status": "Exploded"}), Some(Done(RemoteOutcome::Other(unknown("Exploded"))))),
        (
            json!({"type": "Done", "failureCause": "GeneralError"}),
            Some(failed(Some(RemoteFailedEventStatus::GeneralError))),
        ),
        (json!({"type": "Done"}), None),
        (json!({"type": "Pending"}), None),
        (json!({"status": 3}), None),
    ];
    for (status, stage) in cases {
        let decoded: generated_client::RemoteEventStatus =
            client_runtime::from_json_str(&status.to_string()).expect("an object");
        assert_eq!(RemoteStage::from_status(&decoded), stage, "{status}");
    }
}

#[test]
fn only_remote_events_with_an_id_are_remote_updates() {
    let message = |event: Value| -> Message { client_runtime::from_json_str(&event.to_string()).expect("a message") };
    let status = json!({"type": "Done", "status": "Success"});
    let with_id =
        message(json!({"remoteEvent": {"remoteActionId": "r1", "remoteType": "Horn", "eventStatus": status}}));
    let without_id = message(json!({"remoteEvent": {"eventStatus": status}}));
    let monitor = message(json!({"type": "Monitor", "monitorEvent": {"monitorId": "m1"}}));

    let update = webhook::RemoteUpdate::from_message(&with_id).expect("an update");
    assert_eq!((update.remote_action_id.as_str(), update.stage), ("r1", RemoteStage::Done(RemoteOutcome::Succeeded)));
    assert_eq!(webhook::RemoteUpdate::from_message(&without_id), None);
    assert_eq!(webhook::RemoteUpdate::from_message(&monitor), None);

    let tracker = RemoteTracker::new();
    for message in [&with_id, &with_id, &without_id, &monitor] {
        tracker.record(message);
    }
    assert_eq!(tracker.stages("r1"), [RemoteStage::Done(RemoteOutcome::Succeeded)], "a repeated stage counts once");
    assert_eq!(tracker.outcome("r1"), Some(RemoteOutcome::Succeeded));
}

#[tokio::test]
async fn query_attributes_go_into_the_target_and_placeholders_are_filled_in() {
    let server = FakeServer::start().await;
    let api = client(&server);
    let mut hook = Hook::start(8).await;
    let query = attribute_of(AttributeType::Query, "callback", "CallbackID");
    let attributes = vec![header("Authorization", HOOK_SECRET), query, body_attribute("label", "CallbackLabel")];
    let created = api.create_user_callback(&subscription(&hook.url, attributes)).await.unwrap_or_else(ok("register"));
    let callback = created.body.and_then(|r| r.callback_id).expect("a callback id");
    let monitor = create_monitor(&api, &callback).await;

    assert!(server.fire_monitor(&monitor));
    let delivery = hook.next().await;

    assert_eq!(attribute(&delivery.messages[0], "label"), Some("my webhook"));
    let attempts = eventually("the answer", || Some(server.delivery_attempts()).filter(|a| !a.is_empty())).await;
    assert_eq!(attempts[0].target, format!("{}?callback={callback}", hook.url));
}
