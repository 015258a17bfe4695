// Enum values have no aliases: an ignored attribute would look as if it worked.
#[derive(Clone, Debug, PartialEq, client_runtime::Lenient)]
pub enum Energy {
    #[lenient(rename = "Electric", alias = "electric")]
    Electric,
    #[lenient(unknown)]
    Unknown(client_runtime::UnknownValue),
}

fn main() {}
