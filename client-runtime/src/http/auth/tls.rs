//! [`Tls`]: the client certificate a registered partner app presents, and extra CAs to trust.

use std::fmt;

use super::super::Error;

/// TLS settings for the API and the token endpoint alike: a client identity (certificate chain
/// and private key, PEM) and extra certificate authorities (PEM) trusted beside the system's.
///
/// `Debug` says whether an identity is set, never what it holds.
#[derive(Clone, Default)]
pub struct Tls {
    identity: Option<reqwest::Identity>,
    extra_roots: Vec<reqwest::Certificate>,
}

impl Tls {
    /// No client identity, no extra CA.
    #[must_use]
    pub fn new() -> Self {
        Tls::default()
    }

    /// The client certificate (with its chain, leaf first) and its private key (PKCS#8, PKCS#1 or
    /// SEC1), as PEM text; they may come in one file or two.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the PEM holds no certificate or no key.
    pub fn client_identity(mut self, certificate_pem: &[u8], key_pem: &[u8]) -> Result<Self, Error> {
        let mut pem = Vec::with_capacity(certificate_pem.len() + key_pem.len() + 1);
        pem.extend_from_slice(certificate_pem);
        pem.push(b'\n');
        pem.extend_from_slice(key_pem);
        // reqwest's message names the PEM part that is wrong, never the key itself.
        let identity = reqwest::Identity::from_pem(&pem).map_err(|e| invalid("client identity", &e))?;
        self.identity = Some(identity);
        Ok(self)
    }

    /// Certificate authorities to trust beside the system's (a PEM bundle of one or more).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the bundle holds no certificate or one does not parse.
    pub fn extra_ca(mut self, bundle_pem: &[u8]) -> Result<Self, Error> {
        let roots = reqwest::Certificate::from_pem_bundle(bundle_pem).map_err(|e| invalid("CA bundle", &e))?;
        if roots.is_empty() {
            return Err(Error::InvalidRequest { message: "the CA bundle holds no certificate".to_owned() });
        }
        self.extra_roots.extend(roots);
        Ok(self)
    }

    /// Applies the settings to a reqwest client under construction.
    pub(crate) fn apply(&self, mut builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        if let Some(identity) = &self.identity {
            builder = builder.identity(identity.clone());
        }
        if !self.extra_roots.is_empty() {
            builder = builder.tls_certs_merge(self.extra_roots.iter().cloned());
        }
        builder
    }
}

fn invalid(what: &str, error: &reqwest::Error) -> Error {
    Error::InvalidRequest { message: format!("the {what} does not load: {error}") }
}

impl fmt::Debug for Tls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tls")
            .field("client_identity", &self.identity.is_some())
            .field("extra_roots", &self.extra_roots.len())
            .finish()
    }
}
