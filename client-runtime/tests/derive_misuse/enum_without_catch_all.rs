// An open enum ends with the variant that keeps unlisted values: without it, drift would fail.
#[derive(Clone, Debug, PartialEq, client_runtime::Lenient)]
pub enum Energy {
    #[lenient(rename = "Electric")]
    Electric,
    #[lenient(rename = "Fuel")]
    Fuel,
}

fn main() {}
