//! A tour of the generated client, without an account: `cargo run -p generated-client --example tour`.
//!
//! It starts the fake API of `tests/support/fake_server.rs` in-process (or uses the one at
//! `FAKE_SERVER_URL`, e.g. started with `cargo run -p generated-client --example fake-server`),
//! then, all through the generated [`Client`]: reads the account, lists the vehicles (two pages),
//! prints each vehicle's status (energy, mileage, doors, drift from the schema) and last position,
//! follows HAL links, streams a vehicle's trips across pages, and shows what an error looks like.
//!
//! With an account, the same tour runs against the real API from the session the `login`
//! example saved:
//!
//! ```text
//! tour --store tokens.json --base-url https://api.groupe-psa.com/connectedcar/v4
//! ```
//!
//! `--store` takes the brand and client id from the session (or `--brand`, `--client-id`); the
//! client secret, needed to refresh, comes from `--client-secret` or `PSA_CLIENT_SECRET`;
//! `--cert`, `--key` and `--ca` present a partner app's certificate. These app flags need
//! `--store`. Without `--base-url` the stored session is used against the fake API. `tour --help`
//! lists every flag.

#![allow(deprecated, reason = "the tour reads old wire shapes and calls deprecated operations on purpose")]

#[path = "../tests/support/fake_server.rs"]
mod fake_server;
#[path = "support/sign_in.rs"]
mod sign_in;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use client_runtime::Drift;
use client_runtime::http::{Brand, Client as HttpClient, Error, FileStore, RefreshingToken, RetryPolicy, TokenStore};
use futures_util::{StreamExt, TryStreamExt};
use generated_client::{
    Client, GetTripsByVehicleParams, GetUserParams, GetVehiclesByDeviceParams, Position, Status, Trip, TripDuration,
    Vehicle,
};
use sign_in::AppFlags;

/// A tour of the generated client against a fake connected-car API, without an account.
///
/// Reads the account, lists the vehicles, prints each one's status and last position, follows
/// HAL links, streams trips and shows what an error looks like. With --store (the session the
/// `login` example saved) and --base-url, the same tour runs against the real API; the OAuth2 app
/// flags go with --store.
#[derive(Debug, Parser)]
#[command(name = "tour", version)]
// The app flags describe the stored session's app: without --store the tour uses a demo token
// and would silently ignore them.
#[command(mut_group("app", |app| app.requires("store")))]
struct Cli {
    /// The session the `login` example saved [default: a demo token, which the fake accepts]
    #[arg(long, value_name = "FILE")]
    store: Option<PathBuf>,

    /// The API to tour, e.g. https://api.groupe-psa.com/connectedcar/v4 [env: FAKE_SERVER_URL,
    /// for a fake started apart] [default: a fake started in-process]
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,

    #[command(flatten)]
    app: AppFlags,
}

