//! Reading what to learn from, one body at a time: recordings (`.jsonl`, one record a line, as
//! `client_runtime::http::record` writes them) or plain JSON bodies (`.json`, one a file).
//! Nothing is kept once a body has been walked, so memory does not grow with the inputs.

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// One body to learn from.
pub(super) enum Input {
    /// A plain body, of the type given with `--as`.
    Body(Value),
    /// A recording: the operation, the response status and the schema name it was decoded as,
    /// and the body's redacted shape.
    Recorded { operation: Option<String>, status: Option<u16>, schema: Option<String>, body: Value },
    /// Something that could not be read, and why.
    Unreadable(String),
}

/// Calls `each` with every input under `paths` (files, or folders read recursively in name
/// order): `.json` files as plain bodies, `.jsonl` files as recordings.
///
/// # Errors
/// When a path does not exist or a folder cannot be listed.
pub(super) fn for_each(paths: &[PathBuf], mut each: impl FnMut(Input)) -> Result<(), String> {
    for path in paths {
        let mut files = Vec::new();
        collect(path, &mut files).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        for file in files {
            read_file(&file, &mut each);
        }
    }
    Ok(())
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> =
        fs::read_dir(path)?.map(|entry| entry.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, out)?;
        } else if entry.extension().is_some_and(|e| e == "json" || e == "jsonl") {
            out.push(entry);
        }
    }
    Ok(())
}

fn read_file(file: &Path, each: &mut impl FnMut(Input)) {
    let shown = file.display();
    if file.extension().is_some_and(|e| e == "jsonl") {
        let reader = match File::open(file) {
            Ok(handle) => BufReader::new(handle),
            Err(error) => return each(Input::Unreadable(format!("{shown}: {error}"))),
        };
        for (index, line) in reader.lines().enumerate() {
            match line {
                Ok(line) if line.trim().is_empty() => {}
                Ok(line) => each(
                    recorded(&line).unwrap_or_else(|why| Input::Unreadable(format!("{shown}:{}: {why}", index + 1))),
                ),
                Err(error) => return each(Input::Unreadable(format!("{shown}:{}: {error}", index + 1))),
            }
        }
    } else {
        let body = fs::read(file)
            .map_err(|e| e.to_string())
            .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| format!("not JSON ({e})")));
        each(body.map_or_else(|why| Input::Unreadable(format!("{shown}: {why}")), Input::Body));
    }
}

fn recorded(line: &str) -> Result<Input, String> {
    let mut record: Value = serde_json::from_str(line).map_err(|e| format!("not a JSON record ({e})"))?;
    let text = |record: &Value, key: &str| record.get(key).and_then(Value::as_str).map(str::to_owned);
    let body = record.get_mut("body").map(Value::take).ok_or("a record without a `body`")?;
    Ok(Input::Recorded {
        operation: text(&record, "operation"),
        status: record.get("status").and_then(Value::as_u64).and_then(|s| u16::try_from(s).ok()),
        schema: text(&record, "schema"),
        body,
    })
}
