//! Sessions that survive: refresh through a token store, rotation saved before use, restarts,
//! two clients on one file, failed saves, `invalid_grant`, log out.

use super::*;

/// A session file in a fresh folder, holding a live refresh token of `idp` and an access token
/// the API treats as expired.
fn session_file(idp: &IdentityProvider, server: &FakeServer) -> (tempfile::TempDir, PathBuf, String) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("tokens.json");
    let refresh = idp.issue_refresh_token();
    server.expire_token("stale-access");
    let session = Session {
        access_token: Some(Secret::new("stale-access")),
        expires_at: SystemTime::now().checked_add(Duration::from_secs(3600)),
        ..Session::new(refresh.as_str())
    };
    std::fs::write(&path, session_json(&session)).expect("the session file is written");
    (folder, path, refresh)
}

fn session_json(session: &Session) -> String {
    let expires = session.expires_at.and_then(|at| at.duration_since(SystemTime::UNIX_EPOCH).ok()).map(|d| d.as_secs());
    json!({
        "version": 1,
        "refresh_token": session.refresh_token.expose(),
        "access_token": session.access_token.as_ref().map(Secret::expose),
        "expires_at": expires,
    })
    .to_string()
}

fn stored(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("the session file")).expect("JSON")
}

async fn opened(idp: &IdentityProvider, store: impl TokenStore) -> Arc<RefreshingToken> {
    Arc::new(RefreshingToken::open(idp_app(idp), store).await.expect("the stored session opens"))
}

fn api(server: &FakeServer, tokens: &Arc<RefreshingToken>) -> Client {
    client_with(builder(server.base_url()).token_source(Arc::clone(tokens)))
}

