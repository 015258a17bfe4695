//! What the `login` and `tour` examples share: the OAuth2 app's command-line flags (one clap
//! struct both flatten), and the app they describe (brand, client id and secret from flags or the
//! environment, identity host, TLS).

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser as _};
use client_runtime::http::{Brand, ClientAuth, OAuthApp, Session, Tls};

/// The flags of the OAuth2 app. The environment fallbacks are read by hand in [`app`] (clap's
/// `env` feature is off), so each help text names its variable.
#[derive(clap::Args, Debug)]
// The id lets an example attach a rule to every flag at once (`tour` requires `--store`).
#[group(id = "app")]
#[command(next_help_heading = "OAuth2 app")]
pub(crate) struct AppFlags {
    /// The brand, whose identity provider signs in [default: the stored session's]
    #[arg(long, value_name = "BRAND", value_parser = brand_parser(), ignore_case = true)]
    pub(crate) brand: Option<Brand>,

    /// The app's client id [env: PSA_CLIENT_ID] [default: the stored session's]
    #[arg(long, value_name = "ID")]
    pub(crate) client_id: Option<String>,

    /// The app's client secret, needed to sign in and to refresh [env: PSA_CLIENT_SECRET]
    #[arg(long, value_name = "SECRET")]
    pub(crate) client_secret: Option<String>,

    /// Another host for the brand's identity provider (a proxy, a test server)
    #[arg(long, value_name = "URL")]
    pub(crate) identity_host: Option<String>,

    /// Send the client id and secret in the token request's body, not as HTTP Basic auth
    #[arg(long)]
    pub(crate) client_auth_in_body: bool,

    /// A partner app's client certificate (PEM), presented with --key
    #[arg(long, value_name = "PEM", requires = "key")]
    pub(crate) cert: Option<PathBuf>,

    /// The private key of --cert (PEM)
    #[arg(long, value_name = "PEM", requires = "cert")]
    pub(crate) key: Option<PathBuf>,

    /// More CA certificates to trust (PEM), e.g. a proxy's
    #[arg(long, value_name = "PEM")]
    pub(crate) ca: Option<PathBuf>,
}

/// The brands by the runtime's own names, so that a wrong one is a clap error that lists them;
/// the runtime's `FromStr` then turns the name into the brand.
fn brand_parser() -> impl clap::builder::TypedValueParser<Value = Brand> {
    PossibleValuesParser::new(Brand::ALL.map(Brand::name)).try_map(|name| name.parse::<Brand>())
}

/// The value of the environment variable `name`, when set and not empty.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// The app the flags describe; a stored session fills in the brand and client id.
///
/// A flag wins over its environment variable, which wins over the session.
pub(crate) fn app(flags: &AppFlags, stored: Option<&Session>) -> Result<OAuthApp, Box<dyn std::error::Error>> {
    let brand = flags
        .brand
        .or_else(|| stored.and_then(|s| s.brand))
        .ok_or("--brand is needed (peugeot, citroen, ds, opel, vauxhall)")?;
    let client_id = flags
        .client_id
        .clone()
        .or_else(|| env("PSA_CLIENT_ID"))
        .or_else(|| stored.and_then(|s| s.client_id.clone()))
        .ok_or("--client-id (or PSA_CLIENT_ID) is needed")?;
    // A missing secret is allowed: a fresh stored access token needs none, and a refresh then
    // fails with the provider's own `invalid_client`.
    let client_secret = flags.client_secret.clone().or_else(|| env("PSA_CLIENT_SECRET")).unwrap_or_default();
    let mut provider = brand.provider();
    if let Some(host) = &flags.identity_host {
        provider = provider.with_base_url(host)?;
    }
    let auth = if flags.client_auth_in_body { ClientAuth::RequestBody } else { ClientAuth::Basic };
    Ok(OAuthApp::new(provider, client_id, client_secret).client_auth(auth).tls(&tls(flags)?))
}

/// The TLS identity of `--cert` and `--key`, and the extra CAs of `--ca`.
pub(crate) fn tls(flags: &AppFlags) -> Result<Tls, Box<dyn std::error::Error>> {
    let read = |path: &PathBuf| std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()));
    let mut tls = Tls::new();
    match (&flags.cert, &flags.key) {
        (Some(cert), Some(key)) => tls = tls.client_identity(&read(cert)?, &read(key)?)?,
        (None, None) => {}
        // clap already refuses one without the other; this keeps `AppFlags` built in code honest.
        _ => return Err("--cert and --key go together".into()),
    }
    if let Some(ca) = &flags.ca {
        tls = tls.extra_ca(&read(ca)?)?;
    }
    Ok(tls)
}
