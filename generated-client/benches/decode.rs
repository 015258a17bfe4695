//! Decode throughput of the sample bodies, three ways: into the generated lenient types, into a
//! plain `#[derive(Deserialize)]` mirror with the same `Option` fields (see `plain/mod.rs`), and
//! into `serde_json::Value`.
//!
//! Run with `cargo bench -p generated-client --bench decode`. Each sample is a group with three
//! benches (`generated`, `plain`, `value`); throughput is reported in bytes of JSON read.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};

#[path = "plain/mod.rs"]
mod plain;

fn main() {
    check_samples_decode();
    divan::main();
}

/// Decodes every sample once each way, so that a sample a decoder rejects fails loudly before any timing.
fn check_samples_decode() {
    for (name, bytes, decode) in SAMPLES {
        decode(bytes).unwrap_or_else(|error| panic!("{name}: {error}"));
    }
}

type Check = fn(&[u8]) -> serde_json::Result<()>;

/// A sample's bytes at a fixed alignment, as a body read into a fresh allocation would be. UTF-8
/// validation and copies run faster on aligned words, so without it the counts of a decode move
/// with wherever the linker happened to put the bytes, by a percent and more.
#[repr(C, align(64))]
struct Aligned<B: ?Sized>(B);

/// Defines a group of benches for one sample: `generated`, `plain` and `value`.
macro_rules! sample {
    ($group:ident, $file:literal, $generated:ty, $plain:ty) => {
        mod $group {
            use super::*;

            const ALIGNED: &Aligned<[u8]> =
                &Aligned(*include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/samples/", $file)));
            pub(super) const BYTES: &[u8] = &ALIGNED.0;

            pub(super) fn check(bytes: &[u8]) -> serde_json::Result<()> {
                client_runtime::from_json_slice::<$generated>(bytes)?;
                serde_json::from_slice::<$plain>(bytes)?;
                serde_json::from_slice::<serde_json::Value>(bytes)?;
                Ok(())
            }

            #[divan::bench]
            fn generated(bencher: Bencher) {
                bencher
                    .counter(BytesCount::of_slice(BYTES))
                    .bench(|| client_runtime::from_json_slice::<$generated>(black_box(BYTES)).unwrap());
            }

            #[divan::bench]
            fn plain(bencher: Bencher) {
                bencher
                    .counter(BytesCount::of_slice(BYTES))
                    .bench(|| serde_json::from_slice::<$plain>(black_box(BYTES)).unwrap());
            }

            #[divan::bench]
            fn value(bencher: Bencher) {
                bencher
                    .counter(BytesCount::of_slice(BYTES))
                    .bench(|| serde_json::from_slice::<serde_json::Value>(black_box(BYTES)).unwrap());
            }
        }
    };
}

sample!(status_2020, "status-2020.json", generated_client::Status, plain::Status);
sample!(status_2023, "status-2023.json", generated_client::Status, plain::Status);
sample!(status_2024, "status-2024.json", generated_client::Status, plain::Status);
sample!(vehicle, "vehicle.json", generated_client::Vehicle, plain::Vehicle);
sample!(vehicles, "vehicles.json", generated_client::Vehicles, plain::Vehicles);
sample!(last_position, "last-position.json", generated_client::Position, plain::Position);
sample!(last_position_2d, "last-position-2d.json", generated_client::Position, plain::Position);

const SAMPLES: [(&str, &[u8], Check); 7] = [
    ("status-2020.json", status_2020::BYTES, status_2020::check),
    ("status-2023.json", status_2023::BYTES, status_2023::check),
    ("status-2024.json", status_2024::BYTES, status_2024::check),
    ("vehicle.json", vehicle::BYTES, vehicle::check),
    ("vehicles.json", vehicles::BYTES, vehicles::check),
    ("last-position.json", last_position::BYTES, last_position::check),
    ("last-position-2d.json", last_position_2d::BYTES, last_position_2d::check),
];
