// One place keeps what did not fit.
#[derive(Default, client_runtime::Lenient)]
pub struct Vehicle {
    pub vin: Option<String>,
    #[lenient(extra)]
    pub extra: client_runtime::Extra,
    #[lenient(extra)]
    pub more: client_runtime::Extra,
}

fn main() {}
