// An open enum's listed values are plain words; data belongs in a `oneOf`.
#[derive(Clone, Debug, PartialEq, client_runtime::Lenient)]
pub enum Energy {
    Electric(u32),
    #[lenient(unknown)]
    Unknown(client_runtime::UnknownValue),
}

fn main() {}
