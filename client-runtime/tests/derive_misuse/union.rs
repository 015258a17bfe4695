// Unions have no lenient form.
#[derive(client_runtime::Lenient)]
pub union Bits {
    a: u32,
    b: f32,
}

fn main() {}
