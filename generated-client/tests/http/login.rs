//! Logging in against the local identity provider: the authorize URL, what the user pastes
//! back, `state` and PKCE checks, the loopback listener.

use super::*;

/// The authorize URL names the brand's endpoint and app redirect, the scopes, a random `state`
/// and an S256 challenge; two logins never share a state or a challenge.
#[tokio::test]
async fn the_authorize_url_carries_the_app_redirect_state_and_an_s256_challenge() {
    let idp = IdentityProvider::start().await;
    let app = idp_app(&idp);
    let login = Login::app_redirect(&app, "FR").expect("a login");
    let url = login.url();
    assert_eq!(
        format!("{}{}", url.origin().ascii_serialization(), url.path()),
        format!("{}/am/oauth2/authorize", idp.origin())
    );
    let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(query["client_id"], IDP_CLIENT_ID);
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["redirect_uri"], "mymap://oauth2redirect/fr");
    assert_eq!(login.redirect_uri(), "mymap://oauth2redirect/fr");
    assert_eq!(query["scope"], "openid profile");
    assert_eq!(query["code_challenge_method"], "S256");
    assert_eq!(query["code_challenge"].len(), 43, "base64url of a SHA-256, unpadded");
    assert!(query["state"].len() >= 16, "{}", query["state"]);

    let other = Login::app_redirect(&app, "fr").expect("a second login");
    let other: HashMap<String, String> = other.url().query_pairs().into_owned().collect();
    assert_ne!(other["state"], query["state"]);
    assert_ne!(other["code_challenge"], query["code_challenge"]);
}

/// The whole redirect, pasted, logs in: the exchange sends the code, the redirect and the
/// verifier whose S256 the provider checks, with the client in HTTP Basic.
#[tokio::test]
async fn a_pasted_redirect_logs_in() {
    let idp = IdentityProvider::start().await;
    let login = Login::app_redirect(&idp_app(&idp), "fr").expect("a login");
    let pasted = browse(login.url().as_str()).await;
    assert!(pasted.starts_with("mymap://oauth2redirect/fr?code="), "{pasted}");

    let session = login.finish(&format!("  {pasted}\n")).await.expect("the login completes");
    assert_eq!(session.refresh_token.expose(), "idp-refresh-2");
    assert_eq!(session.access_token.as_ref().map(Secret::expose), Some("idp-access-2"));
    assert_eq!(session.brand, Some(Brand::Peugeot));
    assert_eq!(session.client_id.as_deref(), Some(IDP_CLIENT_ID));
    assert!(session.fresh_access_token(Duration::from_secs(60)).is_some());

    let exchange = &idp.seen_at("token")[0];
    assert_eq!(exchange.param("grant_type"), Some("authorization_code"));
    assert_eq!(exchange.param("code"), Some("idp-code-1"));
    assert_eq!(exchange.param("redirect_uri"), Some("mymap://oauth2redirect/fr"));
    assert_eq!(exchange.param("code_verifier").map(str::len), Some(43));
    assert!(exchange.authorization.as_deref().is_some_and(|a| a.starts_with("Basic ")), "{exchange:?}");
    assert_eq!(exchange.param("client_secret"), None);
}

/// The bare code (what users copy out of the developer tools) logs in too, and so does the
/// query alone; the client may authenticate in the form body instead.
#[tokio::test]
async fn a_bare_code_or_the_query_alone_logs_in() {
    let idp = IdentityProvider::start().await;
    let app = idp_app(&idp).client_auth(ClientAuth::RequestBody);
    let login = Login::app_redirect(&app, "fr").expect("a login");
    let redirect = browse(login.url().as_str()).await;
    let code = query_param(&redirect, "code");
    login.finish(&code).await.expect("the bare code logs in");
    let exchange = &idp.seen_at("token")[0];
    assert_eq!(exchange.authorization, None);
    assert_eq!(exchange.param("client_secret"), Some(IDP_CLIENT_SECRET));

    let login = Login::app_redirect(&app, "fr").expect("a login");
    let redirect = browse(login.url().as_str()).await;
    let (_, query) = redirect.split_once('?').expect("a query");
    login.finish(query).await.expect("the query logs in");
}

