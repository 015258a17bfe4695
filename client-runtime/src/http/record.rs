//! Recording drifted responses, opt-in ([`ClientBuilder::record_drift`]), for `cargo xtask learn`.
//!
//! For each answer whose decoded body has a non-empty drift report, one [`DriftRecord`] goes to a
//! [`DriftSink`]: the `operationId`, the decoded type's name, the status, the time, the drift
//! report, and the body's redacted shape ([`crate::redact`] says exactly what is kept: keys,
//! JSON types and unknown enum values, never a VIN, a position, an id, an email or a name).
//! Nothing of the request is recorded: no URL, no header, no token.
//!
//! Recording never fails or holds up a call: an answer without drift costs one walk of the
//! decoded value; one with drift also re-reads the body to redact it; a sink's error is
//! swallowed and counted ([`Client::drift_records`](super::Client::drift_records)).
//! [`DriftFolder`] bounds what it keeps on disk by rotating files.
//!
//! [`ClientBuilder::record_drift`]: super::ClientBuilder::record_drift

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

use crate::{DriftReport, redact};

/// One drifted answer, as recorded.
#[derive(Clone, Debug)]
pub struct DriftRecord {
    /// When it was decoded.
    pub time: jiff::Timestamp,
    /// The schema's `operationId` of the call, when the request named it.
    pub operation: Option<&'static str>,
    /// The name of the type the body was decoded as (`Status`).
    pub schema: String,
    /// The HTTP status.
    pub status: u16,
    /// Where the body departed from the schema, its quoted texts redacted
    /// ([`crate::redact::redacted_report`]).
    pub drift: DriftReport,
    /// The body's redacted shape ([`crate::redact::redacted_shape`]).
    pub shape: Value,
}

impl DriftRecord {
    /// The record as one line of JSON (no newline), the form `cargo xtask learn` reads.
    #[must_use]
    pub fn to_json_line(&self) -> String {
        json!({
            "time": self.time.to_string(),
            "operation": self.operation,
            "schema": self.schema,
            "status": self.status,
            "drift": self.drift.items.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "body": self.shape,
        })
        .to_string()
    }
}

/// Where drift records go. Called on the task that decoded the answer: keep it quick (buffer,
/// or hand off to a channel), and return errors rather than panic; they are counted, never raised.
pub trait DriftSink: Send + Sync + 'static {
    /// Keeps one record.
    ///
    /// # Errors
    /// Whatever kept it from keeping the record; the client counts it and carries on.
    fn record(&self, record: &DriftRecord) -> io::Result<()>;
}

impl std::fmt::Debug for dyn DriftSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DriftSink")
    }
}

/// A folder of JSON Lines files (`drift-<n>.jsonl`, one record a line): a new file when the
/// current one would pass [`DriftFolder::max_file_bytes`], the oldest removed past
/// [`DriftFolder::max_files`]. At most `max_files × max_file_bytes` on disk (8 MiB by default);
/// a single record larger than a file's cap gets a file of its own.
#[derive(Debug)]
pub struct DriftFolder {
    dir: PathBuf,
    max_file_bytes: u64,
    max_files: usize,
    current: Mutex<Option<(u64, File, u64)>>,
}

