// `extra` keeps every key the struct does not know: it has no wire name of its own.
#[derive(Default, client_runtime::Lenient)]
pub struct Vehicle {
    pub vin: Option<String>,
    #[lenient(extra, rename = "extra")]
    pub extra: client_runtime::Extra,
}

fn main() {}
