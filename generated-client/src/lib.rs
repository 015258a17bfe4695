//! Lenient, typed Rust client for the Stellantis (ex-PSA) connected-car End-User Web API
//! (`https://api.groupe-psa.com/connectedcar/v4`): Peugeot, Citroën, DS, Opel and Vauxhall.
//!
//! Every type under this crate's root is generated from the YAML schemas in `schema/` by
//! `cargo xtask regenerate`, and keeps the lenient decoding contract: every field is optional,
//! unknown keys and values of the wrong type are kept in `extra` (and written back when
//! serialised), a bad item costs only itself (arrays are [`client_runtime::List`]s of their good
//! items, the bad ones kept raw at their index), enums are open, timestamps are forgiving, and [`client_runtime::Drift`] lists
//! every place where a response departed from the schema.
//!
//! Every operation is an async method of [`Client`]; the docs of the [`generated`] module have a
//! table from each path and method to the type it answers with.
//!
//! # Features (off by default)
//!
//! | Feature | Module | What |
//! |---|---|---|
//! | `webhook` | `webhook` | receive what the API POSTs to a callback as [`Message`]s: header check, body cap, lenient decoding, an axum endpoint, remote command lifecycle and a wait for its outcome |
//! | `geo` | `geo` | `TryFrom` conversions to `geojson::Feature`/`Geometry` and `geo_types::Point`/`LineString` |
//!
//! ```
//! use client_runtime::Drift;
//! use generated_client::Status;
//!
//! let status: Status = client_runtime::from_json_str(
//!     r#"{"energies": [{"type": "Electric", "level": 77.0}], "connectivity": {"status": "ok"}}"#,
//! )?;
//! let energies = status.energies.as_deref().unwrap_or_default();
//! assert_eq!(energies[0].level, Some(77.0));
//! assert_eq!(status.drift().to_string(), "/connectivity: unknown field (an object)\n");
//! # Ok::<(), serde_json::Error>(())
//! ```

pub use client_runtime;

// Generated code is formatted by prettyplease at generation time; rustfmt must not reformat it,
// or `cargo xtask regenerate --check` would see a difference. The module is public for its docs:
// they hold the table from every path and method to the type it answers with.
#[rustfmt::skip]
pub mod generated;

pub use generated::*;

#[cfg(feature = "geo")]
pub mod geo;
#[cfg(feature = "webhook")]
pub mod webhook;
