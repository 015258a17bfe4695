//! [`Request`]: what a generated method asks for, built without string concatenation of user values.

use std::fmt::Display;

use percent_encoding::utf8_percent_encode;
use reqwest::{Method, Url};
use serde::Serialize;

use super::Error;
use super::hal::UNRESERVED;
use super::param::{self, Style};

/// One call, as a generated method describes it: method, path template with its values, query,
/// headers, body and the media types it accepts. The client adds the base URL, credentials and
/// `client_id` when it sends it.
#[derive(Clone, Debug)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) target: Target,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<Result<Vec<u8>, String>>,
    pub(crate) accept: &'static str,
    pub(crate) operation: Option<&'static str>,
}

#[derive(Clone, Debug)]
pub(crate) enum Target {
    /// A path template relative to the base URL, with its parameters (not yet encoded).
    Template { template: &'static str, values: Vec<(&'static str, String)> },
    /// An absolute URL, from a HAL link.
    Url(Url),
}

impl Request {
    /// A request for a path template such as `/user/vehicles/{id}/status`.
    #[must_use]
    pub fn new(method: Method, template: &'static str) -> Self {
        Request {
            method,
            target: Target::Template { template, values: Vec::new() },
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            accept: "application/json",
            operation: None,
        }
    }

    /// A GET of an absolute URL (a HAL link, a next page).
    #[must_use]
    pub fn get_url(url: Url) -> Self {
        Request { target: Target::Url(url), ..Request::new(Method::GET, "") }
    }

    /// The value of a `{name}` in the path. It is percent-encoded as one segment, so `/`, `?`,
    /// `#` and `%` in it cannot change the path; `.`, `..` and the empty string are refused when
    /// the request is sent, since no encoding keeps them from meaning something else.
    #[must_use]
    pub fn path(mut self, name: &'static str, value: impl Display) -> Self {
        if let Target::Template { values, .. } = &mut self.target {
            values.push((name, value.to_string()));
        }
        self
    }

    /// A query parameter.
    #[must_use]
    pub fn query(mut self, name: &str, value: impl Display) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// A query parameter the caller may not have set: sent only when set.
    #[must_use]
    pub fn query_opt(self, name: &str, value: Option<impl Display>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// An array query parameter in `form` style with `explode`: the key repeats for each value
    /// (`extension=odometer&extension=kinetic`). Nothing is sent for `None`.
    #[must_use]
    pub fn query_each<I>(mut self, name: &str, values: Option<I>) -> Self
    where
        I: IntoIterator,
        I::Item: Display,
    {
        for value in values.into_iter().flatten() {
            self = self.query(name, value);
        }
        self
    }

    /// An array query parameter without `explode`: one key, values joined by commas.
    #[must_use]
    pub fn query_joined<I>(self, name: &str, values: Option<I>) -> Self
    where
        I: IntoIterator,
        I::Item: Display,
    {
        match values {
            Some(values) => {
                let joined = values.into_iter().map(|v| v.to_string()).collect::<Vec<_>>().join(",");
                self.query(name, joined)
            }
            None => self,
        }
    }

    /// A path value of any schema (a `oneOf`, an object, an array), laid out in `simple` style.
    /// It is then encoded as one segment, like [`Self::path`]'s.
    #[must_use]
    pub fn path_value<V: Serialize + ?Sized>(mut self, name: &'static str, value: &V, explode: bool) -> Self {
        if let Target::Template { values, .. } = &mut self.target {
            values.push((name, param::simple(value, explode).unwrap_or_default()));
        }
        self
    }

    /// A query parameter of any schema, laid out as its `style` and `explode` say. Nothing is
    /// sent for `None` or `null`.
    #[must_use]
    pub fn query_value<V: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: Option<&V>,
        style: Style,
        explode: bool,
    ) -> Self {
        if let Some(value) = value {
            self.query.extend(param::query_pairs(name, value, style, explode));
        }
        self
    }

    /// A header of any schema, laid out in `simple` style. Nothing is sent for `None` or `null`.
    #[must_use]
    pub fn header_value<V: Serialize + ?Sized>(mut self, name: &'static str, value: Option<&V>, explode: bool) -> Self {
        if let Some(text) = value.and_then(|value| param::simple(value, explode)) {
            self.headers.push((name, text));
        }
        self
    }

