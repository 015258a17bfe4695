//! Logging in: the authorize URL with PKCE (S256) and `state`, what the user pastes back, the
//! RFC 8252 loopback listener for apps with an ordinary redirect, and the code exchange.

use std::fmt;
use std::time::Duration;

use oauth2::{CsrfToken, PkceCodeVerifier, RedirectUrl};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;
use url::form_urlencoded;

use super::super::Error;
use super::{OAuthApp, Secret, Session};

/// One login in progress: the URL to open in a browser, and what it takes to finish.
///
/// ```no_run
/// # async fn run() -> Result<(), client_runtime::http::Error> {
/// use client_runtime::http::{Brand, FileStore, Login, OAuthApp, RefreshingToken, TokenStore};
/// let app = OAuthApp::new(Brand::Peugeot.provider(), "<client id>", "<client secret>");
/// let login = Login::app_redirect(&app, "fr")?;
/// println!("open {} and paste where it ends", login.url());
/// # let pasted = String::new();
/// let session = login.finish(&pasted).await?;
/// let store = FileStore::new("tokens.json");
/// store.save(&session).await?;
/// let tokens = RefreshingToken::with_session(app, store, session);
/// # Ok(()) }
/// ```
pub struct Login {
    app: OAuthApp,
    redirect: RedirectUrl,
    url: Url,
    state: CsrfToken,
    verifier: PkceCodeVerifier,
}

impl fmt::Debug for Login {
    /// The redirect and the app; not the URL, whose `state` is this login's secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Login")
            .field("app", &self.app)
            .field("redirect_uri", &self.redirect.as_str())
            .finish_non_exhaustive()
    }
}

impl Login {
    /// A login that ends at the brand app's redirect for `country` (`mymap://oauth2redirect/fr`),
    /// as apps that reuse a brand app's client must. The browser cannot open that address: the
    /// user copies it (or only its `code`) from the address bar or the developer tools, and
    /// pastes it into [`Login::finish`].
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] for a country that makes the redirect unparsable.
    pub fn app_redirect(app: &OAuthApp, country: &str) -> Result<Self, Error> {
        Self::with_redirect(app, &app.provider().app_redirect(country))
    }

    /// A login that ends at `redirect_uri`, as registered for the app (for a loopback listener,
    /// [`LoopbackListener::redirect_uri`]).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the redirect does not parse as a URL.
    pub fn with_redirect(app: &OAuthApp, redirect_uri: &str) -> Result<Self, Error> {
        let redirect = RedirectUrl::new(redirect_uri.to_owned()).map_err(|e| Error::InvalidRequest {
            message: format!("the redirect URI {redirect_uri:?} does not parse: {e}"),
        })?;
        let (url, state, verifier) = app.authorize(redirect.clone());
        Ok(Login { app: app.clone(), redirect, url, state, verifier })
    }

    /// The URL to open in a browser: the provider's authorize endpoint with `client_id`,
    /// `response_type=code`, `redirect_uri`, `scope`, `state`, `code_challenge` and
    /// `code_challenge_method=S256`.
    #[must_use]
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Where the provider sends the browser when the user has logged in.
    #[must_use]
    pub fn redirect_uri(&self) -> &str {
        self.redirect.as_str()
    }

    /// The authorization code in what the user pasted: the whole redirect
    /// (`mymap://oauth2redirect/fr?code=…&state=…`, whose `state` must be this login's), its
    /// query alone, or the bare code (which carries no `state` to check).
    ///
    /// # Errors
    /// [`Error::Login`] when the paste carries a provider error, a wrong or missing `state`,
    /// no code, or is neither a redirect nor a code.
    pub fn code_from(&self, pasted: &str) -> Result<Secret, Error> {
        let pasted = pasted.trim().trim_matches(|c| matches!(c, '"' | '\'' | '<' | '>'));
        let query = match pasted.split_once('?') {
            Some((_, query)) => Some(query),
            None if pasted.contains('=') => Some(pasted),
            None => None,
        };
        if let Some(query) = query {
            let query = query.split('#').next().unwrap_or_default();
            return code_from_query(query, &self.state);
        }
        let is_code = !pasted.is_empty() && pasted.chars().all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c));
        if is_code {
            Ok(Secret::new(pasted))
        } else {
            Err(login_error("the paste is neither the redirect address nor an authorization code"))
        }
    }

    /// Finishes the login with what the user pasted ([`Login::code_from`]), then
    /// [`Login::exchange`].
    ///
    /// # Errors
    /// See [`Login::code_from`] and [`Login::exchange`].
    pub async fn finish(self, pasted: &str) -> Result<Session, Error> {
        let code = self.code_from(pasted)?;
        self.exchange(&code).await
    }

    /// Exchanges the code (`grant_type=authorization_code`, with `redirect_uri` and the PKCE
    /// `code_verifier`) for the session. The caller saves it in its store.
    ///
    /// # Errors
    /// [`Error::Login`] with the provider's reason when it refuses the code (a wrong verifier,
    /// an expired code); [`Error::Login`] too when it hands out no refresh token, since the
    /// session could not be kept; transport errors as they are.
    pub async fn exchange(self, code: &Secret) -> Result<Session, Error> {
        let grant = self.app.exchange_code(code, &self.redirect, self.verifier).await?;
        let refresh_token = grant.refresh_token.ok_or_else(|| {
            login_error("the identity provider handed out no refresh token, so the session cannot be kept")
        })?;
        tracing::info!(target: "client_runtime::auth", brand = %self.app.provider().brand(), "logged in");
        Ok(Session {
            refresh_token,
            access_token: Some(grant.access_token),
            expires_at: grant.expires_at,
            brand: Some(self.app.provider().brand()),
            client_id: Some(self.app.client_id().to_owned()),
        })
    }
}

