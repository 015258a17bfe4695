//! The examples' command lines as a user meets them, through `cargo run`: `--help`, `--version`,
//! a misspelt flag, a wrong value, a missing flag, and a failure at run time, with their exit codes.

use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Every example, by the name `cargo run --example` takes.
const EXAMPLES: [&str; 4] = ["login", "tour", "fake-server", "monitors"];

/// The environment variables the examples read: unset, so that a developer's own do not change
/// what a test sees; a test sets one where it means to.
const EXAMPLE_ENV: [&str; 4] = ["PSA_CLIENT_ID", "PSA_CLIENT_SECRET", "FAKE_SERVER_URL", "FAKE_SERVER_PORT"];

/// Enough for cargo to build the examples when nothing did yet, or to wait for another build's
/// lock. Only an example that runs instead of stopping at its arguments should reach it:
/// `fake-server` serves until Ctrl-C.
const PATIENCE: Duration = Duration::from_secs(900);

/// `cargo run` of one example with `args`, as a user types it. The features are those
/// `cargo test --workspace` builds the examples with, so that nothing is built again.
fn example(name: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(["run", "--quiet", "--locked", "-p", "generated-client", "--features", "geo,webhook", "--example", name])
        .arg("--")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // `login` reads a pasted address from stdin when it runs; it must never wait for one.
        .stdin(Stdio::null());
    for variable in EXAMPLE_ENV {
        command.env_remove(variable);
    }
    command
}

/// What a run ended with.
struct Ran {
    /// What was run, for the failure messages.
    what: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl std::fmt::Display for Ran {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} exited with {:?}\n--- stdout\n{}\n--- stderr\n{}", self.what, self.code, self.stdout, self.stderr)
    }
}

/// Runs `command` to its end, or kills it after [`PATIENCE`]: a hang is a failure, not a stuck
/// test run. (`cargo run` execs the example on Unix, so the kill reaches the example itself.)
fn run(mut command: Command) -> Ran {
    let what = format!("{:?}", command.get_args().skip_while(|arg| *arg != "--example").collect::<Vec<_>>());
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start cargo for {what}: {error}"));
    // Both pipes drain on their own threads, so that a full pipe never stalls the child.
    let stdout = drain(child.stdout.take().expect("piped"));
    let stderr = drain(child.stderr.take().expect("piped"));
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(50));
    };
    let ran = Ran {
        what,
        code: status.and_then(|status| status.code()),
        stdout: stdout.join().expect("the reader does not panic"),
        stderr: stderr.join().expect("the reader does not panic"),
    };
    assert!(status.is_some(), "still running after {PATIENCE:?}, killed: {ran}");
    ran
}

/// A store path in a fresh directory, for the runs that must stop before using it: should one
/// run after all, it writes nothing into the repository.
fn store() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("tokens.json").to_str().expect("a UTF-8 path").to_owned();
    (dir, path)
}

