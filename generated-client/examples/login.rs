//! Sign in once, stay signed in: `cargo run -p generated-client --example login -- --brand peugeot --country fr --store tokens.json`.
//!
//! It prints the brand's login URL (authorization code with PKCE), reads back what the browser
//! ended on, exchanges the code and saves the session in the store file (JSON, mode 0600). The
//! `tour` example and your own code continue from that file with no login, for as long as the
//! refresh token lives; every refresh writes the rotated token back.
//!
//! ```text
//! login --brand peugeot --country fr --store tokens.json      # PSA_CLIENT_ID / PSA_CLIENT_SECRET
//! login ... --client-id ID --client-secret SECRET             # or as flags
//! login ... --loopback [--port 8765]                          # apps registered with http://127.0.0.1:<port>/callback
//! login ... --cert app.pem --key app.key [--ca extra.pem]     # partner apps with a client certificate
//! login ... --identity-host https://proxy.example             # another host for the identity provider
//! login ... --client-auth-in-body                             # apps that take their secret in the body
//! login --store tokens.json --logout                          # revoke the refresh token, remove the file
//! login --demo --store tokens.json                            # against a local identity provider, no account
//! login --help                                                # every flag
//! ```
//!
//! With a brand app's client, the login ends at `mymap://oauth2redirect/fr?code=…&state=…`
//! (the scheme depends on the brand), which a desktop browser cannot open: copy that address
//! from the address bar, or the `code` from the developer tools' network tab, and paste it.

#[path = "../tests/support/identity_provider.rs"]
mod identity_provider;
#[path = "support/sign_in.rs"]
mod sign_in;

use std::io::BufRead as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use clap::Parser;
use client_runtime::http::{Brand, FileStore, Login, LoopbackListener, RefreshingToken, TokenStore};
use identity_provider::{IDP_CLIENT_ID, IDP_CLIENT_SECRET, IdentityProvider};
use sign_in::AppFlags;

/// Sign in to a brand's identity provider once, and keep the session in a file.
///
/// Prints the brand's login URL, reads back what the browser ended on (pasted, or received on a
/// loopback port), exchanges the code and saves the session in --store (JSON, mode 0600). The
/// `tour` example and your own code continue from that file with no login.
#[derive(Debug, Parser)]
#[command(name = "login", version)]
// A new login has no session to take the brand from; the demo and a logout do.
#[command(mut_arg("brand", |brand| brand.required_unless_present_any(["demo", "logout"])))]
struct Cli {
    /// Where the session is kept (JSON, mode 0600)
    #[arg(long, value_name = "FILE")]
    store: PathBuf,

    /// The country of the brand app's redirect (fr, de, gb, …); not needed with --loopback
    #[arg(long, value_name = "CODE", required_unless_present_any = ["loopback", "demo", "logout"])]
    country: Option<String>,

    /// Receive the login at http://127.0.0.1:<PORT>/callback (apps registered with that redirect)
    #[arg(long)]
    loopback: bool,

    /// The port of --loopback [default: a free one]
    #[arg(long, value_name = "PORT", requires = "loopback")]
    port: Option<u16>,

    /// Revoke the stored refresh token and remove the store file
    #[arg(long)]
    logout: bool,

    /// Sign in against a local identity provider that logs anyone in: no account needed
    #[arg(long)]
    demo: bool,

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
            eprintln!("login: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(mut cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let store = FileStore::new(&cli.store);
    if cli.logout {
        let stored = store.load().await?.ok_or("there is no session to log out of")?;
        let tokens = RefreshingToken::with_session(sign_in::app(&cli.app, Some(&stored))?, store.clone(), stored);
        let revoked = tokens.logout().await;
        println!("Removed {}.", store.path().display());
        revoked.map_err(|error| format!("the provider did not confirm the revocation: {error}"))?;
        println!("The refresh token is revoked.");
        return Ok(());
    }

    // The demo: a local identity provider that logs anyone in, and a browser played here.
    let demo = if cli.demo { Some(IdentityProvider::start().await) } else { None };
    if let Some(idp) = &demo {
        demo_defaults(&mut cli, idp);
    }
    let app = sign_in::app(&cli.app, None)?;
    let loopback = if cli.loopback { Some(LoopbackListener::bind(cli.port.unwrap_or(0)).await?) } else { None };
    let login = match &loopback {
        Some(listener) => Login::with_redirect(&app, listener.redirect_uri())?,
        None => Login::app_redirect(&app, cli.country.as_deref().ok_or("--country is needed (fr, de, gb, …)")?)?,
    };

    println!(
        "Open this address in a browser and log in with your {} account:\n\n{}\n",
        app.provider().brand(),
        login.url()
    );
    let session = match loopback {
        Some(listener) => {
            println!("Waiting for the browser at {} …", listener.redirect_uri());
            if demo.is_some() {
                tokio::spawn(demo_browser_to_loopback(login.url().to_string()));
            }
            let code = tokio::time::timeout(Duration::from_secs(600), listener.receive(&login))
                .await
                .map_err(|_| "no login within ten minutes")??;
            login.exchange(&code).await?
        }
        None => {
            let pasted = match &demo {
                Some(_) => demo_browser(login.url().as_str()).await?,
                None => {
                    println!("The browser ends on {}?code=…&state=… (it cannot open it).", login.redirect_uri());
                    println!("Paste that whole address here, or the code alone, then press Enter:");
                    read_line()?
                }
            };
            login.finish(&pasted).await?
        }
    };
    store.save(&session).await?;
    let minutes = session
        .expires_at
        .and_then(|at| at.duration_since(SystemTime::now()).ok())
        .map_or_else(|| "unknown".to_owned(), |left| format!("{} min", left.as_secs() / 60));
    println!("Signed in. The session is in {} (access token valid for {minutes}).", store.path().display());
    println!("Next: cargo run -p generated-client --example tour -- --store {}", store.path().display());
    Ok(())
}

/// The demo's flags: the local provider's host and app, where not given. A flag given wins; a
/// default here wins over `PSA_CLIENT_ID`/`PSA_CLIENT_SECRET`, which belong to a real app.
fn demo_defaults(cli: &mut Cli, idp: &IdentityProvider) {
    let app = &mut cli.app;
    app.brand.get_or_insert(Brand::Peugeot);
    app.client_id.get_or_insert_with(|| IDP_CLIENT_ID.to_owned());
    app.client_secret.get_or_insert_with(|| IDP_CLIENT_SECRET.to_owned());
    app.identity_host.get_or_insert_with(|| idp.origin());
    cli.country.get_or_insert_with(|| "fr".to_owned());
}

/// What a browser would end on: the provider's redirect, read without following it.
async fn demo_browser(url: &str) -> Result<String, String> {
    let response = demo_http()?.get(url).send().await.map_err(|e| e.to_string())?;
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).ok_or("no redirect")?;
    println!("(demo) The browser ends on: {location}");
    Ok(location.to_owned())
}

/// The demo's browser with a loopback redirect: to the provider, then to the listener.
async fn demo_browser_to_loopback(url: String) {
    if let Ok(location) = demo_browser(&url).await
        && let Ok(http) = demo_http()
    {
        let _ = http.get(location).send().await;
    }
}

fn demo_http() -> Result<reqwest::Client, String> {
    client_runtime::http::install_crypto_provider();
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().map_err(|e| e.to_string())
}

fn read_line() -> Result<String, Box<dyn std::error::Error>> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line)
}
