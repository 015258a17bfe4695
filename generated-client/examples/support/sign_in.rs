//! What the `login` and `tour` examples share: command-line flags, and the OAuth2 app they
//! describe (brand, client id and secret from flags or the environment, identity host, TLS).

#![allow(dead_code, reason = "each example uses a different part of this module")]

use std::path::Path;

use client_runtime::http::{Brand, ClientAuth, OAuthApp, Session, Tls};

/// `--name value` and `--flag` arguments, in any order.
pub(crate) struct Args(Vec<String>);

impl Args {
    /// The process's arguments.
    pub(crate) fn from_env() -> Self {
        Args(std::env::args().skip(1).collect())
    }

    /// The same with `--name value` added when `--name` is not there.
    pub(crate) fn with_default(mut self, name: &str, value: &str) -> Self {
        if self.value(name).is_none() {
            self.0.extend([format!("--{name}"), value.to_owned()]);
        }
        self
    }

    /// The value after `--name`.
    pub(crate) fn value(&self, name: &str) -> Option<String> {
        let flag = format!("--{name}");
        self.0.iter().position(|arg| *arg == flag).and_then(|at| self.0.get(at + 1)).cloned()
    }

    /// Whether `--name` is there.
    pub(crate) fn flag(&self, name: &str) -> bool {
        let flag = format!("--{name}");
        self.0.contains(&flag)
    }

    /// The value of `--name`, else of the environment variable `env`.
    pub(crate) fn value_or_env(&self, name: &str, env: &str) -> Option<String> {
        self.value(name).or_else(|| std::env::var(env).ok().filter(|value| !value.is_empty()))
    }
}

/// The app the flags describe; a stored session fills in the brand and client id.
///
/// Flags: `--brand`, `--client-id` (`PSA_CLIENT_ID`), `--client-secret` (`PSA_CLIENT_SECRET`),
/// `--identity-host` (another host for the brand's identity provider), `--client-auth-in-body`,
/// and for partner apps `--cert`, `--key` and `--ca` (PEM files).
pub(crate) fn app(args: &Args, stored: Option<&Session>) -> Result<OAuthApp, Box<dyn std::error::Error>> {
    let brand = match (args.value("brand"), stored.and_then(|s| s.brand)) {
        (Some(name), _) => name.parse::<Brand>()?,
        (None, Some(brand)) => brand,
        (None, None) => return Err("--brand is needed (peugeot, citroen, ds, opel, vauxhall)".into()),
    };
    let client_id = args
        .value_or_env("client-id", "PSA_CLIENT_ID")
        .or_else(|| stored.and_then(|s| s.client_id.clone()))
        .ok_or("--client-id (or PSA_CLIENT_ID) is needed")?;
    // A missing secret is allowed: a fresh stored access token needs none, and a refresh then
    // fails with the provider's own `invalid_client`.
    let client_secret = args.value_or_env("client-secret", "PSA_CLIENT_SECRET").unwrap_or_default();
    let mut provider = brand.provider();
    if let Some(host) = args.value("identity-host") {
        provider = provider.with_base_url(&host)?;
    }
    let auth = if args.flag("client-auth-in-body") { ClientAuth::RequestBody } else { ClientAuth::Basic };
    Ok(OAuthApp::new(provider, client_id, client_secret).client_auth(auth).tls(&tls(args)?))
}

/// The TLS identity of `--cert` and `--key`, and the extra CAs of `--ca`.
pub(crate) fn tls(args: &Args) -> Result<Tls, Box<dyn std::error::Error>> {
    let read = |path: String| std::fs::read(Path::new(&path)).map_err(|e| format!("cannot read {path}: {e}"));
    let mut tls = Tls::new();
    match (args.value("cert"), args.value("key")) {
        (Some(cert), Some(key)) => tls = tls.client_identity(&read(cert)?, &read(key)?)?,
        (None, None) => {}
        _ => return Err("--cert and --key go together".into()),
    }
    if let Some(ca) = args.value("ca") {
        tls = tls.extra_ca(&read(ca)?)?;
    }
    Ok(tls)
}
