//! The `#[lenient(…)]` attributes of fields and variants: wire names, aliases, and which member is the catch-all.

use syn::{Attribute, Ident, LitStr};

/// What one field's or variant's `#[lenient(…)]` attributes say.
#[derive(Default)]
pub(crate) struct Member {
    /// `rename = "…"`: the wire name, when it is not the member's own name.
    pub(crate) rename: Option<LitStr>,
    /// `alias = "…"`, once per other name the value is read from.
    pub(crate) aliases: Vec<LitStr>,
    /// `extra`, `unknown` or `other`: the member that keeps what did not fit.
    pub(crate) catch_all: Option<Ident>,
}

impl Member {
    /// Reads every `#[lenient(…)]` of a member; any other attribute is someone else's.
    pub(crate) fn parse(attrs: &[Attribute]) -> syn::Result<Self> {
        let mut member = Member::default();
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("lenient")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    if member.rename.is_some() {
                        return Err(meta.error("`rename` given twice"));
                    }
                    member.rename = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("alias") {
                    member.aliases.push(meta.value()?.parse()?);
                } else if let Some(word) = ["extra", "unknown", "other"].into_iter().find(|w| meta.path.is_ident(w)) {
                    member.catch_all = Some(Ident::new(word, meta.path.segments[0].ident.span()));
                } else {
                    return Err(meta.error("expected `rename = \"…\"`, `alias = \"…\"`, `extra`, `unknown` or `other`"));
                }
                Ok(())
            })?;
        }
        Ok(member)
    }

    /// The wire name: `rename`, else the member's own name (without `r#`).
    pub(crate) fn wire(&self, ident: &Ident) -> LitStr {
        self.rename.clone().unwrap_or_else(|| {
            let name = ident.to_string();
            LitStr::new(name.strip_prefix("r#").unwrap_or(&name), ident.span())
        })
    }

    /// An error at the first thing this member says that `allowed` (some of `rename`, `alias`)
    /// does not admit, or at a catch-all word: for members where it would be silently ignored.
    pub(crate) fn only(&self, allowed: &[&str], what: &str) -> syn::Result<()> {
        let misplaced = |word: &str, span: proc_macro2::Span| {
            Err(syn::Error::new(span, format!("`{word}` does not apply to {what}")))
        };
        if let Some(rename) = self.rename.as_ref().filter(|_| !allowed.contains(&"rename")) {
            return misplaced("rename", rename.span());
        }
        if let Some(alias) = self.aliases.first().filter(|_| !allowed.contains(&"alias")) {
            return misplaced("alias", alias.span());
        }
        match &self.catch_all {
            Some(word) => misplaced(&word.to_string(), word.span()),
            None => Ok(()),
        }
    }

    /// An error at a `rename` or `alias` of a catch-all, which has no wire name of its own.
    pub(crate) fn catch_all_only(&self, what: &str) -> syn::Result<()> {
        match (&self.rename, self.aliases.first()) {
            (Some(name), _) | (None, Some(name)) => {
                Err(syn::Error::new(name.span(), format!("a wire name does not apply to {what}")))
            }
            (None, None) => Ok(()),
        }
    }

    /// True when this member is the catch-all called `word`.
    pub(crate) fn is(&self, word: &str) -> bool {
        self.catch_all.as_ref().is_some_and(|ident| ident == word)
    }
}
