// Each `oneOf` variant holds the value in its shape.
#[derive(Clone, Debug, PartialEq, client_runtime::Lenient)]
pub enum IdOrName {
    Id(u64),
    Nothing,
    #[lenient(other)]
    Other(client_runtime::serde_json::Value),
}

fn main() {}
