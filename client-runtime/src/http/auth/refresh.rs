//! [`RefreshingToken`]: access tokens from a refresh token, written through a [`TokenStore`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::super::Error;
use super::app::Grant;
use super::{BoxFuture, MemoryStore, OAuthApp, Secret, Session, TokenSource, TokenStore};

/// An access token is refreshed this long before it expires, so that it does not expire on its
/// way to the server.
const EARLY: Duration = Duration::from_secs(60);

/// Access tokens from an OAuth2 refresh token (`grant_type=refresh_token` at the app's identity
/// provider), refreshed shortly before they expire and after a 401. Concurrent callers share one
/// refresh.
///
/// Every refresh goes through the [`TokenStore`], so that the session survives the process:
/// under the store's lock, the source re-reads the store (another process may have rotated the
/// refresh token: then its tokens are used, and ours is not spent), refreshes, and saves the
/// rotated refresh token **before** handing out the new access token. When the save fails the
/// caller gets [`Error::Store`] and no token; the store keeps its previous content, and the
/// source keeps the new tokens unsaved and saves them before anything else on the next call
/// (the provider has already spent the old refresh token, so forgetting the new one would end
/// the session). A refused refresh token is [`Error::LoginRequired`].
pub struct RefreshingToken {
    app: OAuthApp,
    store: Arc<dyn TokenStore>,
    state: tokio::sync::Mutex<State>,
}

struct State {
    session: Session,
    /// The session changed in memory and is not in the store yet.
    unsaved: bool,
    /// Logged out: no token is handed out any more.
    ended: bool,
}

impl fmt::Debug for RefreshingToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshingToken").field("app", &self.app).finish_non_exhaustive()
    }
}

impl RefreshingToken {
    /// A source starting from a refresh token, its session kept in memory only.
    pub fn new(app: OAuthApp, refresh_token: impl Into<Secret>) -> Self {
        let mut session = Session::new(refresh_token);
        session.brand = Some(app.provider().brand());
        session.client_id = Some(app.client_id().to_owned());
        Self::with_session(app, MemoryStore::with_session(session.clone()), session)
    }

    /// Continues the session saved in `store` (by a login, or by an earlier run).
    ///
    /// # Errors
    /// [`Error::LoginRequired`] when the store holds no session; [`Error::Store`] when it cannot
    /// be read.
    pub async fn open(app: OAuthApp, store: impl TokenStore) -> Result<Self, Error> {
        let session = store.load().await?.ok_or_else(|| Error::LoginRequired {
            message: "the token store holds no session: log in first".to_owned(),
        })?;
        Ok(Self::with_session(app, store, session))
    }

    /// A source for `session`, which `store` already holds (as after [`Login::finish`](super::Login::finish)).
    pub fn with_session(app: OAuthApp, store: impl TokenStore, session: Session) -> Self {
        RefreshingToken {
            app,
            store: Arc::new(store),
            state: tokio::sync::Mutex::new(State { session, unsaved: false, ended: false }),
        }
    }

    /// Starts with an access token already in hand, valid for `expires_in`.
    #[must_use]
    pub fn with_access_token(self, access: impl Into<Secret>, expires_in: Duration) -> Self {
        let mut state = self.state.into_inner();
        state.session.access_token = Some(access.into());
        state.session.expires_at = SystemTime::now().checked_add(expires_in);
        RefreshingToken { state: tokio::sync::Mutex::new(state), ..self }
    }

    /// The store the session is written through.
    #[must_use]
    pub fn store(&self) -> &dyn TokenStore {
        &*self.store
    }

    /// Logs out: revokes the refresh token at the identity provider (which revokes its access
    /// tokens too), then clears the store. The store is cleared even when the provider cannot
    /// be reached; the provider's error is returned then, so that the caller knows the token
    /// may still be valid there.
    ///
    /// # Errors
    /// When the provider refuses or cannot be reached, or the store cannot be cleared.
    pub async fn logout(&self) -> Result<(), Error> {
        let mut state = self.state.lock().await;
        state.ended = true;
        let _lock = self.store.lock().await?;
        // Another process may hold a newer refresh token: that is the one to revoke.
        let refresh_token = match self.store.load().await? {
            Some(stored) => stored.refresh_token,
            None => state.session.refresh_token.clone(),
        };
        let revoked = self.app.revoke(&refresh_token).await;
        self.store.clear().await?;
        tracing::info!(target: "client_runtime::auth", revoked = revoked.is_ok(), "logged out: the token store is cleared");
        revoked
    }

    /// Refreshes under the store's lock; `rejected` is the access token a 401 refused, if any.
    async fn renew(&self, state: &mut State, rejected: Option<&Secret>) -> Result<Secret, Error> {
        let _lock = self.store.lock().await?;
        if let Some(stored) = self.store.load().await?
            && stored != state.session
        {
            // Another process (or source) refreshed since we last looked: take its tokens (its
            // refresh token is the live one, ours may be spent), and its access token too when it
            // is still good and not the one just refused.
            tracing::debug!(target: "client_runtime::auth", "the token store holds a newer session; using it");
            state.session = stored;
            if let Some(access) = state.session.fresh_access_token(EARLY)
                && Some(access) != rejected
            {
                return Ok(access.clone());
            }
        }
        let grant = self.app.refresh(&state.session.refresh_token).await.inspect_err(|error| {
            tracing::warn!(target: "client_runtime::auth", %error, "the token refresh failed");
        })?;
        let rotated = grant.refresh_token.is_some();
        renewed(&mut state.session, grant);
        state.unsaved = true;
        self.settle(state).await?;
        tracing::debug!(target: "client_runtime::auth", rotated, "refreshed the access token");
        state
            .session
            .access_token
            .clone()
            .ok_or_else(|| Error::Token { message: "the refreshed session has no access token".to_owned() })
    }

    /// What comes before handing out any token: a source that logged out refuses, and an
    /// unsaved session is saved (on failure it stays unsaved, and the error goes to the caller).
    async fn settle(&self, state: &mut State) -> Result<(), Error> {
        if state.ended {
            return Err(Error::LoginRequired { message: "logged out".to_owned() });
        }
        if state.unsaved {
            self.store.save(&state.session).await.inspect_err(|error| {
                tracing::warn!(target: "client_runtime::auth", %error, "the refreshed session could not be saved");
            })?;
            state.unsaved = false;
        }
        Ok(())
    }
}

/// The session after a refresh: the new access token, and the rotated refresh token when the
/// provider sent one (else the old one stays good).
fn renewed(session: &mut Session, grant: Grant) {
    if let Some(rotated) = grant.refresh_token {
        session.refresh_token = rotated;
    }
    session.access_token = Some(grant.access_token);
    session.expires_at = grant.expires_at;
}

impl TokenSource for RefreshingToken {
    fn token(&self) -> BoxFuture<'_, Result<Secret, Error>> {
        Box::pin(async move {
            let mut state = self.state.lock().await;
            self.settle(&mut state).await?;
            if let Some(access) = state.session.fresh_access_token(EARLY) {
                return Ok(access.clone());
            }
            self.renew(&mut state, None).await
        })
    }

    fn refresh<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, Result<Option<Secret>, Error>> {
        Box::pin(async move {
            let mut state = self.state.lock().await;
            self.settle(&mut state).await?;
            // Another request already replaced the rejected token: use the new one.
            if let Some(current) = &state.session.access_token
                && current != rejected
            {
                return Ok(Some(current.clone()));
            }
            self.renew(&mut state, Some(rejected)).await.map(Some)
        })
    }
}
