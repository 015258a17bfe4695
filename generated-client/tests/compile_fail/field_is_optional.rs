// Every field is optional, whatever the schema's `required` says: a bare value does not fit.
fn main() {
    let mut vehicle = generated_client::Vehicle::default();
    vehicle.vin = String::from("VR3UHZKXZMT000001");
}
