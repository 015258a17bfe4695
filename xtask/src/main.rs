//! `cargo xtask`: the command-line face of the project's automation (see `xtask/src/lib.rs`).

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::learn::{Learn, learn};
use xtask::{Regenerate, Target, default_job, regenerate, workspace_root};

const USAGE: &str = "\
usage:
  cargo xtask regenerate [--check]
      schema/ → generated-client/src/generated/ (--check: write nothing, fail on any difference)
  cargo xtask regenerate --schema <file-or-dir> --out <dir> [--name <crate-name>] [--check]
      any schema → a standalone crate (Cargo.toml + src/) in <dir>
  cargo xtask learn [--write] [--schema <dir>] <recorded folder>...
  cargo xtask learn [--write] [--schema <dir>] --as <SchemaName> <json files or folders>...
      propose schema changes (a unified diff and a summary) that type what the bodies carried
      and the schema lacks; --write applies them (default schema: schema/)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|command| command == "learn") {
        return match parse_learn(&args[1..]) {
            Ok(job) => run_learn(&job),
            Err(message) => {
                eprintln!("{message}\n\n{USAGE}");
                ExitCode::from(2)
            }
        };
    }
    match parse(&args) {
        Ok(job) => run(&job),
        Err(message) => {
            eprintln!("{message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse(args: &[String]) -> Result<Regenerate, String> {
    let Some((command, rest)) = args.split_first() else { return Err("no command given".to_owned()) };
    if command != "regenerate" {
        return Err(format!("unknown command `{command}`"));
    }
    let (mut check, mut schema, mut out, mut name) = (false, None, None, None);
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        let mut value = |flag: &str| rest.next().cloned().ok_or_else(|| format!("`{flag}` needs a value"));
        match arg.as_str() {
            "--check" => check = true,
            "--schema" => schema = Some(PathBuf::from(value("--schema")?)),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--name" => name = Some(value("--name")?),
            "-h" | "--help" => return Err("help".to_owned()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    match (schema, out) {
        (None, None) if name.is_none() => Ok(default_job(check)),
        (Some(schema), Some(dir)) => {
            let name = name.unwrap_or_else(|| crate_name(&dir));
            Ok(Regenerate { schema, out: Target::Crate { dir, name }, check })
        }
        _ => Err("`--schema` and `--out` go together".to_owned()),
    }
}

fn parse_learn(args: &[String]) -> Result<Learn, String> {
    let mut job = Learn { schema: workspace_root().join("schema"), inputs: Vec::new(), as_schema: None, write: false };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |flag: &str| rest.next().cloned().ok_or_else(|| format!("`{flag}` needs a value"));
        match arg.as_str() {
            "--write" => job.write = true,
            "--schema" => job.schema = PathBuf::from(value("--schema")?),
            "--as" => job.as_schema = Some(value("--as")?),
            "-h" | "--help" => return Err("help".to_owned()),
            flag if flag.starts_with("--") => return Err(format!("unknown argument `{flag}`")),
            path => job.inputs.push(PathBuf::from(path)),
        }
    }
    if job.inputs.is_empty() {
        return Err("`learn` needs a recorded folder, or `--as <SchemaName>` and JSON files or folders".to_owned());
    }
    Ok(job)
}

fn run_learn(job: &Learn) -> ExitCode {
    match learn(job) {
        Ok(learned) => {
            print!("{}", learned.diff);
            eprint!("{}", learned.summary);
            for file in &learned.written {
                eprintln!("wrote {file}; now run `cargo xtask regenerate`");
            }
            if !job.write && !learned.proposals.is_empty() {
                eprintln!(
                    "review the diff, then apply it with --write (or list rejected ids in schema/{})",
                    xtask::learn::IGNORE_FILE
                );
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// A package name from the output folder's name: lower case, `-` between words.
fn crate_name(dir: &std::path::Path) -> String {
    let base = dir.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let name: String =
        base.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let name = name.trim_matches('-').to_owned();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) { format!("generated-{name}") } else { name }
}

fn run(job: &Regenerate) -> ExitCode {
    match regenerate(job) {
        Ok(report) => {
            eprint!("{}", report.warnings);
            let verb = if job.check { "up to date" } else { "regenerated" };
            if job.check || report.changed.is_empty() && report.removed.is_empty() {
                eprintln!("generated code is {}", if job.check { verb } else { "unchanged" });
            } else {
                for path in &report.changed {
                    eprintln!("wrote {path}");
                }
                for path in &report.removed {
                    eprintln!("removed {path}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
