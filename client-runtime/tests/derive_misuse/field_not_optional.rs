// Every field is an `Option`: a field the wire may leave out cannot be a bare value.
#[derive(Default, client_runtime::Lenient)]
pub struct Vehicle {
    pub vin: String,
    #[lenient(extra)]
    pub extra: client_runtime::Extra,
}

fn main() {}
