//! [`ByStatus`]: an answer whose body type depends on its success status (200 one type, 201
//! another), decoded by the enum the generator makes for such an operation.

/// A success body chosen by status. Generated for each operation whose successes have different
/// bodies; [`Client::send_by_status`](super::Client::send_by_status) calls it.
pub trait ByStatus: Sized {
    /// Decodes the body of a success with this status.
    ///
    /// # Errors
    /// When a body the schema declares is not JSON at all (a lenient type takes any JSON).
    fn from_status(status: u16, body: &[u8]) -> serde_json::Result<Self>;
}

/// The body of a success the schema does not describe: its JSON, `Null` when empty, the text as
/// a JSON string when it is not JSON. It never fails, so an unlisted status never fails a call.
#[must_use]
pub fn unlisted_body(body: &[u8]) -> serde_json::Value {
    if body.iter().all(u8::is_ascii_whitespace) {
        return serde_json::Value::Null;
    }
    serde_json::from_slice(body)
        .unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(body).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::unlisted_body;
    use serde_json::json;

    #[test]
    fn unlisted_bodies_never_fail() {
        assert_eq!(unlisted_body(b" \n"), json!(null));
        assert_eq!(unlisted_body(br#"{"a": 1}"#), json!({"a": 1}));
        assert_eq!(unlisted_body(b"accepted"), json!("accepted"));
        assert_eq!(unlisted_body(b"\xff"), json!("\u{fffd}"));
    }
}