/// The rotated refresh token is in the file (mode 0600) before the call that needed it
/// completes; a second client opening the file, as after a restart, continues with no login.
#[tokio::test]
async fn the_rotated_refresh_token_is_saved_and_a_restart_continues_the_session() {
    let (idp, server) = (IdentityProvider::start().await, FakeServer::start().await);
    let (_folder, path, first_refresh) = session_file(&idp, &server);

    let tokens = opened(&idp, FileStore::new(&path)).await;
    api(&server, &tokens).get_vehicle_status(VEHICLE_1).await.expect("the 401 refreshes");
    assert_eq!(idp.refreshes(), 1);
    assert!(!idp.is_live(&first_refresh), "the first refresh token is spent");
    let file = stored(&path);
    assert_eq!(file["refresh_token"], "idp-refresh-2");
    assert_eq!(file["access_token"], "idp-access-2");
    assert!(file["expires_at"].as_u64().is_some(), "{file}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().expect("a folder"))
        .expect("the folder")
        .filter_map(|entry| entry.ok().map(|entry| entry.file_name()))
        .filter(|name| name.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    drop(tokens);

    // A new process: the stored access token is used as it is, then the rotated refresh token.
    let restarted = opened(&idp, FileStore::new(&path)).await;
    let client = api(&server, &restarted);
    client.get_vehicle_status(VEHICLE_1).await.expect("no login needed");
    assert_eq!(server.api_requests().last().and_then(Recorded::bearer), Some("idp-access-2"));
    assert_eq!(idp.refreshes(), 1);
    server.expire_token("idp-access-2");
    client.get_vehicle_status(VEHICLE_1).await.expect("the saved refresh token works");
    assert_eq!(idp.seen_at("token").last().and_then(|s| s.param("refresh_token")), Some("idp-refresh-2"));
    assert_eq!((idp.refreshes(), idp.refused_refreshes()), (2, 0));
    assert_eq!(stored(&path)["refresh_token"], "idp-refresh-3");
}

/// Twenty calls that all meet a 401 at once make exactly one refresh, and all succeed.
#[tokio::test]
async fn twenty_concurrent_401s_make_exactly_one_refresh() {
    let (idp, server) = (IdentityProvider::start().await, FakeServer::start().await);
    server.expire_token("stale-access");
    idp.set_refresh_delay(Duration::from_millis(50));
    let tokens = Arc::new(
        RefreshingToken::new(idp_app(&idp), idp.issue_refresh_token())
            .with_access_token("stale-access", Duration::from_secs(3600)),
    );
    let client = api(&server, &tokens);
    let calls = (0..20).map(|n| client.get_vehicle_status(fake_server::VEHICLES[n % 3]));
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(idp.refreshes(), 1);
    assert_eq!(idp.seen_at("token").len(), 1);
    let bearers: HashSet<_> = server.api_requests().iter().filter_map(|r| r.bearer().map(str::to_owned)).collect();
    assert_eq!(bearers, HashSet::from(["stale-access".to_owned(), "idp-access-2".to_owned()]));
}

/// A refresh token the provider refuses gives the log-in-again error, and so does a store with
/// no session in it.
#[tokio::test]
async fn invalid_grant_is_the_log_in_again_error() {
    let (idp, server) = (IdentityProvider::start().await, FakeServer::start().await);
    let tokens = Arc::new(RefreshingToken::new(idp_app(&idp), "idp-refresh-never-issued"));
    let error = failure(api(&server, &tokens).get_vehicle_status(VEHICLE_1).await);
    let Error::LoginRequired { message } = &error else { panic!("{error:?}") };
    assert!(message.starts_with("invalid_grant"), "{message}");
    assert!(server.api_requests().is_empty(), "no API call without a token");

    let empty = tempfile::tempdir().expect("a temporary folder");
    let error = failure(RefreshingToken::open(idp_app(&idp), FileStore::new(empty.path().join("none.json"))).await);
    assert!(matches!(error, Error::LoginRequired { .. }), "{error:?}");
}

/// A store that cannot take the lock (its folder refuses new files) fails before the refresh
/// token is spent: the caller sees `Error::Store`, the file and the token stay good, and the
/// session goes on once the store is writable again.
#[tokio::test]
async fn an_unwritable_store_fails_before_spending_the_refresh_token() {
    let (idp, server) = (IdentityProvider::start().await, FakeServer::start().await);
    let (_folder, path, refresh) = session_file(&idp, &server);
    let before = std::fs::read(&path).expect("the session file");
    // A folder where the lock file should be: no open for writing succeeds there, not even as root.
    let lock = path.with_file_name("tokens.json.lock");
    std::fs::create_dir(&lock).expect("a blocking folder");

    let tokens = opened(&idp, FileStore::new(&path)).await;
    let client = api(&server, &tokens);
    let error = failure(client.get_vehicle_status(VEHICLE_1).await);
    assert!(matches!(&error, Error::Store { message } if message.contains("tokens.json.lock")), "{error:?}");
    assert_eq!(std::fs::read(&path).expect("the session file"), before, "the file is untouched");
    assert!(idp.is_live(&refresh), "the refresh token was not spent");
    assert_eq!(idp.refreshes(), 0);

    std::fs::remove_dir(&lock).expect("the folder goes");
    client.get_vehicle_status(VEHICLE_1).await.expect("the store works again");
    assert_eq!(stored(&path)["refresh_token"], "idp-refresh-2");
}

/// A save that fails after the refresh: the caller sees the error and gets no token, the file
/// keeps the previous session, and the next call saves the rotated tokens before using them,
/// without spending anything again.
#[tokio::test]
async fn a_failed_save_keeps_the_previous_file_and_is_retried_before_the_token_is_used() {
    let (idp, server) = (IdentityProvider::start().await, FakeServer::start().await);
    let (_folder, path, _) = session_file(&idp, &server);
    let before = std::fs::read(&path).expect("the session file");
    let store = FlakyStore { inner: FileStore::new(&path), failing: Arc::new(AtomicBool::new(true)) };
    let failing = Arc::clone(&store.failing);
    let tokens = opened(&idp, store).await;
    let client = api(&server, &tokens);

    let error = failure(client.get_vehicle_status(VEHICLE_1).await);
    assert!(matches!(error, Error::Store { .. }), "{error:?}");
    assert_eq!(std::fs::read(&path).expect("the session file"), before);
    assert_eq!(idp.refreshes(), 1);
    let bearers: Vec<_> = server.api_requests().iter().map(|r| r.bearer().map(str::to_owned)).collect();
    assert_eq!(bearers, [Some("stale-access".to_owned())], "the unsaved token was not handed out");

    failing.store(false, Ordering::SeqCst);
    client.get_vehicle_status(VEHICLE_1).await.expect("saved, then used");
    assert_eq!(stored(&path)["refresh_token"], "idp-refresh-2");
    assert_eq!(server.api_requests().last().and_then(Recorded::bearer), Some("idp-access-2"));
    assert_eq!((idp.refreshes(), idp.refused_refreshes()), (1, 0));
}

/// A file store whose saves fail while `failing` is set (a full disk, a folder made read-only).
struct FlakyStore {
    inner: FileStore,
    failing: Arc<AtomicBool>,
}

impl TokenStore for FlakyStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<Session>, Error>> {
        self.inner.load()
    }

    fn save<'a>(&'a self, session: &'a Session) -> BoxFuture<'a, Result<(), Error>> {
        if self.failing.load(Ordering::SeqCst) {
            return Box::pin(async { Err(Error::Store { message: "no space left on device".to_owned() }) });
        }
        self.inner.save(session)
    }

    fn clear(&self) -> BoxFuture<'_, Result<(), Error>> {
        self.inner.clear()
    }

    fn lock(&self) -> BoxFuture<'_, Result<StoreLock, Error>> {
        self.inner.lock()
    }
}

