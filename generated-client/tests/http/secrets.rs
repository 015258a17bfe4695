//! No token or secret ever shows in `Debug` or `Display` output.

use super::*;

/// The clients, their builder and token sources show no token in `Debug`; every error variant
/// the tests above produce is checked the same way through `failure`, and here the ones that
/// carry the most text.
#[tokio::test]
async fn no_output_shows_the_token() {
    let server = FakeServer::start().await;
    let generated = client(&server);
    let debug = format!("{generated:?} {:?}", generated.http());
    assert!(!debug.contains(TOKEN) && debug.contains("Opel") && debug.contains(server.base_url()), "{debug}");
    let builder_debug = format!("{:?}", builder(server.base_url()));
    assert!(!builder_debug.contains(TOKEN), "{builder_debug}");
    let tokens = RefreshingToken::new(token_app(&server, "SECRET-client"), "SECRET-refresh")
        .with_access_token(TOKEN, Duration::from_secs(60));
    let tokens_debug = format!("{tokens:?}");
    assert!(!tokens_debug.contains("SECRET"), "{tokens_debug}");

    // Errors that carry the most text: a parsed body, a decode failure with the body, a token
    // endpoint failure, a connection failure.
    let status_path = format!("/user/vehicles/{VEHICLE_1}/status");
    server.script(Method::GET, &status_path, Canned::json(400, r#"{"code": 40000, "message": "bad"}"#));
    let _ = failure(generated.get_vehicle_status(VEHICLE_1).await);
    server.script(Method::GET, &status_path, Canned::sample(200, "error-502.html"));
    let _ = failure(generated.get_vehicle_status(VEHICLE_1).await);
    let refreshing = refreshing_client(&server);
    server.script_token(Canned::json(500, "{}"));
    let error = failure(refreshing.get_vehicle_status(VEHICLE_1).await);
    assert!(matches!(error, Error::Token { .. }), "{error:?}");
    let unreachable =
        client_with(builder("http://127.0.0.1:9/connectedcar/v4").connect_timeout(Duration::from_millis(300)));
    let _ = failure(unreachable.get_vehicle_status(VEHICLE_1).await);
}

/// The samples decode through the client with the same drift the decoders report offline:
/// `lastPosition` of vehicle 2 is the old form, with the catch-all position type.
#[tokio::test]
async fn served_samples_keep_their_drift() {
    let server = FakeServer::start().await;
    let c = client(&server);
    let position = c.get_car_last_position(VEHICLE_2).await.expect("old lastPosition").body;
    let drift = position.drift().to_string();
    assert!(drift.contains("Aquire"), "{drift}");
    let status = c.get_vehicle_status(VEHICLE_3).await.expect("2020 status").body;
    assert!(!status.drift().is_empty());
    let links = status.links.expect("links");
    assert!(links.vehicle.as_ref().and_then(OneOrMany::first).is_some(), "the 2020 `vehicles` link read by its alias");
}

/// A login, refreshes, a failed login, a refused refresh, a failed store and a log out, with
/// every `tracing` event captured: no token, code, verifier, `state` or client secret shows in
/// the logs (of every test running in this process meanwhile, too), in `Debug` of what the
/// caller holds, or in any error.
#[tokio::test]
async fn no_secret_shows_in_logs_or_in_sign_in_output() {
    let logs = captured_logs();

    let (idp, server) = (IdentityProvider::start().await, FakeServer::start().await);
    let app = idp_app(&idp);
    let mut shown = vec![format!("{app:?}")];

    // A login, and one refused for its verifier.
    let login = Login::app_redirect(&app, "fr").expect("a login");
    let state = login.url().query_pairs().find(|(k, _)| k == "state").map(|(_, v)| v.into_owned()).expect("a state");
    shown.push(format!("{login:?}"));
    let redirect = browse(login.url().as_str()).await;
    let session = login.finish(&redirect).await.expect("logged in");
    shown.push(format!("{session:?}"));
    let other = Login::app_redirect(&app, "fr").expect("a login");
    let code = query_param(&browse(other.url().as_str()).await, "code");
    let _ = failure(Login::app_redirect(&app, "fr").expect("a login").finish(&code).await);

    // Refreshes through a file store, a failing store, a refused refresh token, a log out.
    let folder = tempfile::tempdir().expect("a temporary folder");
    let store = FileStore::new(folder.path().join("tokens.json"));
    store.save(&session).await.expect("saved");
    shown.push(format!("{store:?}"));
    server.expire_token(session.access_token.as_ref().map(Secret::expose).expect("an access token"));
    let tokens = Arc::new(RefreshingToken::with_session(app.clone(), store, session));
    shown.push(format!("{tokens:?}"));
    let client = client_with(builder(server.base_url()).token_source(Arc::clone(&tokens)));
    client.get_vehicle_status(VEHICLE_1).await.expect("refreshed");
    std::fs::remove_file(folder.path().join("tokens.json.lock")).expect("the lock file of the refresh");
    std::fs::create_dir(folder.path().join("tokens.json.lock")).expect("a blocking folder");
    server.expire_token("*");
    let _ = failure(client.get_vehicle_status(VEHICLE_1).await);
    std::fs::remove_dir(folder.path().join("tokens.json.lock")).expect("unblocked");
    let refused = Arc::new(RefreshingToken::new(app.clone(), "idp-refresh-unknown"));
    let refused =
        failure(client_with(builder(server.base_url()).token_source(refused)).get_vehicle_status(VEHICLE_1).await);
    assert!(matches!(refused, Error::LoginRequired { .. }), "{refused:?}");
    tokens.logout().await.expect("logged out");
    let _ = failure(client.get_vehicle_status(VEHICLE_1).await);

    let logs = logs.text();
    for event in ["logged in", "refreshed the access token", "the token refresh failed", "logged out"] {
        assert!(logs.contains(event), "the capture works: {event:?} in\n{logs}");
    }
    let mut secrets: Vec<String> = SECRETS.iter().map(|&s| s.to_owned()).collect();
    secrets.extend([IDP_CLIENT_SECRET.to_owned(), state]);
    secrets.extend(idp.verifiers());
    for secret in &secrets {
        assert!(!logs.contains(secret.as_str()), "{secret} in the logs:\n{logs}");
        for output in &shown {
            assert!(!output.contains(secret.as_str()), "{secret} in {output}");
        }
    }
}

/// Every `tracing` event of the process from the first call on, at every level. A global
/// subscriber, not a scoped one: `tracing` caches per call site whether anyone listens, and
/// tests on other threads registering call sites with no subscriber would race a scoped one.
fn captured_logs() -> &'static CapturedLogs {
    static LOGS: std::sync::OnceLock<CapturedLogs> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = CapturedLogs::default();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(logs.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only global subscriber");
        logs
    })
}

/// A `tracing` writer into memory.
#[derive(Clone, Default)]
struct CapturedLogs(Arc<std::sync::Mutex<Vec<u8>>>);

impl CapturedLogs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)).into_owned()
    }
}

impl std::io::Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for CapturedLogs {
    type Writer = CapturedLogs;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}