impl DriftFolder {
    /// Records into `dir` (created when the first record comes), 1 MiB a file, 8 files.
    #[must_use]
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        DriftFolder { dir: dir.into(), max_file_bytes: 1 << 20, max_files: 8, current: Mutex::new(None) }
    }

    /// The size past which a new file is started.
    #[must_use]
    pub fn max_file_bytes(mut self, bytes: u64) -> Self {
        self.max_file_bytes = bytes.max(1);
        self
    }

    /// How many files are kept, the newest ones.
    #[must_use]
    pub fn max_files(mut self, files: usize) -> Self {
        self.max_files = files.max(1);
        self
    }

    /// The file numbers in the folder, ascending.
    fn numbers(&self) -> io::Result<Vec<u64>> {
        let mut numbers: Vec<u64> = fs::read_dir(&self.dir)?
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name();
                name.to_str()?.strip_prefix("drift-")?.strip_suffix(".jsonl")?.parse().ok()
            })
            .collect();
        numbers.sort_unstable();
        Ok(numbers)
    }

    fn path(&self, number: u64) -> PathBuf {
        self.dir.join(format!("drift-{number}.jsonl"))
    }

    fn open(&self, number: u64) -> io::Result<(u64, File, u64)> {
        let file = OpenOptions::new().create(true).append(true).open(self.path(number))?;
        let size = file.metadata()?.len();
        Ok((number, file, size))
    }

    /// Removes the oldest files so that at most `max_files` remain.
    fn prune(&self) -> io::Result<()> {
        let numbers = self.numbers()?;
        let excess = numbers.len().saturating_sub(self.max_files);
        for number in &numbers[..excess] {
            fs::remove_file(self.path(*number))?;
        }
        Ok(())
    }

    /// The folder.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl DriftSink for DriftFolder {
    fn record(&self, record: &DriftRecord) -> io::Result<()> {
        let mut line = record.to_json_line();
        line.push('\n');
        let length = line.len() as u64;
        let mut current = self.current.lock().map_err(|_| io::Error::other("a recording thread panicked"))?;
        if current.is_none() {
            fs::create_dir_all(&self.dir)?;
            let last = self.numbers()?.last().copied().unwrap_or(0);
            *current = Some(self.open(last)?);
        }
        if let Some((number, _, size)) = current.as_ref()
            && *size > 0
            && size + length > self.max_file_bytes
        {
            let next = number + 1;
            *current = Some(self.open(next)?);
            self.prune()?;
        }
        let Some((_, file, size)) = current.as_mut() else { return Ok(()) };
        file.write_all(line.as_bytes())?;
        *size += length;
        Ok(())
    }
}

/// How recording went, for monitoring.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DriftRecords {
    /// Records the sink took.
    pub recorded: u64,
    /// Records lost to a sink's error.
    pub failed: u64,
}

/// The client's side of recording: the sink and its counters.
pub(crate) struct Recorder {
    sink: Box<dyn DriftSink>,
    recorded: AtomicU64,
    failed: AtomicU64,
}

impl Recorder {
    pub(crate) fn new(sink: Box<dyn DriftSink>) -> Self {
        Recorder { sink, recorded: AtomicU64::new(0), failed: AtomicU64::new(0) }
    }

    /// Records an answer that drifted: `body` is what a `T` was decoded from, `drift` its report.
    pub(crate) fn observe<T>(&self, operation: Option<&'static str>, status: u16, body: &[u8], drift: &DriftReport) {
        // The body decoded into `T`, so it is JSON; should it not re-read, the record has no shape.
        let shape = serde_json::from_slice(body).map_or(Value::Null, |value| redact::redacted_shape(&value, drift));
        let drift = redact::redacted_report(drift);
        let record =
            DriftRecord { time: jiff::Timestamp::now(), operation, schema: type_name::<T>(), status, drift, shape };
        let counter = if self.sink.record(&record).is_ok() { &self.recorded } else { &self.failed };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn counts(&self) -> DriftRecords {
        DriftRecords { recorded: self.recorded.load(Ordering::Relaxed), failed: self.failed.load(Ordering::Relaxed) }
    }
}

/// `generated_client::status::Status` → `Status`; `List<a::Message>` → `List<Message>`.
fn type_name<T>() -> String {
    let full = std::any::type_name::<T>();
    let mut out = String::new();
    let mut word = String::new();
    for c in full.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            out.push_str(word.rsplit("::").next().unwrap_or_default());
            word.clear();
            if c != ' ' {
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_lose_their_paths() {
        assert_eq!(type_name::<crate::Timestamp>(), "Timestamp");
        assert_eq!(type_name::<crate::List<crate::Timestamp>>(), "List<Timestamp>");
    }
}