/// Two clients, each with its own store on one file, refreshing before every call (tokens that
/// live one second), at the same time: neither ever presents a refresh token the other spent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_on_one_store_file_never_spend_each_others_token() {
    let (idp, server) = (IdentityProvider::start().await, FakeServer::start().await);
    let (_folder, path) = busy_session_file(&idp, &server);
    let (first, second) = tokio::join!(
        eight_refreshing_calls(idp_app(&idp), server.base_url(), &path),
        eight_refreshing_calls(idp_app(&idp), server.base_url(), &path),
    );
    first.expect("every call of the first client");
    second.expect("every call of the second client");
    assert_each_call_spent_one_token(&idp, &path, "");
}

/// A session file whose access tokens last one second, so that every call refreshes, with
/// refreshes slow enough for two of them to overlap.
fn busy_session_file(idp: &IdentityProvider, server: &FakeServer) -> (tempfile::TempDir, PathBuf) {
    let (folder, path, _) = session_file(idp, server);
    idp.set_lifetime(1);
    idp.set_refresh_delay(Duration::from_millis(20));
    (folder, path)
}

/// Eight calls that each refresh, from the session in one file.
async fn eight_refreshing_calls(app: OAuthApp, api_base: &str, path: &Path) -> Result<(), Error> {
    let tokens = Arc::new(RefreshingToken::open(app, FileStore::new(path)).await?);
    let client = client_with(builder(api_base).token_source(tokens));
    for n in 0..8 {
        client.get_vehicle_status(fake_server::VEHICLES[n % 3]).await?;
    }
    Ok(())
}

/// Sixteen calls, sixteen refreshes, none refused, and the file holds the one live token.
fn assert_each_call_spent_one_token(idp: &IdentityProvider, path: &Path, context: &str) {
    assert_eq!(idp.refused_refreshes(), 0, "{context}");
    assert_eq!(idp.refreshes(), 16, "each call refreshed once, no token was wasted either: {context}");
    let last = stored(path)["refresh_token"].as_str().map(str::to_owned).expect("a refresh token");
    assert!(idp.is_live(&last), "the file holds the one live token: {context}");
}

