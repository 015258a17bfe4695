// The catch-all is the last variant; marked anywhere else it would be taken for a listed value.
#[derive(Clone, Debug, PartialEq, client_runtime::Lenient)]
pub enum Energy {
    #[lenient(unknown)]
    Electric,
    #[lenient(unknown)]
    Unknown(client_runtime::UnknownValue),
}

fn main() {}
