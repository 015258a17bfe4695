//! HAL navigation: [`HalLink`] and the expansion of templated hrefs (RFC 6570, the four operators HAL uses).

use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::OneOrMany;

/// A HAL link object: the generator implements this for every schema object with an `href`.
pub trait HalLink {
    /// The link's `href`.
    fn href(&self) -> Option<&str>;
    /// True when the href is a URI template that must be expanded first.
    fn is_templated(&self) -> bool;
}

/// A link relation (one link or several) is followed through its first link.
impl<T: HalLink> HalLink for OneOrMany<T> {
    fn href(&self) -> Option<&str> {
        self.first().and_then(HalLink::href)
    }

    fn is_templated(&self) -> bool {
        self.first().is_some_and(HalLink::is_templated)
    }
}

impl<T: HalLink + ?Sized> HalLink for &T {
    fn href(&self) -> Option<&str> {
        (**self).href()
    }

    fn is_templated(&self) -> bool {
        (**self).is_templated()
    }
}

impl<T: HalLink + ?Sized> HalLink for Box<T> {
    fn href(&self) -> Option<&str> {
        (**self).href()
    }

    fn is_templated(&self) -> bool {
        (**self).is_templated()
    }
}

/// Characters left as they are in an expanded value: RFC 3986 unreserved.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Expands `{var}`, `{/var}`, `{?a,b}` and `{&a}` expressions with percent-encoded values.
/// Variables without a value are left out, as RFC 6570 says; a `{var}` in the path without a
/// value is an error, since it would leave a hole in the path.
///
/// # Errors
/// The name of a simple variable that has no value, or an unclosed `{`.
pub fn expand_template(template: &str, vars: &[(&str, &str)]) -> Result<String, String> {
    let value = |name: &str| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return Err(format!("unclosed `{{` in the template {template:?}"));
        };
        let expression = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let (operator, names) = match expression.chars().next() {
            Some(op @ ('?' | '&' | '/')) => (Some(op), &expression[1..]),
            _ => (None, expression),
        };
        let mut first = true;
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let Some(value) = value(name) else {
                if operator.is_none() {
                    return Err(format!("the template {template:?} needs a value for `{name}`"));
                }
                continue;
            };
            // As for path parameters: no encoding keeps `.` and `..` from being dot segments.
            if matches!(operator, None | Some('/')) && matches!(value, "" | "." | "..") {
                return Err(format!(
                    "`{name}` cannot be {value:?} in the template {template:?}: it would change the path"
                ));
            }
            let encoded = utf8_percent_encode(value, UNRESERVED);
            match operator {
                None => {
                    if !first {
                        out.push(',');
                    }
                    let _ = write!(out, "{encoded}");
                }
                Some('/') => {
                    let _ = write!(out, "/{encoded}");
                }
                Some(op) => {
                    let separator = if first && op == '?' { '?' } else { '&' };
                    let _ = write!(out, "{separator}{}={encoded}", utf8_percent_encode(name, UNRESERVED));
                }
            }
            first = false;
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::expand_template;

    #[test]
    fn dot_segments_are_refused() {
        for value in ["", ".", ".."] {
            assert!(expand_template("/callbacks/{cbid}/x", &[("cbid", value)]).is_err(), "{value:?}");
            assert!(expand_template("/callbacks{/cbid}", &[("cbid", value)]).is_err(), "{value:?}");
        }
        assert_eq!(expand_template("/t{?q}", &[("q", "..")]).as_deref(), Ok("/t?q=.."));
    }

    #[test]
    fn expands_the_operators_hal_uses() {
        let vars = [("cbid", "cb 1/2"), ("page", "3"), ("locale", "fr-FR")];
        let cases = [
            ("/callbacks/{cbid}/monitors", Ok("/callbacks/cb%201%2F2/monitors")),
            ("/trips{?page,locale}", Ok("/trips?page=3&locale=fr-FR")),
            ("/trips?x=1{&page}", Ok("/trips?x=1&page=3")),
            ("/trips{/page}", Ok("/trips/3")),
            ("/trips{?missing}", Ok("/trips")),
            ("/a/{missing}", Err(())),
            ("/a/{cbid", Err(())),
        ];
        for (template, expected) in cases {
            let got = expand_template(template, &vars);
            match expected {
                Ok(text) => assert_eq!(got.as_deref(), Ok(text), "{template}"),
                Err(()) => assert!(got.is_err(), "{template}: {got:?}"),
            }
        }
    }
}
