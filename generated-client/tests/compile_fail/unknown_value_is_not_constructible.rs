// The catch-all only ever holds unlisted text: it cannot be built by hand around a listed value,
// which would make two unequal values for the same wire string. `Motorization::from` is the way.
use client_runtime::UnknownValue;
use generated_client::Motorization;

fn main() {
    let _ = Motorization::Unknown(UnknownValue(String::from("Electric")));
}
