//! `cargo xtask corpus` on a few documents of the public corpus (read from `../shared/corpus`,
//! never copied): a clean document generates, the one broken upstream is diagnosed, and the
//! table says so. Passes, saying so, where the corpus is absent.

use std::path::PathBuf;

use xtask::corpus::{self, Corpus, Outcome};

fn corpus(only: &[&str]) -> Option<Corpus> {
    let mut corpus = Corpus::new(only.iter().map(|id| (*id).to_owned()).collect(), Vec::new(), false);
    if !corpus.dir.is_dir() {
        eprintln!("skipped: ../shared/corpus is absent (a user's clone); the corpus is not part of the project");
        return None;
    }
    corpus.out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    Some(corpus)
}

#[test]
fn a_clean_document_generates_and_the_broken_one_is_diagnosed() {
    let Some(corpus) = corpus(&["oai-v2-petstore-separate", "ogc-edr-oas31"]) else { return };
    let documents = corpus::selected(&corpus.only, &corpus.skip).expect("known ids");
    let rows: Vec<_> = documents.into_iter().map(|document| corpus::run_one(&corpus, document)).collect();
    assert!(matches!(rows[0].outcome, Outcome::Generated { lines, .. } if lines > 100), "{:?}", rows[0].outcome);
    let Outcome::Diagnosed { errors, rendered } = &rows[1].outcome else { panic!("{:?}", rows[1].outcome) };
    assert!(*errors >= 30 && rendered.contains("dangling `$ref: #/definitions/"), "{rendered}");
    assert!(rows.iter().all(corpus::Row::as_expected));
    let table: Vec<String> = rows.iter().map(corpus::table_line).collect();
    assert!(table[0].starts_with("| oai-v2-petstore-separate | generated (0 warnings) |"), "{}", table[0]);
    assert!(table[1].starts_with("| ogc-edr-oas31 | diagnosed ("), "{}", table[1]);
}

#[test]
fn unknown_ids_are_refused_with_the_list() {
    let message = corpus::selected(&["nope".to_owned()], &[]).expect_err("unknown id");
    assert!(message.contains("no corpus document `nope`") && message.contains("stripe"), "{message}");
    let all = corpus::selected(&[], &["stripe".to_owned(), "openai".to_owned()]).expect("skip");
    assert_eq!(all.len(), corpus::DOCUMENTS.len() - 2);
}

#[test]
fn a_version_the_workspace_lock_does_not_pin_is_reported_as_resolved_afresh() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let lock = |name: &str, rustls: &str| {
        let text = format!(
            "version = 4\n\n[[package]]\nname = \"client-runtime\"\nversion = \"0.1.0\"\n\n\
             [[package]]\nname = \"rustls\"\nversion = \"{rustls}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n\
             [[package]]\nname = \"client-runtime\"\nversion = \"0.1.0\"\nsource = \"git+file:///r?rev=abc#abc\"\n"
        );
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write a lock");
        path
    };
    let pinned = lock("workspace.lock", "0.23.46");
    assert_eq!(xtask::lock::unpinned(&lock("same.lock", "0.23.46"), &pinned), Ok(Vec::new()));
    assert_eq!(xtask::lock::unpinned(&lock("newer.lock", "0.23.48"), &pinned), Ok(vec!["rustls@0.23.48".to_owned()]));
    let message = xtask::lock::unpinned(&dir.path().join("absent.lock"), &pinned).expect_err("no such file");
    assert!(message.contains("cannot read"), "{message}");
}
