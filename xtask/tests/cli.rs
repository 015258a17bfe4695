//! The command lines of `cargo xtask` and the installable `psa-client-gen`, run as users run them:
//! help and version on stdout with status 0, a misspelt flag or command refused with a suggestion
//! and status 2, a failing job with status 1.

use std::path::Path;
use std::process::{Command, Output};

use xtask::workspace_root;

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");
const INSTALLED: &str = env!("CARGO_BIN_EXE_psa-client-gen");

fn run(binary: &str, args: &[&str]) -> Output {
    Command::new(binary).args(args).current_dir(workspace_root()).output().expect("run the command")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_lists_the_commands_on_stdout_and_succeeds() {
    for (binary, commands) in
        [(XTASK, &["regenerate", "corpus", "learn", "latest"][..]), (INSTALLED, &["regenerate", "corpus", "learn"][..])]
    {
        for flag in ["--help", "-h", "help"] {
            let output = run(binary, &[flag]);
            assert_eq!(output.status.code(), Some(0), "{binary} {flag}: {}", stderr(&output));
            let help = stdout(&output);
            assert!(help.contains("Usage:"), "{help}");
            for command in commands {
                assert!(help.contains(&format!("  {command} ")), "{binary} {flag} lists {command}:\n{help}");
            }
        }
    }
    // `latest` needs this repository; the installed command does not offer it.
    assert!(!stdout(&run(INSTALLED, &["--help"])).contains("latest"));
}

#[test]
fn every_command_has_help_and_none_runs_for_it() {
    for (binary, command) in [
        (XTASK, "regenerate"),
        (XTASK, "corpus"),
        (XTASK, "learn"),
        (XTASK, "latest"),
        (INSTALLED, "regenerate"),
        (INSTALLED, "corpus"),
        (INSTALLED, "learn"),
    ] {
        let output = run(binary, &[command, "--help"]);
        assert_eq!(output.status.code(), Some(0), "{binary} {command} --help: {}", stderr(&output));
        let help = stdout(&output);
        assert!(help.contains("Usage:") && help.contains(command), "{help}");
        assert!(stderr(&output).is_empty(), "{command} --help ran something: {}", stderr(&output));
    }
    let help = stdout(&run(XTASK, &["regenerate", "--help"]));
    for flag in
        ["--check", "--schema", "--out", "--runtime-path", "--runtime-git", "--runtime-rev", "--runtime-version"]
    {
        assert!(help.contains(flag), "{flag}:\n{help}");
    }
}

#[test]
fn version_names_the_command_and_the_workspace_version() {
    for (binary, name) in [(XTASK, "cargo xtask"), (INSTALLED, "psa-client-gen")] {
        let output = run(binary, &["--version"]);
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(stdout(&output).trim(), format!("{name} {}", xtask::RUNTIME_VERSION));
    }
}

#[test]
fn a_misspelt_flag_or_command_is_refused_with_a_suggestion() {
    for binary in [XTASK, INSTALLED] {
        for (args, wrong, tip) in [
            (&["regenerate", "--chek"][..], "unexpected argument '--chek'", "a similar argument exists: '--check'"),
            (&["regenerat"][..], "unrecognized subcommand 'regenerat'", "a similar subcommand exists: 'regenerate'"),
            (
                &["corpus", "--onyl", "stripe"][..],
                "unexpected argument '--onyl'",
                "a similar argument exists: '--only'",
            ),
            (&["learn", "--wirte", "x"][..], "unexpected argument '--wirte'", "a similar argument exists: '--write'"),
        ] {
            let output = run(binary, args);
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            let message = stderr(&output);
            assert!(message.contains(wrong) && message.contains(tip), "{args:?}:\n{message}");
            assert!(stdout(&output).is_empty(), "{args:?} printed to stdout: {}", stdout(&output));
        }
    }
}

#[test]
fn an_incomplete_command_line_is_refused_with_status_2() {
    for args in [
        &[][..],
        &["learn"][..],
        &["regenerate", "--schema", "schema"][..],
        &["regenerate", "--root", "schema"][..],
        &["regenerate", "--schema", "schema", "--out", "x", "--runtime-git", "file:///r"][..],
        &["regenerate", "--schema", "schema", "--out", "x", "--runtime-path", ".", "--runtime-version", "1"][..],
        &["regenerate", "--runtime-version", "1"][..],
        &["corpus", "--only", "no-such-document"][..],
    ] {
        let output = run(XTASK, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("error") || stderr(&output).contains("Usage:"), "{args:?}");
    }
}

#[test]
fn a_failing_job_exits_with_status_1_and_says_why() {
    let output = run(INSTALLED, &["regenerate", "--schema", "no/such/schema.yaml", "--out", "target/never-written"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("cannot read no/such/schema.yaml"), "{}", stderr(&output));
    assert!(!workspace_root().join("target/never-written").exists());
}

#[test]
fn the_installed_command_generates_a_crate_that_names_its_runtime_by_version_outside_the_tree() {
    let outside = tempfile::tempdir().expect("a folder outside the repository");
    let dir = outside.path().join("overview-client");
    let schema = workspace_root().join("codegen/tests/fixtures/overview");
    let output =
        run(INSTALLED, &["regenerate", "--schema", &schema.to_string_lossy(), "--out", &dir.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("note: the crate is outside the generator's repository"), "{}", stderr(&output));
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains(&format!("client-runtime = {{ version = \"{}\"", xtask::RUNTIME_VERSION)), "{manifest}");
    assert!(Path::new(&dir).join("src/lib.rs").is_file());
}
