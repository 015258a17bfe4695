// A struct must say where unknown keys, misfits and nulls go.
#[derive(Default, client_runtime::Lenient)]
pub struct Vehicle {
    pub vin: Option<String>,
}

fn main() {}