/// What the parent of the two-process test hands its child: the provider, the API, the file.
const CHILD_ENV: [&str; 3] = ["SIGN_IN_CHILD_PROVIDER", "SIGN_IN_CHILD_API", "SIGN_IN_CHILD_STORE"];
/// The test the child process runs.
const CHILD_TEST: &str = "sessions::child_process_of_the_two_process_test";

/// Two processes on one session file, refreshing before every call (tokens that live one
/// second), at the same time: neither ever presents a refresh token the other spent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_store_file_never_spend_each_others_token() {
    let (idp, server) = (IdentityProvider::start().await, FakeServer::start().await);
    let (_folder, path) = busy_session_file(&idp, &server);
    let values = [idp.origin(), server.base_url().to_owned(), path.display().to_string()];
    let child = tokio::task::spawn_blocking(move || {
        std::process::Command::new(std::env::current_exe().expect("the test binary"))
            .args([CHILD_TEST, "--exact", "--nocapture", "--test-threads=1"])
            .envs(CHILD_ENV.into_iter().zip(values))
            .output()
            .expect("the child process runs")
    });
    eight_refreshing_calls(idp_app(&idp), server.base_url(), &path).await.expect("every call of this process");
    let child = child.await.expect("the child process ends");
    let output = format!("{}{}", String::from_utf8_lossy(&child.stdout), String::from_utf8_lossy(&child.stderr));
    assert!(child.status.success() && output.contains("1 passed"), "{output}");
    assert_each_call_spent_one_token(&idp, &path, &output);
}

/// The second process of the test above, which runs it with [`CHILD_ENV`] set; run any other
/// way it does nothing.
#[tokio::test]
async fn child_process_of_the_two_process_test() {
    let [Ok(provider), Ok(api_base), Ok(path)] = CHILD_ENV.map(std::env::var) else { return };
    let provider = Brand::Peugeot.provider().with_base_url(&provider).expect("the provider's origin");
    let app = OAuthApp::new(provider, IDP_CLIENT_ID, IDP_CLIENT_SECRET);
    eight_refreshing_calls(app, &api_base, Path::new(&path)).await.expect("every call of the child process");
}

/// Log out revokes the refresh token at the provider (`token` and `token_type_hint` in the
/// form, the realm in the query), removes the file, and ends the source.
#[tokio::test]
async fn logging_out_revokes_the_refresh_token_and_clears_the_store() {
    let (idp, server) = (IdentityProvider::start().await, FakeServer::start().await);
    let (_folder, path, refresh) = session_file(&idp, &server);
    let tokens = opened(&idp, FileStore::new(&path)).await;
    tokens.logout().await.expect("logged out");
    assert_eq!(idp.revoked(), std::slice::from_ref(&refresh));
    let revoke = &idp.seen_at("revoke")[0];
    assert_eq!(revoke.param("token_type_hint"), Some("refresh_token"));
    assert_eq!(revoke.query, "realm=clientsB2CPeugeot");
    assert!(!path.exists());
    assert!(!idp.is_live(&refresh));
    let error = failure(api(&server, &tokens).get_vehicle_status(VEHICLE_1).await);
    assert!(matches!(error, Error::LoginRequired { .. }), "{error:?}");
}

/// A session file that is not one is an error naming the file and the position, not the content.
#[tokio::test]
async fn a_corrupt_session_file_is_an_error_that_quotes_nothing() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("tokens.json");
    std::fs::write(&path, r#"{"version": 1, "refresh_token": 5, "access_token": "idp-access-SECRET"}"#)
        .expect("written");
    let error = failure(FileStore::new(&path).load().await);
    assert!(
        matches!(&error, Error::Store { message } if message.contains("tokens.json") && message.contains("column"))
    );
    assert!(!error.to_string().contains("idp-access"), "{error}");
}
