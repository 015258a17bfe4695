//! Where a session lives between runs: the [`TokenStore`] trait, [`FileStore`] and [`MemoryStore`].

use std::any::Any;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::super::Error;
use super::{BoxFuture, Brand, Secret};

/// What a signed-in user has: the refresh token that keeps the session, and the access token
/// in hand with its expiry. The brand and client id say whom the tokens belong to, so that a
/// tool can build its client from the store alone. `Debug` shows no token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// The refresh token; the identity provider rotates it at every refresh.
    pub refresh_token: Secret,
    /// The current access token, if any.
    pub access_token: Option<Secret>,
    /// When the access token expires.
    pub expires_at: Option<SystemTime>,
    /// The brand whose identity provider issued the tokens.
    pub brand: Option<Brand>,
    /// The OAuth2 client id the tokens were issued to.
    pub client_id: Option<String>,
}

impl Session {
    /// A session from a refresh token alone.
    pub fn new(refresh_token: impl Into<Secret>) -> Self {
        Session {
            refresh_token: refresh_token.into(),
            access_token: None,
            expires_at: None,
            brand: None,
            client_id: None,
        }
    }

    /// The access token, when it is still good for `margin`.
    #[must_use]
    pub fn fresh_access_token(&self, margin: Duration) -> Option<&Secret> {
        let deadline = SystemTime::now().checked_add(margin)?;
        self.access_token.as_ref().filter(|_| self.expires_at.is_some_and(|at| deadline < at))
    }
}

/// Where a [`RefreshingToken`](super::RefreshingToken) keeps its session. It loads the session
/// before every refresh (another process may have rotated it) and saves the rotated one before
/// it hands out the new access token. [`lock`](TokenStore::lock) is held across load, refresh and
/// save, so that two holders of one store never spend each other's refresh token.
pub trait TokenStore: Send + Sync + 'static {
    /// The stored session, or `None` when there is none (never logged in, or logged out).
    fn load(&self) -> BoxFuture<'_, Result<Option<Session>, Error>>;

    /// Replaces the stored session. On failure the previous one stays as it was.
    fn save<'a>(&'a self, session: &'a Session) -> BoxFuture<'a, Result<(), Error>>;

    /// Forgets the stored session.
    fn clear(&self) -> BoxFuture<'_, Result<(), Error>>;

    /// Waits until this caller alone may refresh; the lock is released when the guard drops.
    /// The default holds nothing: right for a store only one source uses.
    fn lock(&self) -> BoxFuture<'_, Result<StoreLock, Error>> {
        Box::pin(async { Ok(StoreLock::none()) })
    }
}

/// A held [`TokenStore::lock`]; dropping it releases the lock.
pub struct StoreLock {
    _held: Option<Box<dyn Any + Send>>,
}

impl StoreLock {
    /// A guard that releases whatever `held` is (a file lock, a mutex guard) when dropped.
    pub fn new(held: impl Any + Send) -> Self {
        StoreLock { _held: Some(Box::new(held)) }
    }

    /// A guard that holds nothing.
    #[must_use]
    pub fn none() -> Self {
        StoreLock { _held: None }
    }
}

impl fmt::Debug for StoreLock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoreLock")
    }
}

/// A session in memory: for tests, and for callers that keep tokens their own way (they read
/// it back with [`MemoryStore::session`]). Clones share one session and one lock.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    session: Arc<Mutex<Option<Session>>>,
    refreshing: Arc<tokio::sync::Mutex<()>>,
}

