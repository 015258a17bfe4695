//! [`Endpoint`]: an axum handler over a [`Receiver`] that answers at once and queues each
//! accepted delivery for user code on a bounded channel.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use futures_util::StreamExt;
use http::StatusCode;
use http::header::RETRY_AFTER;
use tokio::sync::mpsc;

use super::{Delivery, Receiver, Refusal};
use crate::{Drift, Lenient};

/// How long a sender may take to send the body once its head was accepted.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// What a sender is told to wait before it retries a delivery refused because the consumer is
/// behind: the vendor's own retry interval.
const RETRY_AFTER_SECONDS: &str = "10";

/// A function that sees each accepted delivery on the request path, before user code receives
/// it from the queue; it must not block (it delays the answer).
type Observer<T> = Arc<dyn Fn(&Delivery<T>) + Send + Sync>;

/// The webhook endpoint: checks each request with its [`Receiver`], answers at once, and puts
/// each accepted [`Delivery`] on a bounded queue that user code reads at its own pace.
///
/// **When the consumer is slow**, the queue fills up, and a delivery that finds it full is
/// answered `503 Service Unavailable` with `Retry-After: 10`: nothing was taken, so the sender
/// retries (the vendor retries any non-2xx answer every 10 s, for up to 72 h). A delivery is
/// never dropped once it was answered 200, and never waits for queue space, so the answer stays
/// prompt whatever user code does. A whole body is one queue item, so a batch is taken or
/// refused as a whole and a retry cannot duplicate part of it. [`Endpoint::tally`] counts
/// every outcome.
pub struct Endpoint<T> {
    receiver: Arc<Receiver<T>>,
    queue: mpsc::Sender<Delivery<T>>,
    observers: Vec<Observer<T>>,
    read_timeout: Duration,
    tally: Arc<Tally>,
}

impl<T> Clone for Endpoint<T> {
    fn clone(&self) -> Self {
        Endpoint {
            receiver: Arc::clone(&self.receiver),
            queue: self.queue.clone(),
            observers: self.observers.clone(),
            read_timeout: self.read_timeout,
            tally: Arc::clone(&self.tally),
        }
    }
}

impl<T> fmt::Debug for Endpoint<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("receiver", &self.receiver)
            .field("queue_capacity", &self.queue.max_capacity())
            .field("read_timeout", &self.read_timeout)
            .field("tally", &self.tally.counts())
            .finish_non_exhaustive()
    }
}

