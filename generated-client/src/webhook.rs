//! Hand-written (feature `webhook`): the vendor's deliveries as typed [`Message`]s, and the
//! lifecycle of remote commands read off them, with a wait for a command's outcome.
//!
//! [`endpoint`] builds the axum endpoint of [`client_runtime::webhook`] for [`Message`]s, with a
//! [`RemoteTracker`] that sees every accepted delivery on the request path, so that waiting for a
//! remote command does not depend on user code reading the queue.
//!
//! ```no_run
//! # async fn run(api: generated_client::Client, vehicle: &str, callback: &str) -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use generated_client::webhook::{self, Receiver, RemoteOutcome};
//!
//! let receiver = Receiver::new([("authorization", "Bearer my-callback-secret")])?;
//! let (endpoint, mut deliveries, remotes) = webhook::endpoint(receiver, 64);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! tokio::spawn(axum::serve(listener, endpoint.router("/psa-events")).into_future());
//! tokio::spawn(async move {
//!     while let Some(delivery) = deliveries.recv().await {
//!         for message in &delivery.messages {
//!             println!("{:?} from callback {:?}", message.r#type, message.callback_id);
//!         }
//!     }
//! });
//!
//! let sent = api.send_remote_to_vhl(vehicle, callback, &Default::default()).await?;
//! let id = sent.body.and_then(|posted| posted.remote_action_id).unwrap_or_default();
//! match remotes.wait_for_outcome(&id, Duration::from_secs(120)).await? {
//!     RemoteOutcome::Failed { cause } => eprintln!("failed: {cause:?}"),
//!     outcome => println!("{outcome:?}"),
//! }
//! # Ok(()) }
//! ```

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

pub use client_runtime::webhook::{ConfigError, Counts, Delivery, Endpoint, Refusal, Tally};
use tokio::sync::{mpsc, watch};

use crate::{
    Message, RemoteEventState, RemoteEventStatus, RemoteEventStatusType, RemoteFailedEventStatus, RemoteFeedbackDetail,
    RemoteType,
};

/// A receiver of [`Message`]s: see [`client_runtime::webhook::Receiver`].
pub type Receiver = client_runtime::webhook::Receiver<Message>;

/// The remote commands a [`RemoteTracker`] remembers; the oldest are forgotten first. Its docs
/// state the number, as public docs cannot link a private item: change both together.
const TRACKED_REMOTES: usize = 1024;

/// The endpoint for [`Message`]s, the queue its deliveries arrive on (`capacity` deliveries may
/// wait there before new ones are answered 503), and a tracker of the remote commands they report.
#[must_use]
pub fn endpoint(
    receiver: Receiver,
    capacity: usize,
) -> (Endpoint<Message>, mpsc::Receiver<Delivery<Message>>, RemoteTracker) {
    let tracker = RemoteTracker::new();
    let (endpoint, deliveries) = Endpoint::new(receiver, capacity);
    let observer = tracker.clone();
    (endpoint.observe(move |delivery| observer.observe(delivery)), deliveries, tracker)
}

/// Where a remote command stands, as one message reports it.
#[derive(Clone, Debug, PartialEq)]
pub enum RemoteStage {
    /// The API took the command (`Pending`, `Accepted`).
    Accepted,
    /// On its way (`WakingUpVehicle`, `CheckingVehicle`, `SentToVehicle`), or held for a reason
    /// the API names while the command is still pending (`VehicleBatteryChargeTooLow`,
    /// `TooManyWakeUpsOverMonth`), or a pending state this client does not know.
    InProgress(RemoteEventState),
    /// The outcome: no further message is expected.
    Done(RemoteOutcome),
}

