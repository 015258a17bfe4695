//! The brands' identity providers as data: one table of hosts, realms and app redirect schemes.
//!
//! A new brand or host is one row of [`BRANDS`]; a test or a proxy moves a provider to another
//! host with [`IdentityProvider::with_base_url`], which keeps the rest of the brand's data.

use std::fmt;
use std::str::FromStr;

use url::Url;

use super::super::Error;

/// The scopes the brands' mobile-app clients ask for; partner apps set their own with
/// [`IdentityProvider::with_scopes`].
pub const DEFAULT_SCOPES: &[&str] = &["openid", "profile"];

/// The ex-PSA brands: each has its own OAuth2 realm, sent as `x-introspect-realm`, and its own
/// identity provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Brand {
    /// Peugeot.
    Peugeot,
    /// Citroën.
    Citroen,
    /// DS.
    Ds,
    /// Opel.
    Opel,
    /// Vauxhall.
    Vauxhall,
}

/// One brand's row: what the identity provider and the brand's app are called.
struct BrandData {
    brand: Brand,
    /// The name on the command line and in stored sessions.
    name: &'static str,
    /// The `x-introspect-realm` value.
    realm: &'static str,
    /// The ForgeRock AM host (authorize, token and revoke live under `/am/oauth2/`).
    identity_host: &'static str,
    /// The brand app's redirect scheme: `<scheme>://oauth2redirect/<country>`.
    app_scheme: &'static str,
}

/// Every brand, from the reference (§2 realms, §9.1 hosts and redirect schemes).
const BRANDS: [BrandData; 5] = [
    BrandData {
        brand: Brand::Peugeot,
        name: "peugeot",
        realm: "clientsB2CPeugeot",
        identity_host: "https://idpcvs.peugeot.com",
        app_scheme: "mymap",
    },
    BrandData {
        brand: Brand::Citroen,
        name: "citroen",
        realm: "clientsB2CCitroen",
        identity_host: "https://idpcvs.citroen.com",
        app_scheme: "mymacsdk",
    },
    BrandData {
        brand: Brand::Ds,
        name: "ds",
        realm: "clientsB2CDS",
        identity_host: "https://idpcvs.driveds.com",
        app_scheme: "mymdssdk",
    },
    BrandData {
        brand: Brand::Opel,
        name: "opel",
        realm: "clientsB2COpel",
        identity_host: "https://idpcvs.opel.com",
        app_scheme: "mymopsdk",
    },
    BrandData {
        brand: Brand::Vauxhall,
        name: "vauxhall",
        realm: "clientsB2CVauxhall",
        identity_host: "https://idpcvs.vauxhall.co.uk",
        app_scheme: "mymvxsdk",
    },
];

/// Where the OAuth2 endpoints live under an identity host.
const OAUTH2_PATH: &str = "am/oauth2/";

impl Brand {
    /// Every brand.
    pub const ALL: [Brand; 5] = [Brand::Peugeot, Brand::Citroen, Brand::Ds, Brand::Opel, Brand::Vauxhall];

    fn data(self) -> &'static BrandData {
        // The table has one row per variant, in declaration order; the test below pins it.
        &BRANDS[self as usize]
    }

    /// The value of the `x-introspect-realm` header.
    #[must_use]
    pub fn realm(self) -> &'static str {
        self.data().realm
    }

    /// The brand's short name (`peugeot`, `citroen`, `ds`, `opel`, `vauxhall`).
    #[must_use]
    pub fn name(self) -> &'static str {
        self.data().name
    }

    /// The brand's identity provider at its production host.
    #[must_use]
    pub fn provider(self) -> IdentityProvider {
        let data = self.data();
        IdentityProvider {
            brand: self,
            base_url: oauth2_base(data.identity_host).unwrap_or_else(|_| unreachable!("the table's hosts parse")),
            app_scheme: data.app_scheme.to_owned(),
            scopes: DEFAULT_SCOPES.iter().map(|&scope| scope.to_owned()).collect(),
        }
    }
}

impl fmt::Display for Brand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Brand {
    type Err = Error;

    /// A brand by its short name, in any case (`Peugeot`, `citroen`, `DS`).
    fn from_str(name: &str) -> Result<Self, Error> {
        BRANDS.iter().find(|row| row.name.eq_ignore_ascii_case(name.trim())).map(|row| row.brand).ok_or_else(|| {
            let known: Vec<&str> = BRANDS.iter().map(|row| row.name).collect();
            Error::InvalidRequest { message: format!("unknown brand {name:?}: one of {}", known.join(", ")) }
        })
    }
}