fn login_error(message: &str) -> Error {
    Error::Login { message: message.to_owned() }
}

/// The code in a redirect's query, after checking its `state` against this login's.
fn code_from_query(query: &str, expected_state: &CsrfToken) -> Result<Secret, Error> {
    let (mut code, mut state, mut error, mut description) = (None, None, None, None);
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match &*key {
            "code" => code = Some(value.into_owned()),
            "state" => state = Some(value.into_owned()),
            "error" => error = Some(value.into_owned()),
            "error_description" => description = Some(value.into_owned()),
            _ => {}
        }
    }
    if let Some(error) = error {
        let reason = description.map_or(error.clone(), |description| format!("{error}: {description}"));
        return Err(Error::Login { message: format!("the identity provider refused the login: {reason}") });
    }
    match state {
        None => return Err(login_error("the redirect carries no state: paste the whole address, or the code alone")),
        Some(state) if state != *expected_state.secret() => {
            return Err(login_error(
                "the redirect's state is not this login's: it belongs to another login, or was forged",
            ));
        }
        Some(_) => {}
    }
    match code {
        Some(code) if !code.is_empty() => Ok(Secret::new(code)),
        _ => Err(login_error("the redirect carries no authorization code")),
    }
}

/// The loopback redirect of RFC 8252 §7.3, for apps registered with an ordinary redirect: a
/// listener on `127.0.0.1` that catches the browser's redirect, checks its `state`, shows a
/// short page and stops.
#[derive(Debug)]
pub struct LoopbackListener {
    listener: TcpListener,
    redirect_uri: String,
}

/// The path the redirect arrives at.
const CALLBACK_PATH: &str = "/callback";
/// The most a browser's request head may take; a redirect is far smaller.
const MAX_HEAD: usize = 16 * 1024;
/// How long one connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

