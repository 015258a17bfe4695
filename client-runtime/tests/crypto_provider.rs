//! The rustls crypto provider a client gets, by the runtime's features: aws-lc-rs with the
//! post-quantum hybrid first (the default), ring when only `ring` is on, and with neither a typed
//! error from `build()` instead of reqwest's panic. CI runs this file under each combination.

#![cfg(feature = "http")]

use client_runtime::http::{Brand, Client, Error};

fn build() -> Result<Client, Error> {
    Client::builder().client_id("client").brand(Brand::Peugeot).access_token("token").build()
}

/// The names of the key exchange groups the process's provider offers, in order of preference.
#[cfg(any(feature = "aws-lc-rs", feature = "ring"))]
fn key_exchange() -> Vec<String> {
    let provider = rustls::crypto::CryptoProvider::get_default().expect("a provider is installed");
    provider.kx_groups.iter().map(|group| format!("{:?}", group.name())).collect()
}

#[cfg(feature = "aws-lc-rs")]
#[test]
fn aws_lc_rs_is_installed_and_prefers_the_post_quantum_hybrid() {
    build().expect("a client");
    assert_eq!(key_exchange().first().map(String::as_str), Some("X25519MLKEM768"), "{:?}", key_exchange());
}

#[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
#[test]
fn ring_is_installed_when_it_is_the_only_provider() {
    build().expect("a client");
    let groups = key_exchange();
    assert!(groups.iter().any(|group| group == "X25519"), "{groups:?}");
    assert!(!groups.iter().any(|group| group.contains("MLKEM")), "ring has no post-quantum group: {groups:?}");
}

#[cfg(not(any(feature = "aws-lc-rs", feature = "ring")))]
#[test]
fn without_a_provider_build_says_how_to_get_one() {
    match build() {
        Err(Error::Transport { message }) => {
            assert!(
                message.contains("no rustls crypto provider") && message.contains("`aws-lc-rs` or `ring`"),
                "{message}"
            );
        }
        other => panic!("{:?}", other.map(|_| "a client")),
    }
}