impl MemoryStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        MemoryStore::default()
    }

    /// A store holding `session`.
    #[must_use]
    pub fn with_session(session: Session) -> Self {
        let store = MemoryStore::default();
        *store.slot() = Some(session);
        store
    }

    /// The session now stored.
    #[must_use]
    pub fn session(&self) -> Option<Session> {
        self.slot().clone()
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<Session>> {
        // The slot holds plain data: a panic elsewhere cannot leave it half-written.
        self.session.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl TokenStore for MemoryStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<Session>, Error>> {
        let session = self.session();
        Box::pin(async move { Ok(session) })
    }

    fn save<'a>(&'a self, session: &'a Session) -> BoxFuture<'a, Result<(), Error>> {
        *self.slot() = Some(session.clone());
        Box::pin(async { Ok(()) })
    }

    fn clear(&self) -> BoxFuture<'_, Result<(), Error>> {
        *self.slot() = None;
        Box::pin(async { Ok(()) })
    }

    fn lock(&self) -> BoxFuture<'_, Result<StoreLock, Error>> {
        let refreshing = Arc::clone(&self.refreshing);
        Box::pin(async move { Ok(StoreLock::new(refreshing.lock_owned().await)) })
    }
}

/// A session in a JSON file, readable by its owner only (mode `0600` on Unix).
///
/// Saving writes a temporary file in the same folder, syncs it to disk and renames it over the
/// old one, so that a crash or a failed write leaves the previous file whole. Refreshes take an
/// advisory lock on `<file>.lock` beside it (the data file itself is replaced on every save, so
/// a lock on it would not outlive one save), which serialises processes sharing the file. The
/// lock file stays when the session is cleared: removing it could let two processes lock two
/// different files.
#[derive(Clone, Debug)]
pub struct FileStore {
    path: PathBuf,
}

/// The file's layout. Version 1; fields are added, never renamed.
#[derive(Serialize, Deserialize)]
struct SessionFile {
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    brand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    client_id: Option<String>,
    refresh_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    access_token: Option<String>,
    /// Seconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<u64>,
}

const FILE_VERSION: u32 = 1;

impl FileStore {
    /// A store at `path`; nothing is read or written until the store is used.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileStore { path: path.into() }
    }

    /// The file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock_path(&self) -> PathBuf {
        let mut name = self.path.file_name().map(ToOwned::to_owned).unwrap_or_default();
        name.push(".lock");
        self.path.with_file_name(name)
    }

    /// Runs blocking file work off the async threads.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Path) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || work(&path))
            .await
            .map_err(|e| Error::Store { message: format!("the token store's worker stopped: {e}") })?
    }
}

impl TokenStore for FileStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<Session>, Error>> {
        Box::pin(self.blocking(read_session))
    }

    fn save<'a>(&'a self, session: &'a Session) -> BoxFuture<'a, Result<(), Error>> {
        let file = SessionFile::from(session);
        Box::pin(self.blocking(move |path| write_session(path, &file)))
    }

    fn clear(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(self.blocking(|path| match fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(store_error("remove", path, &e)),
            _ => Ok(()),
        }))
    }

    fn lock(&self) -> BoxFuture<'_, Result<StoreLock, Error>> {
        let lock_path = self.lock_path();
        Box::pin(self.blocking(move |_| {
            // Opened for writing: a folder where the lock cannot be made is one where the
            // session could not be saved either, and this fails before a token is spent.
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)
                .map_err(|e| store_error("create the lock file", &lock_path, &e))?;
            file.lock().map_err(|e| store_error("lock", &lock_path, &e))?;
            Ok(StoreLock::new(file))
        }))
    }
}

fn store_error(action: &str, path: &Path, error: &io::Error) -> Error {
    Error::Store { message: format!("cannot {action} {}: {error}", path.display()) }
}

fn read_session(path: &Path) -> Result<Option<Session>, Error> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(store_error("read", path, &e)),
    };
    // Only the position: serde_json's messages may quote the value, and values are tokens.
    let file: SessionFile = serde_json::from_slice(&bytes).map_err(|e| Error::Store {
        message: format!("{} is not a session file (line {}, column {})", path.display(), e.line(), e.column()),
    })?;
    Ok(Some(file.into()))
}

