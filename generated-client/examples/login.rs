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
//! login --store tokens.json --logout                          # revoke the refresh token, remove the file
//! login --demo --store tokens.json                            # against a local identity provider, no account
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
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use client_runtime::http::{FileStore, Login, LoopbackListener, RefreshingToken, TokenStore};
use identity_provider::{IDP_CLIENT_ID, IDP_CLIENT_SECRET, IdentityProvider};
use sign_in::Args;

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::from_env()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("login: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(mut args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let store = FileStore::new(args.value("store").ok_or("--store FILE is needed: where the session is kept")?);
    if args.flag("logout") {
        let stored = store.load().await?.ok_or("there is no session to log out of")?;
        let tokens = RefreshingToken::with_session(sign_in::app(&args, Some(&stored))?, store.clone(), stored);
        let revoked = tokens.logout().await;
        println!("Removed {}.", store.path().display());
        revoked.map_err(|error| format!("the provider did not confirm the revocation: {error}"))?;
        println!("The refresh token is revoked.");
        return Ok(());
    }

    // The demo: a local identity provider that logs anyone in, and a browser played here.
    let demo = if args.flag("demo") { Some(IdentityProvider::start().await) } else { None };
    if let Some(idp) = &demo {
        args = demo_args(args, idp);
    }
    let app = sign_in::app(&args, None)?;
    let loopback = if args.flag("loopback") {
        let port = args.value("port").map(|p| p.parse::<u16>()).transpose().map_err(|_| "--port takes a number")?;
        Some(LoopbackListener::bind(port.unwrap_or(0)).await?)
    } else {
        None
    };
    let login = match &loopback {
        Some(listener) => Login::with_redirect(&app, listener.redirect_uri())?,
        None => Login::app_redirect(&app, &args.value("country").ok_or("--country is needed (fr, de, gb, …)")?)?,
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

/// The flags of the demo: the local provider's host and app, unless given.
fn demo_args(args: Args, idp: &IdentityProvider) -> Args {
    args.with_default("brand", "peugeot")
        .with_default("country", "fr")
        .with_default("client-id", IDP_CLIENT_ID)
        .with_default("client-secret", IDP_CLIENT_SECRET)
        .with_default("identity-host", &idp.origin())
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