impl RemoteStage {
    /// Reads the stage off a remote event's status; `None` when it says neither a state nor
    /// that the command is done.
    ///
    /// A final state (`Success`, `AlreadyDone`, `Failed`) wins over the `type`, since the two
    /// disagreeing can only be drift; a state this client does not know is final only when the
    /// `type` says `Done`.
    #[must_use]
    pub fn from_status(status: &RemoteEventStatus) -> Option<Self> {
        let done = status.r#type == Some(RemoteEventStatusType::Done);
        let failed = || RemoteOutcome::Failed { cause: status.failure_cause.clone() };
        Some(match &status.status {
            Some(RemoteEventState::Success) => RemoteStage::Done(RemoteOutcome::Succeeded),
            Some(RemoteEventState::AlreadyDone) => RemoteStage::Done(RemoteOutcome::AlreadyDone),
            Some(RemoteEventState::Failed) => RemoteStage::Done(failed()),
            Some(RemoteEventState::Accepted) if !done => RemoteStage::Accepted,
            Some(other) if done => RemoteStage::Done(RemoteOutcome::Other(other.clone())),
            Some(pending) => RemoteStage::InProgress(pending.clone()),
            None if done && status.failure_cause.is_some() => RemoteStage::Done(failed()),
            None => return None,
        })
    }

    /// The outcome, for the final stage.
    #[must_use]
    pub fn outcome(&self) -> Option<&RemoteOutcome> {
        match self {
            RemoteStage::Done(outcome) => Some(outcome),
            _ => None,
        }
    }
}

/// How a remote command ended.
#[derive(Clone, Debug, PartialEq)]
pub enum RemoteOutcome {
    /// The vehicle carried it out (`Success`).
    Succeeded,
    /// Nothing to do: the vehicle already was as asked (`AlreadyDone`).
    AlreadyDone,
    /// It failed (`Failed`), with the cause when the API gave one.
    Failed {
        /// Why, as the API put it (`VehicleConnectionTimeout`, `DoorsOpen`, …).
        cause: Option<RemoteFailedEventStatus>,
    },
    /// The API said `Done` with a state this client does not know or that is not final.
    Other(RemoteEventState),
}

impl RemoteOutcome {
    /// True when the vehicle is as asked: [`RemoteOutcome::Succeeded`] or [`RemoteOutcome::AlreadyDone`].
    #[must_use]
    pub fn is_success(&self) -> bool {
        matches!(self, RemoteOutcome::Succeeded | RemoteOutcome::AlreadyDone)
    }
}

/// One message about a remote command, read off a [`Message`].
#[derive(Clone, Debug, PartialEq)]
pub struct RemoteUpdate {
    /// The command (`rid`), as `send_remote_to_vhl` answered it.
    pub remote_action_id: String,
    /// What kind of command it is.
    pub remote_type: Option<RemoteType>,
    /// Where it stands.
    pub stage: RemoteStage,
    /// Whether the vehicle's connectivity unit is blacklisted, when the API says.
    pub feedback_detail: Option<RemoteFeedbackDetail>,
}

impl RemoteUpdate {
    /// The remote update a message carries: `None` for a monitor event, or a remote event
    /// without an id or a readable stage.
    #[must_use]
    pub fn from_message(message: &Message) -> Option<Self> {
        let event = message.remote_event.as_ref()?;
        let status = event.event_status.as_ref()?;
        Some(RemoteUpdate {
            remote_action_id: event.remote_action_id.clone()?,
            remote_type: event.remote_type.clone(),
            stage: RemoteStage::from_status(status)?,
            feedback_detail: status.feedback_detail.clone(),
        })
    }
}

/// Remembers the stages of the remote commands that deliveries report, and wakes whoever waits
/// for one's outcome. Clones share one memory. Messages may come before anyone waits (the API
/// can be quicker than the answer to `send_remote_to_vhl`): they are kept for the last 1024
/// commands (`TRACKED_REMOTES`), the oldest forgotten first.
#[derive(Clone)]
pub struct RemoteTracker {
    shared: Arc<Shared>,
}

struct Shared {
    remotes: Mutex<Remotes>,
    /// Bumped after every change, so that waiters look again.
    changes: watch::Sender<u64>,
}