fn write_session(path: &Path, file: &SessionFile) -> Result<(), Error> {
    let mut json = serde_json::to_vec_pretty(file)
        .map_err(|e| Error::Store { message: format!("the session does not serialise: {e}") })?;
    json.push(b'\n');
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // tempfile creates the file with mode 0600 on Unix, and removes it if anything below fails.
    let mut temporary = tempfile::Builder::new()
        .prefix(".session-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| store_error("create a temporary file in", folder, &e))?;
    temporary.write_all(&json).map_err(|e| store_error("write", temporary.path(), &e))?;
    temporary.as_file().sync_all().map_err(|e| store_error("sync", temporary.path(), &e))?;
    temporary.persist(path).map_err(|e| store_error("replace", path, &e.error))?;
    // The rename itself is durable once the folder is synced; a folder that cannot be opened
    // for that (Windows) still got the rename.
    if let Ok(folder) = File::open(folder) {
        let _ = folder.sync_all();
    }
    Ok(())
}

impl From<&Session> for SessionFile {
    fn from(session: &Session) -> Self {
        SessionFile {
            version: FILE_VERSION,
            brand: session.brand.map(|brand| brand.name().to_owned()),
            client_id: session.client_id.clone(),
            refresh_token: session.refresh_token.expose().to_owned(),
            access_token: session.access_token.as_ref().map(|token| token.expose().to_owned()),
            expires_at: session.expires_at.and_then(|at| at.duration_since(UNIX_EPOCH).ok()).map(|d| d.as_secs()),
        }
    }
}

impl From<SessionFile> for Session {
    fn from(file: SessionFile) -> Self {
        Session {
            refresh_token: Secret::new(file.refresh_token),
            access_token: file.access_token.map(Secret::new),
            expires_at: file.expires_at.and_then(|secs| UNIX_EPOCH.checked_add(Duration::from_secs(secs))),
            // A brand this version does not know is left out rather than failing the session.
            brand: file.brand.and_then(|name| name.parse().ok()),
            client_id: file.client_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(refresh: &str) -> Session {
        Session {
            access_token: Some(Secret::new("access")),
            expires_at: UNIX_EPOCH.checked_add(Duration::from_secs(1_800_000_000)),
            brand: Some(Brand::Ds),
            client_id: Some("app".to_owned()),
            ..Session::new(refresh)
        }
    }

    fn entries(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(folder)
            .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned())).collect())
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn a_saved_session_reads_back_the_same_from_a_file_only_its_owner_can_read() {
        let folder = tempfile::tempdir().expect("a folder");
        let path = folder.path().join("tokens.json");
        write_session(&path, &SessionFile::from(&session("r1"))).expect("saved");
        write_session(&path, &SessionFile::from(&session("r2"))).expect("replaced");
        assert_eq!(read_session(&path).expect("read"), Some(session("r2")));
        assert_eq!(entries(folder.path()), ["tokens.json"], "no temporary file is left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(&path).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        }
    }

    #[test]
    fn a_write_that_fails_leaves_what_was_there_and_no_temporary_file() {
        let folder = tempfile::tempdir().expect("a folder");
        // The rename cannot replace a folder that holds something: the write fails at the end.
        let path = folder.path().join("tokens.json");
        fs::create_dir(&path).expect("a folder in the way");
        fs::write(path.join("kept"), b"previous").expect("its content");
        let error = write_session(&path, &SessionFile::from(&session("r1"))).expect_err("cannot replace");
        assert!(matches!(&error, Error::Store { message } if message.contains("replace")), "{error:?}");
        assert_eq!(fs::read(path.join("kept")).expect("still there"), b"previous");
        assert_eq!(entries(folder.path()), ["tokens.json"], "the temporary file is gone");
        let missing = write_session(&folder.path().join("no/such/folder.json"), &SessionFile::from(&session("r1")));
        assert!(matches!(missing, Err(Error::Store { .. })));
    }

    #[test]
    fn a_file_from_another_version_keeps_what_it_can() {
        let folder = tempfile::tempdir().expect("a folder");
        let path = folder.path().join("tokens.json");
        fs::write(&path, br#"{"version": 2, "brand": "fiat", "refresh_token": "r", "new_field": true}"#)
            .expect("written");
        let read = read_session(&path).expect("read").expect("a session");
        assert_eq!((read.refresh_token.expose(), read.brand, read.access_token), ("r", None, None));
        assert_eq!(read_session(&folder.path().join("absent.json")).expect("no file is no session"), None);
    }
}
