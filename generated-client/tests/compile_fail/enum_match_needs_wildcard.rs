// Enums are open and `#[non_exhaustive]`: a new value in a later schema must not break callers,
// so a match outside the crate needs a wildcard arm.
use generated_client::Motorization;

fn label(motorization: &Motorization) -> &'static str {
    match motorization {
        Motorization::Electric => "electric",
        Motorization::Hybrid => "hybrid",
        Motorization::Thermic => "thermic",
        Motorization::Hydrogen => "hydrogen",
        Motorization::Unknown(_) => "unknown",
    }
}

fn main() {
    let _ = label(&Motorization::Electric);
}
