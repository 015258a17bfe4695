//! Monitors and remote commands end to end, without an account:
//! `cargo run -p generated-client --example monitors`.
//!
//! It starts a webhook endpoint on 127.0.0.1 (feature `webhook`) and the fake API of
//! `tests/support/fake_server.rs` in-process (or uses the one at `FAKE_SERVER_URL`, started
//! with `cargo run -p generated-client --example fake-server`), then, through the generated
//! [`Client`]: registers a callback pointing at the endpoint with an `Authorization` header
//! attribute, creates a battery monitor and fires it (with the fake's `POST
//! /fake/monitors/{mid}/fire`), sends a preconditioning command and follows it to its outcome,
//! sends a wake-up that fails, and deletes the monitor. Every message arrives typed, checked
//! against the registered header, with its drift. It takes no arguments but `--help` and
//! `--version`.

#[path = "../tests/support/fake_server.rs"]
mod fake_server;

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use client_runtime::http::{Brand, Client as HttpClient};
use generated_client::webhook::{self, Receiver, RemoteTracker, RemoteUpdate};
use generated_client::{
    Attribute, AttributeType, CallbackSubscribe, CallbackTarget, CallbackType, Client, DataTrigger, DataTriggerName,
    Message, MonitorParameter, MonitorTrigger, Remote, RemotePreconditioning, RemotePreconditioningAirConditioning,
    RemoteWakeUp, RemoteWakeUpAction, TriggerParam, Webhook,
};
use reqwest::Url;

/// The secret the callback is registered with, and the endpoint expects.
const CALLBACK_SECRET: &str = "Bearer demo-callback-secret";
/// The vehicle of the demo: the e-208 of the samples.
const VEHICLE: &str = fake_server::VEHICLE_1;
/// How long to wait for anything; only reached when something is broken.
const PATIENCE: Duration = Duration::from_secs(30);

/// Monitors and remote commands end to end against a fake connected-car API, without an account.
///
/// Starts a webhook endpoint on 127.0.0.1 and the fake API in-process (or uses the one at
/// FAKE_SERVER_URL, e.g. started with the `fake-server` example), registers a callback, creates a
/// battery monitor and fires it, follows a preconditioning command and a failing wake-up to their
/// outcomes, and deletes the monitor.
#[derive(Debug, Parser)]
#[command(name = "monitors", version)]
struct Cli {}

