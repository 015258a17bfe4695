//! [`OAuthApp`]: a registered OAuth2 application at one identity provider, and its three
//! exchanges (authorization code, refresh, revoke), run by the `oauth2` crate over our reqwest.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use oauth2::basic::BasicClient;
use oauth2::{
    AsyncHttpClient, AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, ErrorResponseType, HttpRequest, HttpResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RefreshToken, RequestTokenError, RevocationUrl, Scope, StandardErrorResponse, TokenResponse, TokenUrl,
};
use serde_json::Value;
use url::{Url, form_urlencoded};

use super::super::Error;
use super::tls::Tls;
use super::{BoxFuture, IdentityProvider, Secret};

/// An `oauth2` client with the authorize, revoke and token endpoints set.
type Endpoints = BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointSet, EndpointSet>;

/// How the application proves who it is at the token endpoint. Both occur among the clients
/// of this API (reference §9.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClientAuth {
    /// HTTP Basic with the client id and secret (the documented way).
    #[default]
    Basic,
    /// `client_id` and `client_secret` in the form body.
    RequestBody,
}

/// A registered OAuth2 application (client id and secret) at one brand's identity provider,
/// with the HTTP client its exchanges use: no redirects (the form body carries codes and
/// tokens, and reqwest would re-send it on 307/308), a 30 s timeout, and the [`Tls`] identity
/// partner apps present. Cheap to clone; `Debug` never shows the secret.
#[derive(Clone)]
pub struct OAuthApp {
    provider: IdentityProvider,
    client_id: String,
    client_secret: Secret,
    auth: ClientAuth,
    /// A client that cannot be built (no TLS backend) is reported by the first exchange.
    http: Result<reqwest::Client, String>,
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp")
            .field("provider", &self.provider)
            .field("client_id", &self.client_id)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

/// What an exchange handed out.
pub(crate) struct Grant {
    pub(crate) access_token: Secret,
    /// The rotated refresh token, when the provider sent one.
    pub(crate) refresh_token: Option<Secret>,
    pub(crate) expires_at: Option<SystemTime>,
}

/// Which exchange failed: the same provider error means different things in each.
#[derive(Clone, Copy)]
enum Exchange {
    Code,
    Refresh,
}

/// A token's lifetime when the provider does not say (real tokens last about an hour).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3_600);

impl OAuthApp {
    /// The application `client_id` (secret `client_secret`) at `provider`.
    pub fn new(provider: IdentityProvider, client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        OAuthApp {
            provider,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            auth: ClientAuth::default(),
            http: token_http(&Tls::default()),
        }
    }

    /// How to authenticate at the token endpoint (default: HTTP Basic).
    #[must_use]
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.auth = auth;
        self
    }

    /// Presents a client certificate to the identity provider and trusts extra CAs.
    #[must_use]
    pub fn tls(mut self, tls: &Tls) -> Self {
        self.http = token_http(tls);
        self
    }

    /// The identity provider.
    #[must_use]
    pub fn provider(&self) -> &IdentityProvider {
        &self.provider
    }

    /// The client id.
    #[must_use]
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The authorize URL for `redirect`, with a fresh `state` and PKCE (S256) verifier.
    pub(crate) fn authorize(&self, redirect: RedirectUrl) -> (Url, CsrfToken, PkceCodeVerifier) {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state) = self
            .endpoints()
            .set_redirect_uri(redirect)
            .authorize_url(CsrfToken::new_random)
            .add_scopes(self.provider.scopes().iter().cloned().map(Scope::new))
            .set_pkce_challenge(challenge)
            .url();
        (url, state, verifier)
    }

    /// `grant_type=authorization_code` with the PKCE verifier.
    pub(crate) async fn exchange_code(
        &self,
        code: &Secret,
        redirect: &RedirectUrl,
        verifier: PkceCodeVerifier,
    ) -> Result<Grant, Error> {
        let http = self.http()?;
        let answer = self
            .endpoints()
            .exchange_code(AuthorizationCode::new(code.expose().to_owned()))
            .set_pkce_verifier(verifier)
            .set_redirect_uri(Cow::Borrowed(redirect))
            .request_async(&http)
            .await
            .map_err(|e| failure(Exchange::Code, e))?;
        Ok(grant(&answer))
    }

    /// `grant_type=refresh_token`.
    pub(crate) async fn refresh(&self, refresh_token: &Secret) -> Result<Grant, Error> {
        let http = self.http()?;
        let refresh_token = RefreshToken::new(refresh_token.expose().to_owned());
        let answer = self
            .endpoints()
            .exchange_refresh_token(&refresh_token)
            .request_async(&http)
            .await
            .map_err(|e| failure(Exchange::Refresh, e))?;
        Ok(grant(&answer))
    }

    /// Revokes a refresh token (and with it the access tokens it produced) at the provider:
    /// RFC 7009, `token=…&token_type_hint=refresh_token`, the client authenticated as for the
    /// other exchanges. (Sent by hand: `oauth2` refuses revocation endpoints that are not
    /// HTTPS, and a local provider is not.)
    ///
    /// # Errors
    /// When the provider cannot be reached or refuses.
    pub async fn revoke(&self, refresh_token: &Secret) -> Result<(), Error> {
        let TokenHttp(http) = self.http()?;
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("token", refresh_token.expose()).append_pair("token_type_hint", "refresh_token");
        let mut request = http
            .post(self.provider.revoke_url())
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(reqwest::header::ACCEPT, "application/json");
        match self.auth {
            // RFC 6749 §2.3.1: each part form-encoded before Basic, as `oauth2` does for the others.
            ClientAuth::Basic => {
                let encode = |part: &str| form_urlencoded::byte_serialize(part.as_bytes()).collect::<String>();
                request = request.basic_auth(encode(&self.client_id), Some(encode(self.client_secret.expose())));
            }
            ClientAuth::RequestBody => {
                form.append_pair("client_id", &self.client_id)
                    .append_pair("client_secret", self.client_secret.expose());
            }
        }
        let during = "the identity provider";
        let response = request.body(form.finish()).send().await.map_err(|e| Error::transport(e, during))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let body = response.bytes().await.map_err(|e| Error::transport(e, during))?;
        let json: Option<Value> = serde_json::from_slice(&body).ok();
        let text = |key: &str| json.as_ref().and_then(|j| j.get(key)).and_then(Value::as_str).map(str::to_owned);
        Err(Error::Token {
            message: match (text("error"), text("error_description")) {
                (Some(error), Some(description)) => format!("{error}: {description}"),
                (Some(error), None) => error,
                _ => format!("the identity provider answered {status} to the revocation"),
            },
        })
    }

    fn endpoints(&self) -> Endpoints {
        BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.client_secret.expose().to_owned()))
            .set_auth_type(match self.auth {
                ClientAuth::Basic => AuthType::BasicAuth,
                ClientAuth::RequestBody => AuthType::RequestBody,
            })
            .set_auth_uri(AuthUrl::from_url(self.provider.authorize_url()))
            .set_token_uri(TokenUrl::from_url(self.provider.token_url()))
            .set_revocation_url(RevocationUrl::from_url(self.provider.revoke_url()))
    }

    fn http(&self) -> Result<TokenHttp, Error> {
        self.http.clone().map(TokenHttp).map_err(|message| Error::Transport { message })
    }
}