#[tokio::main]
async fn main() -> ExitCode {
    // A usage error exits here with clap's status 2, `--help` and `--version` with 0.
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tour: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let given = cli.base_url.clone().map(|url| (url, "from --base-url"));
    let given = given.or_else(|| {
        std::env::var("FAKE_SERVER_URL").ok().filter(|url| !url.is_empty()).map(|url| (url, "from FAKE_SERVER_URL"))
    });
    let (server, base_url, started) = match given {
        Some((url, origin)) => (None, url, origin),
        None => {
            let server = fake_server::FakeServer::start().await;
            let url = server.base_url().to_owned();
            (Some(server), url, "fake, started in-process")
        }
    };
    // The parts of the tour that need the fake's own data (a callback id).
    let fake = cli.base_url.is_none();
    println!("Connected-car API at {base_url} ({started})\n");

    let http = HttpClient::builder()
        .base_url(&base_url)
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy { initial_backoff: Duration::from_millis(100), ..RetryPolicy::default() });
    let http = match &cli.store {
        Some(path) => {
            let store = FileStore::new(path);
            let stored = store
                .load()
                .await?
                .ok_or_else(|| format!("no session in {}: sign in with the login example", path.display()))?;
            let app = sign_in::app(&cli.app, Some(&stored))?;
            let (brand, client_id) = (app.provider().brand(), app.client_id().to_owned());
            let tokens = RefreshingToken::with_session(app, store, stored);
            http.client_id(client_id).brand(brand).tls(sign_in::tls(&cli.app)?).token_source(tokens)
        }
        None => http.client_id("demo-app").brand(Brand::Peugeot).access_token("demo-access-token"),
    };
    let client = Client::new(http.build()?);

    // The account.
    let user = client.get_user(&GetUserParams::default()).await?.body;
    println!(
        "Account: {} {} <{}>",
        text(user.first_name.as_deref()),
        text(user.last_name.as_deref()),
        text(user.email.as_deref())
    );

    // Every vehicle, two per page: the stream follows `_links.next`.
    let mut page = GetVehiclesByDeviceParams::default();
    page.page_size = Some(2);
    let vehicles: Vec<Vehicle> = client.get_vehicles_by_device_items(&page).try_collect().await?;
    println!("{} vehicles, read two per page\n", vehicles.len());

    for vehicle in &vehicles {
        let Some(id) = vehicle.id.as_deref() else { continue };
        println!(
            "── {} {} · VIN {} · {}",
            text(vehicle.brand.as_deref()),
            text(vehicle.label.as_deref()),
            text(vehicle.vin.as_deref()),
            vehicle.motorization.as_ref().map_or_else(|| "-".to_owned(), ToString::to_string),
        );
        println!("   id {}…", &id[..16.min(id.len())]);
        match client.get_vehicle_status(id).await {
            Ok(response) => {
                print_status(&response.body);
                if let Some(left) = response.rate_limit.day_remaining {
                    println!("   (calls left today: {left})");
                }
            }
            Err(error) => println!("   status: {error}"),
        }
        match client.get_car_last_position(id).await {
            Ok(response) => println!("   last position: {}", position(&response.body)),
            Err(error) => println!("   last position: {error}"),
        }
        println!();
    }

    // HAL navigation: from the first vehicle to its status, from the status back to the vehicle,
    // and through the templated `monitors` link, expanded with a callback id. The `follow_*`
    // methods know the type each relation points at.
    if let Some(links) = vehicles.first().and_then(|v| v.links.as_ref()) {
        println!("── Following HAL links of the first vehicle");
        let status = links.follow_status(&client).await?.body;
        let mileage = status.odometer.as_ref().and_then(|o| o.mileage);
        println!("   _links.status    → a status of {}", km(mileage));
        if let Some(status_links) = &status.links {
            let vehicle = status_links.follow_vehicle(&client).await?.body;
            println!("   _links.vehicle   → {} (VIN {})", text(vehicle.label.as_deref()), text(vehicle.vin.as_deref()));
        }
        if fake {
            let cbid = fake_server::CALLBACK_ID;
            let monitors = links.follow_monitors_with(&client, &[("cbid", cbid)]).await?.body;
            for monitor in monitors.embedded.and_then(|e| e.monitors).unwrap_or_default() {
                let label = monitor.monitor.and_then(|m| m.label);
                let status = monitor.status.map_or_else(|| "-".to_owned(), |s| s.to_string());
                println!("   _links.monitors  → monitor \"{}\" ({status})", text(label.as_deref()));
            }
        }
        println!();
    }

    // Trips of the first vehicle, two per page, streamed.
    if let Some(id) = vehicles.first().and_then(|v| v.id.as_deref()) {
        println!("── Trips of the first vehicle (two per page, streamed)");
        let mut params = GetTripsByVehicleParams::default();
        params.page_size = Some(2);
        let mut trips = Box::pin(client.get_trips_by_vehicle_items(id, &params));
        while let Some(trip) = trips.next().await {
            println!("   {}", describe_trip(&trip?));
        }
        println!();
    }

    // Errors are typed and keep the answer.
    println!("── An id that is not in the account");
    match client.get_vehicle_status("not-one-of-my-vehicles").await {
        Ok(_) => println!("   unexpectedly answered"),
        Err(error @ Error::Forbidden(_)) => {
            println!("   Error::Forbidden: {error}");
            if let Some(api) = error.api() {
                println!("   raw body: {}", api.body_text());
            }
        }
        Err(other) => println!("   {other}"),
    }

    if let Some(server) = server {
        println!("\nThe fake server answered {} requests.", server.requests().len());
    }
    Ok(())
}

fn text(value: Option<&str>) -> &str {
    value.unwrap_or("-")
}

fn km(value: Option<f64>) -> String {
    value.map_or_else(|| "- km".to_owned(), |v| format!("{v:.1} km"))
}