#[tokio::main]
async fn main() -> ExitCode {
    // Only `--help` and `--version`, which exit here with 0; anything else is a usage error (2).
    Cli::parse();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("monitors: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let (_server, base_url) = fake_server::FakeServer::start_unless_env().await;
    println!("Fake connected-car API at {base_url}");

    // The endpoint the API delivers to: it checks the header, answers at once, and queues.
    let receiver = Receiver::new([("authorization", CALLBACK_SECRET)])?;
    let (endpoint, mut deliveries, remotes) = webhook::endpoint(receiver, 64);
    let tally = endpoint.tally();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let target = format!("http://{}/psa-events", listener.local_addr()?);
    tokio::spawn(axum::serve(listener, endpoint.router("/psa-events")).into_future());
    println!("Webhook endpoint at {target}\n");

    // User code: reads deliveries at its own pace, and passes monitor events on (the tracker
    // already saw the remote updates, on the request path).
    let (events, mut monitor_events) = tokio::sync::mpsc::channel::<Message>(16);
    tokio::spawn(async move {
        while let Some(delivery) = deliveries.recv().await {
            if !delivery.drift.is_empty() {
                print!("  drift in a delivery:\n{}", delivery.drift);
            }
            for message in delivery.messages {
                if RemoteUpdate::from_message(&message).is_none() {
                    let _ = events.send(message).await;
                }
            }
        }
    });

    let http = HttpClient::builder()
        .base_url(&base_url)
        .client_id("demo-app")
        .brand(Brand::Peugeot)
        .access_token("demo-access-token")
        .build()?;
    let api = Client::new(http);

    // 1. A callback that posts to the endpoint, with the secret as a header attribute.
    let callback = api.create_user_callback(&subscription(&target)).await?.body.and_then(|r| r.callback_id);
    let callback = callback.ok_or("the API gave no callback id")?;
    println!("Registered callback {callback}");

    // 2. A monitor, fired on demand.
    let created = api.create_vehicle_monitor(VEHICLE, &callback, &battery_monitor()).await?.body;
    let monitor = created.and_then(|r| r.monitor_id).ok_or("the API gave no monitor id")?;
    println!("Created monitor {monitor}; firing it");
    let fire = Url::parse(&base_url)?.join(&format!("/fake/monitors/{monitor}/fire"))?;
    let fired = reqwest_post(&fire).await?;
    println!("  the fake answered {fired}");
    let message = tokio::time::timeout(PATIENCE, monitor_events.recv()).await?.ok_or("the endpoint stopped")?;
    describe_monitor_event(&message);

    // 3. A remote command, followed to its outcome.
    println!("\nSending a preconditioning command");
    follow(&api, &remotes, &callback, &preconditioning()).await?;
    println!("\nSending a wake-up (the fake says the monthly limit is reached)");
    follow(&api, &remotes, &callback, &wake_up()).await?;

    // 4. The monitor goes away.
    api.delete_vehicle_monitor(VEHICLE, &callback, &monitor).await?;
    println!("\nDeleted monitor {monitor}");
    let counts = tally.counts();
    println!("Endpoint: {} deliveries accepted, {} refused", counts.accepted, counts.unauthorized + counts.malformed);
    Ok(())
}

async fn follow(
    api: &Client,
    remotes: &RemoteTracker,
    callback: &str,
    remote: &Remote,
) -> Result<(), Box<dyn std::error::Error>> {
    let sent = api.send_remote_to_vhl(VEHICLE, callback, remote).await?.body;
    let id = sent.and_then(|posted| posted.remote_action_id).ok_or("the API gave no remote action id")?;
    let outcome = remotes.wait_for_outcome(&id, PATIENCE).await?;
    for stage in remotes.stages(&id) {
        println!("  remote {id}: {stage:?}");
    }
    println!("  outcome: {outcome:?} (success: {})", outcome.is_success());
    Ok(())
}

fn describe_monitor_event(message: &Message) {
    let Some(event) = &message.monitor_event else { return };
    println!("  monitor {} fired (reminder: {:?})", event.monitor_id.as_deref().unwrap_or("?"), event.refresh);
    for value in event.values.as_deref().unwrap_or_default() {
        let now = value.value.as_ref().and_then(|v| v.body.as_ref()).and_then(|b| b.literal_value.as_deref());
        let data = value.data.as_ref().map_or("?", |data| data.as_str());
        println!("  {data}: {} (was {})", now.unwrap_or("?"), value.previous.as_deref().unwrap_or("?"));
    }
    let bodies = event.extensions.iter().flatten().flat_map(|extension| extension.body.iter().flatten());
    for position in bodies.filter_map(|body| body.position.as_ref()) {
        match geo_types::Point::try_from(position) {
            Ok(point) => println!("  the vehicle was at longitude {}, latitude {}", point.x(), point.y()),
            Err(error) => println!("  the vehicle's position is unusable: {error}"),
        }
    }
    for attribute in message.attributes.as_deref().unwrap_or_default() {
        println!(
            "  attribute {}: {}",
            attribute.key.as_deref().unwrap_or("?"),
            attribute.value.as_deref().unwrap_or("?")
        );
    }
}

/// POSTs nothing to a URL of the fake (its fire endpoint); the status.
async fn reqwest_post(url: &Url) -> Result<u16, Box<dyn std::error::Error>> {
    client_runtime::http::install_crypto_provider();
    Ok(reqwest::Client::new().post(url.clone()).send().await?.status().as_u16())
}

fn attribute(kind: AttributeType, key: &str, value: &str) -> Attribute {
    Attribute { r#type: Some(kind), key: Some(key.into()), value: Some(value.into()), ..Default::default() }
}

fn subscription(target: &str) -> CallbackSubscribe {
    let webhook = Webhook {
        name: Some("fleet dashboard".into()),
        target: Some(target.into()),
        attributes: Some(
            vec![
                attribute(AttributeType::Header, "Authorization", CALLBACK_SECRET),
                attribute(AttributeType::Body, "vin", "Vin"),
            ]
            .into(),
        ),
        ..Default::default()
    };
    CallbackSubscribe {
        label: Some("fleet dashboard".into()),
        r#type: Some(vec![CallbackType::Monitor, CallbackType::Remote].into()),
        callback: Some(CallbackTarget { webhook: Some(webhook), ..Default::default() }),
        ..Default::default()
    }
}

fn battery_monitor() -> MonitorParameter {
    let trigger = MonitorTrigger {
        name: Some("lowBattery".into()),
        data: Some(DataTrigger { data: Some(DataTriggerName::VehicleEnergyElectricLevel), ..Default::default() }),
        ..Default::default()
    };
    MonitorParameter {
        label: Some("battery below 20 %".into()),
        trigger_param: Some(TriggerParam {
            triggers: Some(vec![trigger].into()),
            bool_exp: Some("lowBattery".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn preconditioning() -> Remote {
    let air = RemotePreconditioningAirConditioning { immediate: Some(true), ..Default::default() };
    Remote {
        label: Some("warm up".into()),
        preconditioning: Some(RemotePreconditioning { air_conditioning: Some(air), ..Default::default() }),
        ..Default::default()
    }
}

fn wake_up() -> Remote {
    let action = RemoteWakeUp { action: Some(RemoteWakeUpAction::WakeUp), ..Default::default() };
    Remote { label: Some("wake up".into()), wake_up: Some(action), ..Default::default() }
}
