//! The command line of `cargo xtask` and of the installable `psa-client-gen`: one clap parser,
//! so both take the same commands and flags, refuse a misspelt one with a suggestion, and exit
//! non-zero on every failure.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::corpus::{self, Corpus};
use crate::learn::{Learn, learn};
use crate::{Regenerate, Runtime, Target, default_job, latest, regenerate, workspace_root};

/// Exit status for a command line that does not parse (clap's own convention).
const USAGE_ERROR: u8 = 2;

/// `cargo xtask`: the generator's commands, plus the ones that only make sense in this repository.
#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    version,
    arg_required_else_help = true,
    about = "Generate lenient, typed Rust clients from OpenAPI documents, and keep this repository's generated code current."
)]
pub struct Xtask {
    #[command(subcommand)]
    command: XtaskCommand,
}

#[derive(Debug, Subcommand)]
enum XtaskCommand {
    #[command(flatten)]
    Generator(GeneratorCommand),
    /// Check the workspace and the corpus against the newest dependency versions the manifests
    /// allow, as a user who resolves afresh gets them (in a copy under target/latest/; the lock
    /// file here is not touched).
    Latest(LatestArgs),
}

/// `psa-client-gen`: the generator as an installed command.
#[derive(Debug, Parser)]
#[command(
    name = "psa-client-gen",
    version,
    arg_required_else_help = true,
    about = "Generate lenient, typed Rust clients from OpenAPI 3.0, 3.1 and Swagger 2.0 documents."
)]
pub struct Installed {
    #[command(subcommand)]
    command: GeneratorCommand,
}

#[derive(Debug, Subcommand)]
enum GeneratorCommand {
    /// Generate: schema/ → generated-client/src/generated/, or any schema → a standalone crate (with
    /// --schema and --out).
    Regenerate(RegenerateArgs),
    /// Every root document of the public corpus (../shared/corpus) → target/corpus/<id>, as a table.
    Corpus(CorpusArgs),
    /// Propose schema changes (a unified diff and a summary) that type what recorded bodies
    /// carried and the schema lacks.
    Learn(LearnArgs),
}

#[derive(Debug, Args)]
struct RegenerateArgs {
    /// Write nothing; fail with a diff when the output is not what the generator produces.
    #[arg(long)]
    check: bool,
    /// A schema file, or a folder whose .yaml, .yml and .json files are all read.
    #[arg(long, value_name = "FILE-OR-DIR", requires = "out")]
    schema: Option<PathBuf>,
    /// The folder `$ref`s may reach anything under [default: the working directory when the
    /// schema is inside it, else the schema's folder].
    #[arg(long, value_name = "DIR", requires = "schema")]
    root: Option<PathBuf>,
    /// The standalone crate's folder (Cargo.toml and src/ are written there).
    #[arg(long, value_name = "DIR", requires = "schema")]
    out: Option<PathBuf>,
    /// The package name [default: from the --out folder's name].
    #[arg(long, requires = "out")]
    name: Option<String>,
    #[command(flatten)]
    runtime: RuntimeArgs,
}

/// Where a standalone crate gets `client-runtime` from. Without any of these: a path relative to
/// the crate when it is inside the generator's repository, else the runtime's version.
#[derive(Debug, Args)]
struct RuntimeArgs {
    /// Depend on this client-runtime folder, written into the manifest relative to the output crate.
    #[arg(long, value_name = "DIR", requires = "out", conflicts_with_all = ["runtime_git", "runtime_version"])]
    runtime_path: Option<PathBuf>,
    /// Depend on client-runtime from this git repository (with --runtime-rev).
    #[arg(long, value_name = "URL", requires_all = ["out", "runtime_rev"], conflicts_with = "runtime_version")]
    runtime_git: Option<String>,
    /// The commit, tag or branch of --runtime-git to build.
    #[arg(long, value_name = "REV", requires = "runtime_git")]
    runtime_rev: Option<String>,
    /// Depend on crates.io's client-runtime with this version requirement.
    #[arg(long, value_name = "VERSION", requires = "out")]
    runtime_version: Option<String>,
}