fn token_http(tls: &Tls) -> Result<reqwest::Client, String> {
    if !super::super::install_crypto_provider() {
        return Err(super::super::NO_CRYPTO_PROVIDER.to_owned());
    }
    tls.apply(reqwest::Client::builder())
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.without_url().to_string())
}

fn grant(answer: &impl TokenResponse) -> Grant {
    let lifetime = answer.expires_in().unwrap_or(DEFAULT_LIFETIME);
    Grant {
        access_token: Secret::new(answer.access_token().secret().as_str()),
        refresh_token: answer.refresh_token().map(|token| Secret::new(token.secret().as_str())),
        expires_at: SystemTime::now().checked_add(lifetime),
    }
}

/// `oauth2`'s HTTP client: our reqwest (a named type with a boxed future, so that the
/// exchanges' futures stay `Send` for every lifetime, as token sources need).
struct TokenHttp(reqwest::Client);

impl<'c> AsyncHttpClient<'c> for TokenHttp {
    type Error = Error;
    type Future = BoxFuture<'c, Result<HttpResponse, Error>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(send(&self.0, request))
    }
}

/// One request. A failure that is not the provider's own error body (`{"error": …}`) ends
/// here, with the status, so that a 500 with an HTML page reads as what it is rather than as a
/// parse error.
async fn send(http: &reqwest::Client, request: HttpRequest) -> Result<HttpResponse, Error> {
    let during = "the identity provider";
    let request = reqwest::Request::try_from(request).map_err(|e| Error::transport(e, during))?;
    let response = http.execute(request).await.map_err(|e| Error::transport(e, during))?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(|e| Error::transport(e, during))?.to_vec();
    if !status.is_success() && !is_provider_error(&body) {
        return Err(Error::Token { message: format!("the identity provider answered {status}") });
    }
    let mut answer = HttpResponse::new(body);
    *answer.status_mut() = status;
    *answer.headers_mut() = headers;
    Ok(answer)
}

fn is_provider_error(body: &[u8]) -> bool {
    serde_json::from_slice::<Value>(body).ok().is_some_and(|json| json.get("error").is_some_and(Value::is_string))
}

/// Our error for a failed exchange. `invalid_grant` on a refresh means the session is over
/// ([`Error::LoginRequired`]); any refusal of a code is a failed login ([`Error::Login`]). The
/// raw body `oauth2` keeps on a parse failure is dropped: it may hold tokens.
fn failure<T>(exchange: Exchange, error: RequestTokenError<Error, StandardErrorResponse<T>>) -> Error
where
    T: ErrorResponseType + fmt::Display + 'static,
{
    match error {
        RequestTokenError::Request(error) => error,
        RequestTokenError::ServerResponse(answer) => {
            let code = answer.error().to_string();
            let message = match answer.error_description() {
                Some(description) => format!("{code}: {description}"),
                None => code.clone(),
            };
            match exchange {
                Exchange::Refresh if code == "invalid_grant" => Error::LoginRequired { message },
                Exchange::Code => Error::Login { message },
                Exchange::Refresh => Error::Token { message },
            }
        }
        RequestTokenError::Parse(error, _body) => {
            Error::Token { message: format!("the identity provider's answer does not parse at `{}`", error.path()) }
        }
        RequestTokenError::Other(message) => Error::Token { message },
    }
}