fn drain(mut pipe: impl Read + Send + 'static) -> JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// A usage error: clap's status 2, its message on stderr, nothing on stdout (the example did not
/// start).
fn assert_usage_error(ran: &Ran, expected: &[&str]) {
    assert_eq!(ran.code, Some(2), "{ran}");
    assert!(ran.stdout.is_empty(), "{ran}");
    for text in expected {
        assert!(ran.stderr.contains(text), "{text:?} is not on stderr: {ran}");
    }
    assert!(ran.stderr.contains("For more information, try '--help'."), "{ran}");
}

#[test]
fn help_prints_the_usage_and_runs_nothing() {
    // What each help must name (its flags and environment variables), and what the example
    // prints once it runs, which must not appear.
    let cases: [(&str, &[&str], &str); 4] = [
        (
            "login",
            &[
                "--store <FILE>",
                "--country <CODE>",
                "--loopback",
                "--port <PORT>",
                "--logout",
                "--demo",
                "--brand <BRAND>",
                "[possible values: peugeot, citroen, ds, opel, vauxhall]",
                "--client-id <ID>",
                "PSA_CLIENT_ID",
                "--client-secret <SECRET>",
                "PSA_CLIENT_SECRET",
                "--identity-host <URL>",
                "--client-auth-in-body",
                "--cert <PEM>",
                "--key <PEM>",
                "--ca <PEM>",
            ],
            "Open this address",
        ),
        (
            "tour",
            &[
                "--store <FILE>",
                "--base-url <URL>",
                "FAKE_SERVER_URL",
                "--brand <BRAND>",
                "PSA_CLIENT_SECRET",
                "--cert",
            ],
            "Connected-car API at",
        ),
        ("fake-server", &["[PORT]", "FAKE_SERVER_PORT"], "listening at"),
        ("monitors", &["FAKE_SERVER_URL"], "Fake connected-car API at"),
    ];
    for (name, mentions, running) in cases {
        let ran = run(example(name, &["--help"]));
        assert_eq!(ran.code, Some(0), "{ran}");
        assert!(ran.stdout.contains(&format!("Usage: {name}")), "{ran}");
        for mention in mentions.iter().chain(&["--help", "--version"]) {
            assert!(ran.stdout.contains(mention), "{mention:?} is not in the help: {ran}");
        }
        assert!(!ran.stdout.contains(running) && !ran.stderr.contains(running), "the example ran: {ran}");
    }
}

#[test]
fn version_prints_the_name_and_version() {
    for name in EXAMPLES {
        let ran = run(example(name, &["--version"]));
        assert_eq!(ran.code, Some(0), "{ran}");
        assert_eq!(ran.stdout, format!("{name} {}\n", env!("CARGO_PKG_VERSION")), "{ran}");
    }
}

#[test]
fn a_misspelt_flag_is_refused_with_a_tip() {
    let (_dir, store) = store();
    let store = store.as_str();
    let cases: [(&str, &[&str], &str); 4] = [
        ("login", &["--brnad", "opel", "--store", store, "--country", "fr"], "--brand"),
        ("tour", &["--stroe", store], "--store"),
        ("fake-server", &["--hlep"], "--help"),
        ("monitors", &["--verison"], "--version"),
    ];
    for (name, args, right) in cases {
        let ran = run(example(name, args));
        let unexpected = format!("error: unexpected argument '{}' found", args[0]);
        assert_usage_error(&ran, &[&unexpected, &format!("tip: a similar argument exists: '{right}'")]);
    }
}

#[test]
fn a_wrong_value_is_refused_with_what_is_allowed() {
    let (_dir, store) = store();
    let store = store.as_str();
    let possible = "[possible values: peugeot, citroen, ds, opel, vauxhall]";
    let brand = "invalid value 'fiat' for '--brand <BRAND>'";
    let cases: [(&str, &[&str], &[&str]); 4] = [
        ("login", &["--brand", "fiat", "--store", store, "--country", "fr"], &[brand, possible]),
        ("tour", &["--store", store, "--brand", "fiat"], &[brand, possible]),
        ("login", &["--demo", "--store", store, "--loopback", "--port", "http"], &["invalid value 'http'"]),
        ("fake-server", &["8o8o"], &["invalid value '8o8o' for '[PORT]'"]),
    ];
    for (name, args, expected) in cases {
        assert_usage_error(&run(example(name, args)), expected);
    }
    // The variable stands for the argument, and is refused the same way.
    let mut command = example("fake-server", &[]);
    command.env("FAKE_SERVER_PORT", "8o8o");
    assert_usage_error(&run(command), &["invalid value '8o8o' for FAKE_SERVER_PORT"]);
}

#[test]
fn a_missing_flag_is_a_usage_error() {
    let (_dir, store) = store();
    let store = store.as_str();
    let cases: [(&str, &[&str], &[&str]); 4] = [
        // Even the demo keeps its session somewhere.
        ("login", &["--demo"], &["the following required arguments were not provided", "--store <FILE>"]),
        // A new login has no stored session to take the brand from.
        ("login", &["--store", store], &["--brand <BRAND>", "--country <CODE>"]),
        ("login", &["--demo", "--store", store, "--cert", "app.pem"], &["--key <PEM>"]),
        // The app flags describe a stored session's app.
        ("tour", &["--brand", "opel"], &["--store <FILE>"]),
    ];
    for (name, args, expected) in cases {
        assert_usage_error(&run(example(name, args)), expected);
    }
}

#[test]
fn a_failure_at_run_time_exits_1() {
    // A store with no session in it.
    let (_dir, missing) = store();
    let missing = missing.as_str();
    // A port that is taken for as long as the test holds it.
    let taken = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = taken.local_addr().expect("bound").port().to_string();
    let cases: [(&str, &[&str], Option<&str>, &str); 4] = [
        ("login", &["--logout", "--store", missing], None, "login: there is no session to log out of"),
        ("tour", &[], Some("not-a-url"), "tour: invalid request: the base URL \"not-a-url\" does not parse"),
        ("fake-server", &[&port], None, "cannot listen on 127.0.0.1:"),
        ("monitors", &[], Some("not-a-url"), "monitors: invalid request: the base URL \"not-a-url\" does not parse"),
    ];
    for (name, args, fake_server_url, expected) in cases {
        let mut command = example(name, args);
        if let Some(url) = fake_server_url {
            command.env("FAKE_SERVER_URL", url);
        }
        let ran = run(command);
        assert_eq!(ran.code, Some(1), "{ran}");
        assert!(ran.stderr.contains(expected), "{expected:?} is not on stderr: {ran}");
    }
    drop(taken);
}
