// A misspelt attribute is an error at the word, not silently a field under its Rust name.
#[derive(Default, client_runtime::Lenient)]
pub struct Vehicle {
    #[lenient(renamed = "VIN")]
    pub vin: Option<String>,
    #[lenient(extra)]
    pub extra: client_runtime::Extra,
}

fn main() {}