impl<T: Lenient + Drift + Send + 'static> Endpoint<T> {
    /// An endpoint and the queue user code reads deliveries from; `capacity` deliveries (at
    /// least one) may wait there before new ones are answered 503.
    #[must_use]
    pub fn new(receiver: Receiver<T>, capacity: usize) -> (Self, mpsc::Receiver<Delivery<T>>) {
        let (queue, deliveries) = mpsc::channel(capacity.max(1));
        let endpoint = Endpoint {
            receiver: Arc::new(receiver),
            queue,
            observers: Vec::new(),
            read_timeout: DEFAULT_READ_TIMEOUT,
            tally: Arc::default(),
        };
        (endpoint, deliveries)
    }

    /// Lets `observer` see each accepted delivery just before it is queued, on the request path
    /// (for bookkeeping that must not depend on user code reading the queue, such as waking
    /// whoever waits for a remote command's outcome). It must be quick and must not block.
    /// Observers add up: each sees every delivery, in the order they were added.
    #[must_use]
    pub fn observe(mut self, observer: impl Fn(&Delivery<T>) + Send + Sync + 'static) -> Self {
        self.observers.push(Arc::new(observer));
        self
    }

    /// Gives up on a body that takes longer than this to arrive (408); [`DEFAULT_READ_TIMEOUT`]
    /// otherwise.
    #[must_use]
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// The counts of outcomes so far, shared with the endpoint (clones of it included).
    #[must_use]
    pub fn tally(&self) -> Arc<Tally> {
        Arc::clone(&self.tally)
    }

    /// A router that answers `POST path` with this endpoint (other methods get 405); merge or
    /// nest it into an application's router.
    pub fn router(self, path: &str) -> Router {
        Router::new().route(path, post(handle::<T>)).with_state(self)
    }

    /// Answers one request: 200 with an empty body once the delivery is queued, or the
    /// refusal's status with a one-line reason.
    pub async fn handle(&self, request: Request) -> Response {
        let outcome = self.accept(request).await;
        self.tally.count(outcome.as_ref().err());
        match outcome {
            Ok(()) => StatusCode::OK.into_response(),
            Err(refusal) => {
                let mut response = (refusal.status(), refusal.to_string()).into_response();
                if matches!(refusal, Refusal::Busy) {
                    response.headers_mut().insert(RETRY_AFTER, http::HeaderValue::from_static(RETRY_AFTER_SECONDS));
                }
                response
            }
        }
    }

    async fn accept(&self, request: Request) -> Result<(), Refusal> {
        let (parts, body) = request.into_parts();
        self.receiver.check_head(&parts.headers)?;
        let limit = self.receiver.body_limit();
        let body = tokio::time::timeout(self.read_timeout, read_capped(body, limit))
            .await
            .map_err(|_| Refusal::TimedOut)??;
        let delivery = self.receiver.decode(&body)?;
        // Take a queue slot first: the observer sees only what user code will receive.
        let slot = self.queue.try_reserve().map_err(|_| Refusal::Busy)?;
        for observer in &self.observers {
            observer(&delivery);
        }
        slot.send(delivery);
        Ok(())
    }
}

async fn handle<T: Lenient + Drift + Send + 'static>(
    State(endpoint): State<Endpoint<T>>,
    request: Request,
) -> Response {
    endpoint.handle(request).await
}

/// Reads a body, stopping as soon as it passes `limit` bytes.
async fn read_capped(body: Body, limit: usize) -> Result<Vec<u8>, Refusal> {
    let mut chunks = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|_| Refusal::Incomplete)?;
        if bytes.len().saturating_add(chunk.len()) > limit {
            return Err(Refusal::PayloadTooLarge { limit });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Counts of an endpoint's outcomes, updated as requests are answered.
#[derive(Debug, Default)]
pub struct Tally {
    accepted: AtomicU64,
    unauthorized: AtomicU64,
    unsupported_media_type: AtomicU64,
    too_large: AtomicU64,
    malformed: AtomicU64,
    busy: AtomicU64,
}

impl Tally {
    fn count(&self, refusal: Option<&Refusal>) {
        let counter = match refusal {
            None => &self.accepted,
            Some(Refusal::Unauthorized) => &self.unauthorized,
            Some(Refusal::UnsupportedMediaType) => &self.unsupported_media_type,
            Some(Refusal::PayloadTooLarge { .. }) => &self.too_large,
            Some(Refusal::Malformed(_) | Refusal::Incomplete | Refusal::TimedOut) => &self.malformed,
            Some(Refusal::Busy) => &self.busy,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The counts now.
    #[must_use]
    pub fn counts(&self) -> Counts {
        let get = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        Counts {
            accepted: get(&self.accepted),
            unauthorized: get(&self.unauthorized),
            unsupported_media_type: get(&self.unsupported_media_type),
            too_large: get(&self.too_large),
            malformed: get(&self.malformed),
            busy: get(&self.busy),
        }
    }
}

/// How many requests an endpoint answered, by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Queued for user code (200).
    pub accepted: u64,
    /// Refused for a missing or wrong header (401).
    pub unauthorized: u64,
    /// Refused for a content type that is not JSON (415).
    pub unsupported_media_type: u64,
    /// Refused for a body over the cap (413).
    pub too_large: u64,
    /// Refused for a body that is not JSON or not messages, cut short or too slow (400, 408).
    pub malformed: u64,
    /// Refused because the queue was full or its reader gone (503).
    pub busy: u64,
}
