//! Receiving the vendor's deliveries to a callback (feature `webhook`): check, cap, decode, queue.
//!
//! The API POSTs events (a monitor fired, a remote command moved on) to the webhook target
//! registered with a callback, with the callback's header attributes as HTTP headers. Two layers:
//!
//! * [`Receiver`] is framework-neutral: from an [`http::HeaderMap`] and the body bytes to a
//!   [`Delivery`] of typed messages (one message or an array of them, decoded leniently, with
//!   their drift), or a [`Refusal`] that names the status to answer. It checks the header
//!   attributes first, in constant time, and refuses without reading the body when they are
//!   missing or wrong (401); then the content type (415), then the size (413).
//! * [`Endpoint`] is an axum handler and [`Router`](axum::Router) over a receiver: it answers at
//!   once and hands each accepted delivery to user code over a bounded queue; a full queue is
//!   answered 503 so that the sender retries (see [`Endpoint`] for the policy).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use client_runtime::webhook::{Endpoint, Receiver};
//! use serde_json::{Map, Value};
//!
//! let receiver = Receiver::<Map<String, Value>>::new([("authorization", "Bearer my-callback-secret")])?;
//! let (endpoint, mut deliveries) = Endpoint::new(receiver, 64);
//! let app = endpoint.router("/psa-events");
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! tokio::spawn(async move { axum::serve(listener, app).await });
//! while let Some(delivery) = deliveries.recv().await {
//!     println!("{} messages, drift: {}", delivery.len(), delivery.drift);
//! }
//! # Ok(()) }
//! ```

mod endpoint;
mod receiver;

pub use endpoint::{Counts, DEFAULT_READ_TIMEOUT, Endpoint, Tally};
pub use receiver::{ConfigError, DEFAULT_MAX_BODY_BYTES, Delivery, Receiver, Refusal};
pub use {axum, http};