/// A brand's OAuth2 identity provider: its endpoints, the brand app's redirect scheme and the
/// scopes to ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityProvider {
    brand: Brand,
    /// `https://idpcvs.<brand>/am/oauth2/`, with its trailing slash.
    base_url: Url,
    app_scheme: String,
    scopes: Vec<String>,
}

impl IdentityProvider {
    /// The same provider at another host (a local identity provider in tests, a proxy):
    /// `http://127.0.0.1:8080` serves `/am/oauth2/authorize` and the rest.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the URL does not parse or cannot be a base.
    pub fn with_base_url(mut self, host: &str) -> Result<Self, Error> {
        self.base_url = oauth2_base(host)?;
        Ok(self)
    }

    /// Other scopes than [`DEFAULT_SCOPES`].
    #[must_use]
    pub fn with_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// The brand.
    #[must_use]
    pub fn brand(&self) -> Brand {
        self.brand
    }

    /// The scopes asked for at login.
    #[must_use]
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// `…/am/oauth2/authorize`.
    #[must_use]
    pub fn authorize_url(&self) -> Url {
        self.endpoint("authorize", false)
    }

    /// `…/am/oauth2/access_token`.
    #[must_use]
    pub fn token_url(&self) -> Url {
        self.endpoint("access_token", false)
    }

    /// `…/am/oauth2/token/revoke?realm=<realm>`, as the provider documents it.
    #[must_use]
    pub fn revoke_url(&self) -> Url {
        self.endpoint("token/revoke", true)
    }

    /// The brand app's redirect for a country: `mymap://oauth2redirect/fr`. Clients that reuse
    /// a brand app's OAuth2 client must use it; a desktop browser cannot open it, so the user
    /// pastes it back.
    #[must_use]
    pub fn app_redirect(&self, country: &str) -> String {
        format!("{}://oauth2redirect/{}", self.app_scheme, country.trim().to_ascii_lowercase())
    }

    fn endpoint(&self, path: &str, with_realm: bool) -> Url {
        // Joining a relative path onto a base with a trailing slash cannot fail.
        let mut url = self.base_url.join(path).unwrap_or_else(|_| self.base_url.clone());
        if with_realm {
            url.query_pairs_mut().append_pair("realm", self.brand.realm());
        }
        url
    }
}

/// `<host>/am/oauth2/`, the base every endpoint joins onto.
fn oauth2_base(host: &str) -> Result<Url, Error> {
    let invalid = |why: String| Error::InvalidRequest { message: format!("the identity host {host:?} {why}") };
    let base =
        Url::parse(&format!("{}/", host.trim_end_matches('/'))).map_err(|e| invalid(format!("does not parse: {e}")))?;
    if base.cannot_be_a_base() || !matches!(base.scheme(), "http" | "https") {
        return Err(invalid("is not an http(s) URL".to_owned()));
    }
    base.join(OAUTH2_PATH).map_err(|e| invalid(format!("does not take a path: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_one_row_per_brand_in_order() {
        for brand in Brand::ALL {
            assert_eq!(brand.data().brand, brand);
            assert_eq!(brand.name().parse::<Brand>().ok(), Some(brand));
            assert_eq!(brand.provider().token_url().path(), "/am/oauth2/access_token", "{brand}");
        }
    }

    #[test]
    fn endpoints_follow_the_host() {
        let peugeot = Brand::Peugeot.provider();
        assert_eq!(peugeot.token_url().as_str(), "https://idpcvs.peugeot.com/am/oauth2/access_token");
        assert_eq!(
            peugeot.revoke_url().as_str(),
            "https://idpcvs.peugeot.com/am/oauth2/token/revoke?realm=clientsB2CPeugeot"
        );
        assert_eq!(peugeot.app_redirect("FR"), "mymap://oauth2redirect/fr");
        let local = Brand::Vauxhall.provider().with_base_url("http://127.0.0.1:9/").expect("a local host");
        assert_eq!(local.authorize_url().as_str(), "http://127.0.0.1:9/am/oauth2/authorize");
        assert_eq!(local.app_redirect("gb"), "mymvxsdk://oauth2redirect/gb");
        assert!(Brand::Ds.provider().with_base_url("mailto:x@y").is_err());
        assert!("fiat".parse::<Brand>().is_err());
    }
}