impl LoopbackListener {
    /// Listens on `127.0.0.1:<port>` (0: a free port); the redirect is
    /// `http://127.0.0.1:<port>/callback`.
    ///
    /// # Errors
    /// [`Error::Connect`] when the port cannot be bound.
    pub async fn bind(port: u16) -> Result<Self, Error> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| Error::Connect { message: format!("cannot listen on 127.0.0.1:{port}: {e}") })?;
        let port = listener.local_addr().map_err(|e| Error::Connect { message: e.to_string() })?.port();
        Ok(LoopbackListener { listener, redirect_uri: format!("http://127.0.0.1:{port}{CALLBACK_PATH}") })
    }

    /// The redirect URI to register and to start the [`Login`] with.
    #[must_use]
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Waits for the browser's redirect (other requests, such as `/favicon.ico`, get a 404),
    /// answers it with a short page, and returns its code. Wrap it in a timeout to bound the wait.
    ///
    /// # Errors
    /// [`Error::Login`] as for [`Login::code_from`]: a wrong `state`, a provider error, no code.
    pub async fn receive(self, login: &Login) -> Result<Secret, Error> {
        loop {
            let (mut stream, _) =
                self.listener.accept().await.map_err(|e| Error::Connect { message: format!("accepting: {e}") })?;
            let Ok(Ok(Some(target))) = tokio::time::timeout(READ_TIMEOUT, request_target(&mut stream)).await else {
                continue;
            };
            let (path, query) = target.split_once('?').unwrap_or((&target, ""));
            if path != CALLBACK_PATH {
                let _ = respond(&mut stream, "404 Not Found", "Nothing here.").await;
                continue;
            }
            let code = code_from_query(query, &login.state);
            let (status, page) = match &code {
                Ok(_) => ("200 OK", "Signed in. You can close this tab.".to_owned()),
                Err(error) => ("400 Bad Request", format!("Sign-in failed: {error}")),
            };
            // The page is a courtesy to the browser: a failure to show it changes nothing.
            let _ = respond(&mut stream, status, &page).await;
            return code;
        }
    }
}

/// The request target of a `GET`, once the whole head has arrived; `None` for anything else.
async fn request_target(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0_u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = stream.read(&mut chunk).await?;
        if read == 0 || head.len() + read > MAX_HEAD {
            return Ok(None);
        }
        head.extend_from_slice(&chunk[..read]);
    }
    let line = head.split(|&b| b == b'\r').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    let mut parts = line.split(' ');
    Ok(match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) => Some(target.to_owned()),
        _ => None,
    })
}

async fn respond(stream: &mut TcpStream, status: &str, text: &str) -> std::io::Result<()> {
    let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let body = format!("<!doctype html><meta charset=utf-8><title>Sign-in</title><p>{escaped}</p>\n");
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
}

#[cfg(test)]
mod tests {
    use super::super::Brand;
    use super::*;

    fn login() -> Login {
        let app = OAuthApp::new(Brand::Opel.provider(), "app", "secret");
        Login::app_redirect(&app, "de").expect("a login")
    }

    #[test]
    fn pastes_are_read_in_every_form_a_user_copies() {
        let login = login();
        let state = login.state.secret().clone();
        let code = |pasted: &str| login.code_from(pasted).map(|code| code.expose().to_owned());
        let full = format!("mymopsdk://oauth2redirect/de?code=c-1&scope=openid%20profile&state={state}");
        assert_eq!(code(&full).ok().as_deref(), Some("c-1"));
        assert_eq!(code(&format!("\"{full}#_=_\"\n")).ok().as_deref(), Some("c-1"), "quoted, with a fragment");
        assert_eq!(code(&format!("code=c-2&state={state}")).ok().as_deref(), Some("c-2"), "the query alone");
        assert_eq!(
            code(" 4b5c0e8a-7c1e-4b1f-9d7e-2f1e0b9c8d7a ").ok().as_deref(),
            Some("4b5c0e8a-7c1e-4b1f-9d7e-2f1e0b9c8d7a")
        );
        for refused in
            ["", "?", "code=", "%%%", "two words", "é", &format!("?code=&state={state}"), "mymopsdk://x?state=a"]
        {
            assert!(matches!(code(refused), Err(Error::Login { .. })), "{refused:?}");
        }
    }

    #[test]
    fn the_authorize_url_asks_for_the_provider_scopes() {
        let provider = Brand::Citroen.provider().with_scopes(["data:telemetry", "data:position"]);
        let login = Login::app_redirect(&OAuthApp::new(provider, "app", "secret"), "it").expect("a login");
        let scope = login.url().query_pairs().find(|(k, _)| k == "scope").map(|(_, v)| v.into_owned());
        assert_eq!(scope.as_deref(), Some("data:telemetry data:position"));
        assert_eq!(login.redirect_uri(), "mymacsdk://oauth2redirect/it");
        assert!(!format!("{login:?}").contains(login.state.secret().as_str()));
    }
}