    /// A request header (only operation parameters; credentials are the client's).
    #[must_use]
    pub fn header(mut self, name: &'static str, value: impl Display) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    /// A header the caller may not have set: sent only when set.
    #[must_use]
    pub fn header_opt(self, name: &'static str, value: Option<impl Display>) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// A JSON body.
    #[must_use]
    pub fn json_body(mut self, body: &impl Serialize) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|e| e.to_string()));
        self
    }

    /// The media types the operation answers with, for `Accept`.
    #[must_use]
    pub fn accept(mut self, media_types: &'static str) -> Self {
        self.accept = media_types;
        self
    }

    /// The schema's `operationId` of this call, which drift recordings name (see
    /// [`ClientBuilder::record_drift`](super::ClientBuilder::record_drift)).
    #[must_use]
    pub fn operation(mut self, operation_id: &'static str) -> Self {
        self.operation = Some(operation_id);
        self
    }

    /// The `operationId` given with [`Request::operation`], if any.
    #[must_use]
    pub fn operation_id(&self) -> Option<&'static str> {
        self.operation
    }

    /// The HTTP method.
    #[must_use]
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path template (`/user/vehicles/{id}/status`), or `"(link)"` for a request of a URL
    /// from a HAL link: what logs and traces name, since the filled path holds ids.
    #[must_use]
    pub fn template(&self) -> &'static str {
        match &self.target {
            Target::Template { template, .. } => template,
            Target::Url(_) => "(link)",
        }
    }

    /// The full URL: base, encoded path, the caller's query, then `client_id` unless present.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when a path value is missing, empty, `.` or `..`, or the result
    /// is no URL.
    pub fn url(&self, base: &Url, client_id: &str) -> Result<Url, Error> {
        let mut url = match &self.target {
            Target::Url(url) => url.clone(),
            Target::Template { template, values } => {
                let path = fill_template(template, values)?;
                let base = base.as_str().trim_end_matches('/');
                Url::parse(&format!("{base}{path}"))
                    .map_err(|e| Error::InvalidRequest { message: format!("cannot build a URL: {e}") })?
            }
        };
        if !self.query.is_empty() || !client_id.is_empty() {
            let has_client_id = url.query_pairs().any(|(key, _)| key == "client_id");
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &self.query {
                pairs.append_pair(name, value);
            }
            if !has_client_id && !client_id.is_empty() {
                pairs.append_pair("client_id", client_id);
            }
        }
        Ok(url)
    }
}

/// Replaces each `{name}` of a path template with its percent-encoded value.
fn fill_template(template: &str, values: &[(&'static str, String)]) -> Result<String, Error> {
    let mut path = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| Error::InvalidRequest {
            message: format!("unclosed `{{` in the path template {template:?}"),
        })?;
        let name = &rest[open + 1..close];
        let value = values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str()).ok_or_else(|| {
            Error::InvalidRequest { message: format!("no value for the path parameter `{name}` of {template:?}") }
        })?;
        if matches!(value, "" | "." | "..") {
            return Err(Error::InvalidRequest {
                message: format!("the path parameter `{name}` cannot be {value:?}: it would change the path"),
            });
        }
        path.extend(utf8_percent_encode(value, UNRESERVED));
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_values_cannot_change_the_path() {
        let base = Url::parse("https://api.example.com/connectedcar/v4").unwrap();
        let url = |id: &str| Request::new(Method::GET, "/user/vehicles/{id}/status").path("id", id).url(&base, "app");
        let cases = [
            ("abc", "/connectedcar/v4/user/vehicles/abc/status"),
            ("../../admin", "/connectedcar/v4/user/vehicles/..%2F..%2Fadmin/status"),
            ("a/b", "/connectedcar/v4/user/vehicles/a%2Fb/status"),
            ("a?x=1", "/connectedcar/v4/user/vehicles/a%3Fx%3D1/status"),
            ("a#frag", "/connectedcar/v4/user/vehicles/a%23frag/status"),
            ("%2e%2e", "/connectedcar/v4/user/vehicles/%252e%252e/status"),
            ("é ü", "/connectedcar/v4/user/vehicles/%C3%A9%20%C3%BC/status"),
        ];
        for (id, path) in cases {
            let url = url(id).unwrap();
            assert_eq!(url.path(), path, "{id}");
            assert_eq!(url.query(), Some("client_id=app"), "{id}");
            assert_eq!(url.fragment(), None, "{id}");
        }
        for id in ["", ".", ".."] {
            assert!(matches!(url(id), Err(Error::InvalidRequest { .. })), "{id:?}");
        }
    }

    #[test]
    fn optional_query_parameters_are_sent_only_when_set_and_arrays_repeat() {
        let base = Url::parse("https://api.example.com/v4/").unwrap();
        let request = Request::new(Method::GET, "/user/vehicles")
            .query_opt("pageSize", Some(2))
            .query_opt("locale", None::<&str>)
            .query_each("extension", Some(["odometer", "kinetic"]))
            .query_each("type", None::<Vec<String>>);
        let url = request.url(&base, "app").unwrap();
        assert_eq!(
            url.as_str(),
            "https://api.example.com/v4/user/vehicles?pageSize=2&extension=odometer&extension=kinetic&client_id=app"
        );
    }

    #[test]
    fn client_id_is_added_to_absolute_links_only_when_missing() {
        let base = Url::parse("https://api.example.com/v4").unwrap();
        let with = Request::get_url(Url::parse("https://api.example.com/v4/x?pageToken=t&client_id=app").unwrap());
        assert_eq!(with.url(&base, "app").unwrap().query(), Some("pageToken=t&client_id=app"));
        let without = Request::get_url(Url::parse("https://api.example.com/v4/x?pageToken=t").unwrap());
        assert_eq!(without.url(&base, "app").unwrap().query(), Some("pageToken=t&client_id=app"));
    }
}