fn print_status(status: &Status) {
    let updated = status.updated_at.as_ref().or(status.created_at.as_ref());
    println!("   status as of {}", updated.map_or_else(|| "unknown date".to_owned(), ToString::to_string));
    // The current shape (`energies`) first; 2020-era answers only have `energy`.
    let mut energy_lines = Vec::new();
    for energy in status.energies.as_deref().unwrap_or_default() {
        let charging = energy.extension.as_ref().and_then(|e| e.electric.as_ref()).and_then(|e| e.charging.as_ref());
        energy_lines.push(energy_line(
            energy.r#type.as_ref().map(ToString::to_string),
            energy.level,
            energy.autonomy.map(|a| a as f64),
            charging,
        ));
    }
    if energy_lines.is_empty() {
        for energy in status.energy.as_deref().unwrap_or_default() {
            let kind = energy.r#type.as_ref().map(ToString::to_string);
            energy_lines.push(energy_line(kind, energy.level, energy.autonomy, energy.charging.as_ref()));
        }
    }
    for line in energy_lines {
        println!("   {line}");
    }
    println!("   mileage {}", km(status.odometer.as_ref().and_then(|o| o.mileage)));
    if let Some(voltage) = status.battery.as_ref().and_then(|b| b.voltage) {
        println!("   battery voltage {voltage:.1} (as reported)");
    }
    if let Some(locks) = status.doors_state.as_ref().and_then(|d| d.locked_states.as_ref()) {
        let locks: Vec<String> = locks.iter().map(ToString::to_string).collect();
        println!("   doors {}", locks.join(", "));
    }
    let drift = status.drift();
    if drift.is_empty() {
        println!("   the answer matches the schema");
    } else {
        let plural = if drift.len() == 1 { "" } else { "s" };
        println!("   {} departure{plural} from the schema:", drift.len());
        for line in drift.to_string().lines() {
            println!("     {line}");
        }
    }
}

fn energy_line(
    kind: Option<String>,
    level: Option<f64>,
    autonomy: Option<f64>,
    charging: Option<&generated_client::EnergyCharging>,
) -> String {
    let mut line = format!(
        "{} {} · range {}",
        kind.as_deref().unwrap_or("energy"),
        level.map_or_else(|| "-".to_owned(), |l| format!("{l:.0} %")),
        autonomy.map_or_else(|| "-".to_owned(), |a| format!("{a:.0} km")),
    );
    if let Some(charging) = charging {
        let status = charging.status.as_ref().map_or_else(|| "-".to_owned(), ToString::to_string);
        line.push_str(&format!(" · charging {status}"));
        if let Some(remaining) = &charging.remaining_time {
            line.push_str(&format!(", {remaining} left"));
        }
    }
    line
}

fn position(position: &Position) -> String {
    let coordinates = position.geometry.as_ref().and_then(|g| g.coordinates.as_deref()).unwrap_or_default();
    let place = match coordinates {
        [Some(lon), Some(lat), ..] => format!("{lat:.5}° N, {lon:.5}° E"),
        _ => "no coordinates".to_owned(),
    };
    let properties = position.properties.as_ref();
    let at = properties.and_then(|p| p.created_at.as_ref().or(p.updated_at.as_ref()));
    let kind = properties.and_then(|p| p.r#type.as_ref()).map_or_else(|| "-".to_owned(), ToString::to_string);
    format!("{place} at {} ({kind})", at.map_or_else(|| "an unknown time".to_owned(), ToString::to_string))
}

fn describe_trip(trip: &Trip) -> String {
    let started = trip.started_at.as_ref().map_or_else(|| "?".to_owned(), ToString::to_string);
    let duration = match &trip.duration {
        Some(TripDuration::Integer(seconds)) => format!("{} min", seconds / 60),
        Some(TripDuration::Duration(duration)) => duration.to_string(),
        Some(TripDuration::Other(raw)) => raw.to_string(),
        None => "still open".to_owned(),
    };
    let faults: Vec<String> = trip
        .faults
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|f| {
            let fault = f.fault.as_ref().map_or_else(|| "-".to_owned(), ToString::to_string);
            let cause = f.cause.as_ref().map_or_else(|| "-".to_owned(), ToString::to_string);
            format!("{fault} ({cause})")
        })
        .collect();
    let faults = if faults.is_empty() { String::new() } else { format!(" · {}", faults.join(", ")) };
    format!("{started} · {} · {duration}{faults}", km(trip.distance))
}