#[derive(Default)]
struct Remotes {
    stages: HashMap<String, Vec<RemoteStage>>,
    /// Ids in the order they were first seen, to forget the oldest.
    order: VecDeque<String>,
}

impl RemoteTracker {
    /// A tracker that has seen nothing yet.
    #[must_use]
    pub fn new() -> Self {
        let (changes, _) = watch::channel(0);
        RemoteTracker { shared: Arc::new(Shared { remotes: Mutex::default(), changes }) }
    }

    /// Records every remote update of a delivery (for [`Endpoint::observe`]).
    pub fn observe(&self, delivery: &Delivery<Message>) {
        for message in &delivery.messages {
            self.record(message);
        }
    }

    /// Records the remote update a message carries, if any. A stage repeated by a retried
    /// delivery is recorded once.
    pub fn record(&self, message: &Message) {
        let Some(update) = RemoteUpdate::from_message(message) else { return };
        {
            let mut remotes = self.remotes();
            if !remotes.stages.contains_key(&update.remote_action_id) {
                if remotes.order.len() == TRACKED_REMOTES
                    && let Some(oldest) = remotes.order.pop_front()
                {
                    remotes.stages.remove(&oldest);
                }
                remotes.order.push_back(update.remote_action_id.clone());
            }
            let stages = remotes.stages.entry(update.remote_action_id).or_default();
            if stages.last() == Some(&update.stage) {
                return;
            }
            stages.push(update.stage);
        }
        self.shared.changes.send_modify(|version| *version = version.wrapping_add(1));
    }

    /// Every stage seen so far for a command, in arrival order.
    #[must_use]
    pub fn stages(&self, remote_action_id: &str) -> Vec<RemoteStage> {
        self.remotes().stages.get(remote_action_id).cloned().unwrap_or_default()
    }

    /// The command's outcome, once a message says it is done.
    #[must_use]
    pub fn outcome(&self, remote_action_id: &str) -> Option<RemoteOutcome> {
        let remotes = self.remotes();
        remotes.stages.get(remote_action_id)?.iter().find_map(RemoteStage::outcome).cloned()
    }

    /// Waits until a message says how the command ended, at most `timeout`.
    ///
    /// # Errors
    /// [`WaitError`] when no outcome came in time, with the last stage seen.
    pub async fn wait_for_outcome(
        &self,
        remote_action_id: &str,
        timeout: Duration,
    ) -> Result<RemoteOutcome, WaitError> {
        // Subscribe before looking, so that a change between the look and the wait still wakes us.
        let mut changes = self.shared.changes.subscribe();
        let wait = async {
            loop {
                if let Some(outcome) = self.outcome(remote_action_id) {
                    return outcome;
                }
                if changes.changed().await.is_err() {
                    // The sender lives as long as `self`: this cannot happen while we borrow it.
                    std::future::pending::<()>().await;
                }
            }
        };
        tokio::time::timeout(timeout, wait).await.map_err(|_| WaitError {
            remote_action_id: remote_action_id.to_owned(),
            timeout,
            last_stage: self.stages(remote_action_id).pop(),
        })
    }

    fn remotes(&self) -> MutexGuard<'_, Remotes> {
        self.shared.remotes.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for RemoteTracker {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for RemoteTracker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RemoteTracker").field("tracked", &self.remotes().order.len()).finish()
    }
}

/// No outcome came for a remote command in time.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitError {
    /// The command waited for.
    pub remote_action_id: String,
    /// How long.
    pub timeout: Duration,
    /// The last stage seen, if any message came.
    pub last_stage: Option<RemoteStage>,
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no outcome for remote command {} within {:?}", self.remote_action_id, self.timeout)?;
        match &self.last_stage {
            Some(stage) => write!(f, " (last seen: {stage:?})"),
            None => f.write_str(" (no message about it)"),
        }
    }
}

impl std::error::Error for WaitError {}