#[derive(Debug, Args)]
struct CorpusArgs {
    /// Also `cargo check` each crate with warnings denied, with the workspace's locked versions.
    #[arg(long)]
    check: bool,
    /// Also build each crate's docs with rustdoc's warnings denied.
    #[arg(long)]
    doc: bool,
    /// Only these documents (ids, comma-separated).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    only: Vec<String>,
    /// Not these documents (ids, comma-separated).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    skip: Vec<String>,
    /// The corpus folder [default: ../shared/corpus beside the repository].
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct LearnArgs {
    /// Apply the proposals to the schema files.
    #[arg(long)]
    write: bool,
    /// The schema folder (or file) to propose changes to [default: schema/].
    #[arg(long, value_name = "DIR")]
    schema: Option<PathBuf>,
    /// Read the inputs as plain JSON bodies of this schema (type) name.
    #[arg(long = "as", value_name = "SCHEMA-NAME")]
    as_schema: Option<String>,
    /// Recorded folders, or with --as, JSON files or folders.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct LatestArgs {
    /// Only these corpus documents (ids, comma-separated); all by default.
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    only: Vec<String>,
    /// Not these corpus documents (ids, comma-separated).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    skip: Vec<String>,
}

impl Xtask {
    /// Parses the process's arguments and runs the command. Help and version go to stdout with
    /// status 0; a command line that does not parse is an error with status 2.
    #[must_use]
    pub fn main() -> ExitCode {
        match Self::try_parse() {
            Ok(cli) => match cli.command {
                XtaskCommand::Generator(command) => command.run(),
                XtaskCommand::Latest(args) => run_latest(&args),
            },
            Err(error) => exit_for(&error),
        }
    }
}

impl Installed {
    /// As [`Xtask::main`], for the installed command.
    #[must_use]
    pub fn main() -> ExitCode {
        match Self::try_parse() {
            Ok(cli) => cli.command.run(),
            Err(error) => exit_for(&error),
        }
    }
}

/// Prints clap's message (help, version or error) where it belongs, and the status to exit with.
fn exit_for(error: &clap::Error) -> ExitCode {
    // Printing fails only when stdout or stderr is closed; the status still tells.
    let _ = error.print();
    if error.use_stderr() { ExitCode::from(USAGE_ERROR) } else { ExitCode::SUCCESS }
}

impl GeneratorCommand {
    fn run(self) -> ExitCode {
        let outcome = match self {
            GeneratorCommand::Regenerate(args) => args.job().map(|job| run_regenerate(&job)),
            GeneratorCommand::Corpus(args) => args.corpus().map(|corpus| run_corpus(&corpus)),
            GeneratorCommand::Learn(args) => Ok(run_learn(&args.job())),
        };
        outcome.unwrap_or_else(|message| {
            eprintln!("error: {message}");
            ExitCode::from(USAGE_ERROR)
        })
    }
}

impl RegenerateArgs {
    fn job(self) -> Result<Regenerate, String> {
        let Some((schema, dir)) = self.schema.zip(self.out) else { return Ok(default_job(self.check)) };
        let name = self.name.unwrap_or_else(|| crate_name(&dir));
        let runtime = match self.runtime {
            RuntimeArgs { runtime_path: Some(path), .. } => Runtime::Path(path),
            RuntimeArgs { runtime_git: Some(url), runtime_rev: Some(rev), .. } => Runtime::Git { url, rev },
            RuntimeArgs { runtime_version: Some(version), .. } => Runtime::Version(version),
            _ => Runtime::Auto,
        };
        Ok(Regenerate { schema, root: self.root, out: Target::Crate { dir, name, runtime }, check: self.check })
    }
}

impl CorpusArgs {
    fn corpus(self) -> Result<Corpus, String> {
        corpus::selected(&self.only, &self.skip)?;
        let mut corpus = Corpus::new(self.only, self.skip, self.check);
        corpus.doc = self.doc;
        if let Some(dir) = self.dir {
            corpus.dir = dir;
        }
        Ok(corpus)
    }
}

impl LearnArgs {
    fn job(self) -> Learn {
        Learn {
            schema: self.schema.unwrap_or_else(|| workspace_root().join("schema")),
            inputs: self.inputs,
            as_schema: self.as_schema,
            write: self.write,
        }
    }
}

fn run_regenerate(job: &Regenerate) -> ExitCode {
    match regenerate(job) {
        Ok(report) => {
            eprint!("{}", report.warnings);
            if job.check || report.changed.is_empty() && report.removed.is_empty() {
                eprintln!("generated code is {}", if job.check { "up to date" } else { "unchanged" });
            } else {
                for path in &report.changed {
                    eprintln!("wrote {path}");
                }
                for path in &report.removed {
                    eprintln!("removed {path}");
                }
            }
            for note in &report.notes {
                eprintln!("note: {note}");
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run_corpus(corpus: &Corpus) -> ExitCode {
    if !corpus.dir.is_dir() {
        eprintln!("no corpus at {}: nothing to run (the corpus is not part of the project)", corpus.dir.display());
        return ExitCode::SUCCESS;
    }
    let documents = match corpus::selected(&corpus.only, &corpus.skip) {
        Ok(documents) => documents,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(USAGE_ERROR);
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
                    crate::learn::IGNORE_FILE
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

fn run_latest(args: &LatestArgs) -> ExitCode {
    match latest::run(&latest::Latest { only: args.only.clone(), skip: args.skip.clone() }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
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