/// A redirect whose `state` is not this login's is refused before any code is exchanged, and
/// so is one without a state, a provider error, and text that is no code.
#[tokio::test]
async fn a_wrong_state_is_refused() {
    let idp = IdentityProvider::start().await;
    let app = idp_app(&idp);
    let first = Login::app_redirect(&app, "fr").expect("a login");
    let second = Login::app_redirect(&app, "fr").expect("another login");
    let redirect_of_first = browse(first.url().as_str()).await;

    let error = failure(second.code_from(&redirect_of_first));
    assert!(matches!(&error, Error::Login { message } if message.contains("state")), "{error}");
    let without_state = format!("mymap://oauth2redirect/fr?code={}", query_param(&redirect_of_first, "code"));
    let error = failure(second.code_from(&without_state));
    assert!(matches!(&error, Error::Login { message } if message.contains("no state")), "{error}");
    let denied = "mymap://oauth2redirect/fr?error=access_denied&error_description=The+user+said+no";
    let error = failure(second.code_from(denied));
    assert!(error.to_string().contains("access_denied: The user said no"), "{error}");
    let error = failure(second.code_from("not a code at all"));
    assert!(matches!(error, Error::Login { .. }), "{error}");
    assert!(failure(second.code_from("")).to_string().contains("neither"));
    assert!(idp.seen_at("token").is_empty(), "nothing was exchanged");
}

/// A code exchanged with another login's verifier is refused by the provider, whose reason the
/// caller sees.
#[tokio::test]
async fn a_wrong_code_verifier_is_refused_by_the_provider() {
    let idp = IdentityProvider::start().await;
    let app = idp_app(&idp);
    let first = Login::app_redirect(&app, "fr").expect("a login");
    let second = Login::app_redirect(&app, "fr").expect("another login");
    let code = query_param(&browse(first.url().as_str()).await, "code");

    let error = failure(second.finish(&code).await);
    let Error::Login { message } = &error else { panic!("{error:?}") };
    assert_eq!(message, "invalid_grant: PKCE verification failed");
    assert_eq!(idp.seen_at("token").len(), 1);
}

/// Apps with an ordinary redirect get a loopback listener: it ignores other requests, catches
/// the redirect, shows the browser a page and stops; the code then logs in.
#[tokio::test]
async fn the_loopback_listener_catches_the_code() {
    let idp = IdentityProvider::start().await;
    let listener = LoopbackListener::bind(0).await.expect("a free port");
    assert!(listener.redirect_uri().starts_with("http://127.0.0.1:"), "{}", listener.redirect_uri());
    let login = Login::with_redirect(&idp_app(&idp), listener.redirect_uri()).expect("a login");
    let redirect = browse(login.url().as_str()).await;
    let origin = redirect.split("/callback").next().unwrap_or_default().to_owned();

    let browser = tokio::spawn(async move {
        let favicon = http_get(&format!("{origin}/favicon.ico")).await;
        let page = http_get(&redirect).await;
        (favicon, page)
    });
    let code = listener.receive(&login).await.expect("the code arrives");
    let ((favicon, _), (status, page)) = browser.await.expect("the browser");
    assert_eq!((favicon, status), (404, 200));
    assert!(page.contains("Signed in"), "{page}");
    let session = login.exchange(&code).await.expect("the code logs in");
    assert!(session.access_token.is_some());
}

/// A redirect with another state reaching the loopback listener ends the login with an error,
/// and the browser is told.
#[tokio::test]
async fn the_loopback_listener_refuses_a_wrong_state() {
    let idp = IdentityProvider::start().await;
    let app = idp_app(&idp);
    let listener = LoopbackListener::bind(0).await.expect("a free port");
    let login = Login::with_redirect(&app, listener.redirect_uri()).expect("a login");
    let forged = format!("{}?code=idp-code-9&state=forged", listener.redirect_uri());
    let browser = tokio::spawn(async move { http_get(&forged).await });
    let error = failure(listener.receive(&login).await);
    assert!(matches!(&error, Error::Login { message } if message.contains("state")), "{error}");
    let (status, page) = browser.await.expect("the browser");
    assert_eq!(status, 400);
    assert!(page.contains("Sign-in failed"), "{page}");
}
