//! `cargo xtask`: the command-line face of the project's automation (see `xtask/src/lib.rs`).

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::corpus::{self, Corpus};
use xtask::learn::{Learn, learn};
use xtask::{Regenerate, Target, default_job, regenerate, workspace_root};

/// Generation allocates millions of short-lived tokens and syntax nodes: with mimalloc, Stripe's
/// document generates in half the time it takes with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage:
  cargo xtask regenerate [--check]
      schema/ → generated-client/src/generated/ (--check: write nothing, fail on any difference)
  cargo xtask regenerate --schema <file-or-dir> [--root <dir>] --out <dir> [--name <crate-name>] [--check]
      any schema → a standalone crate (Cargo.toml + src/) in <dir>; `$ref`s may reach any file
      under --root (default: the working directory when the schema is in it, else its folder)
  cargo xtask corpus [--only <id>[,<id>…]] [--skip <id>[,<id>…]] [--check]
      every root document of ../shared/corpus → target/corpus/<id>, as a table
      (--check: also `cargo check` each crate with warnings denied)
  cargo xtask learn [--write] [--schema <dir>] <recorded folder>...
  cargo xtask learn [--write] [--schema <dir>] --as <SchemaName> <json files or folders>...
      propose schema changes (a unified diff and a summary) that type what the bodies carried
      and the schema lacks; --write applies them (default schema: schema/)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match args.split_first() {
        None => Err("no command given".to_owned()),
        Some((command, rest)) if command == "regenerate" => parse(rest).map(|job| run(&job)),
        Some((command, rest)) if command == "corpus" => parse_corpus(rest).map(|corpus| run_corpus(&corpus)),
        Some((command, rest)) if command == "learn" => parse_learn(rest).map(|job| run_learn(&job)),
        Some((command, _)) => Err(format!("unknown command `{command}`")),
    };
    parsed.unwrap_or_else(|message| {
        eprintln!("{message}\n\n{USAGE}");
        ExitCode::from(2)
    })
}

fn parse_corpus(args: &[String]) -> Result<Corpus, String> {
    let (mut only, mut skip, mut check) = (Vec::new(), Vec::new(), false);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut ids = |flag: &str| {
            let ids = rest.next().ok_or_else(|| format!("`{flag}` needs a value"))?;
            Ok::<_, String>(ids.split(',').filter(|id| !id.is_empty()).map(str::to_owned).collect::<Vec<_>>())
        };
        match arg.as_str() {
            "--check" => check = true,
            "--only" => only.extend(ids("--only")?),
            "--skip" => skip.extend(ids("--skip")?),
            "-h" | "--help" => return Err("help".to_owned()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    corpus::selected(&only, &skip)?;
    Ok(Corpus::new(only, skip, check))
}

fn run_corpus(corpus: &Corpus) -> ExitCode {
    if !corpus.dir.is_dir() {
        eprintln!("no corpus at {}: nothing to run (the corpus is not part of the project)", corpus.dir.display());
        return ExitCode::SUCCESS;
    }
    let documents = match corpus::selected(&corpus.only, &corpus.skip) {
        Ok(documents) => documents,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    println!("{}", corpus::HEADER);
    let mut rows = Vec::new();
    for document in documents {
        let row = corpus::run_one(corpus, document);
        println!("{}", corpus::table_line(&row));
        rows.push(row);
    }
    let unexpected = rows.iter().filter(|row| !row.as_expected()).count();
    if unexpected == 0 {
        println!("\nall {} documents came out as expected", rows.len());
        ExitCode::SUCCESS
    } else {
        eprint!("{}", corpus::failure_details(&rows));
        eprintln!("\n{unexpected} of {} documents did not come out as expected", rows.len());
        ExitCode::FAILURE
    }
}

fn parse(rest: &[String]) -> Result<Regenerate, String> {
    let (mut check, mut schema, mut root, mut out, mut name) = (false, None, None, None, None);
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        let mut value = |flag: &str| rest.next().cloned().ok_or_else(|| format!("`{flag}` needs a value"));
        match arg.as_str() {
            "--check" => check = true,
            "--schema" => schema = Some(PathBuf::from(value("--schema")?)),
            "--root" => root = Some(PathBuf::from(value("--root")?)),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--name" => name = Some(value("--name")?),
            "-h" | "--help" => return Err("help".to_owned()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    match (schema, out) {
        (None, None) if name.is_none() && root.is_none() => Ok(default_job(check)),
        (Some(schema), Some(dir)) => {
            let name = name.unwrap_or_else(|| crate_name(&dir));
            Ok(Regenerate { schema, root, out: Target::Crate { dir, name }, check })
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
