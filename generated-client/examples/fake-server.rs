//! A fake Stellantis connected-car API on 127.0.0.1, to try the client without an account.
//!
//! ```text
//! cargo run -p generated-client --example fake-server            # a free port
//! cargo run -p generated-client --example fake-server -- 8787    # a chosen port (or FAKE_SERVER_PORT)
//! cargo run -p generated-client --example fake-server -- --help  # the usage
//! ```
//!
//! It prints its base URL, serves the response samples of `tests/fixtures/samples/` (three
//! vehicles, their status, position, trips, alerts, …) plus an OAuth2 token endpoint, logs one
//! line per request, and runs until Ctrl-C. Point the `tour` example at it with
//! `FAKE_SERVER_URL=<base URL>`, and the `monitors` example too: the fake delivers monitor events
//! and remote command stages to webhook targets on 127.0.0.1, and `POST /fake/monitors/{mid}/fire`
//! fires a monitor. It accepts any token and any `client_id`.

#[path = "../tests/support/fake_server.rs"]
mod fake_server;

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory as _, Parser};
use fake_server::{FakeServer, VEHICLE_1};

/// A fake Stellantis connected-car API on 127.0.0.1, to try the client without an account.
///
/// Serves the response samples of tests/fixtures/samples/ (three vehicles, their status,
/// position, trips, alerts, …) plus an OAuth2 token endpoint, delivers monitor events and remote
/// command stages to webhook targets on 127.0.0.1, logs one line per request, and runs until
/// Ctrl-C. It accepts any token and any client_id. Point the `tour` and `monitors` examples at
/// it with FAKE_SERVER_URL=<base URL>.
#[derive(Debug, Parser)]
#[command(name = "fake-server", version)]
struct Cli {
    /// The port to listen on, 0 for a free one [env: FAKE_SERVER_PORT] [default: 0]
    port: Option<u16>,
}

#[tokio::main]
async fn main() -> ExitCode {
    // A usage error exits here with clap's status 2, `--help` and `--version` with 0.
    let cli = Cli::parse();
    let port = match cli.port {
        Some(port) => port,
        None => match std::env::var("FAKE_SERVER_PORT").ok().filter(|port| !port.is_empty()) {
            None => 0,
            Some(port) => port.parse().unwrap_or_else(|_| {
                // The variable stands for the argument, so a wrong one is a usage error too.
                let message =
                    format!("invalid value '{port}' for FAKE_SERVER_PORT: a port is a number from 0 to 65535");
                Cli::command().error(ErrorKind::ValueValidation, message).exit()
            }),
        },
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let server = match FakeServer::try_start_on(addr, true).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("cannot listen on {addr}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let base = server.base_url();
    println!("Fake connected-car API listening at {base}");
    println!("  token endpoint: {}", server.token_url());
    println!(
        "  try:  curl -s '{base}/user/vehicles/{VEHICLE_1}/status?client_id=demo' -H 'Authorization: Bearer demo'"
    );
    println!("  or:   FAKE_SERVER_URL={base} cargo run -p generated-client --example tour");
    println!("  and:  FAKE_SERVER_URL={base} cargo run -p generated-client --example monitors");
    println!("Press Ctrl-C to stop.");
    match tokio::signal::ctrl_c().await {
        Ok(()) => println!("\nstopped after {} requests", server.requests().len()),
        Err(error) => eprintln!("cannot wait for Ctrl-C ({error}); stopping"),
    }
    ExitCode::SUCCESS
}
