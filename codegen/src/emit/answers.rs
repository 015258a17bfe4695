//! The enum of an operation's success bodies by status (200 one type, 201 another) and its
//! `ByStatus` impl: the status chooses the variant, then the body decodes leniently.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{description, doc_attrs, ident, rust_type};
use crate::ir::{Api, Operation};

/// The enum for an operation that has one (`by_status`), else `None`.
pub(super) fn by_status_enum(api: &Api, operation: &Operation) -> Option<TokenStream> {
    let name = ident(operation.by_status.as_ref()?);
    let mut variants = Vec::new();
    let (mut exact, mut ranges) = (Vec::new(), Vec::new());
    for response in operation.responses.iter().filter(|r| r.is_success()) {
        let variant = format_ident!("Status{}", response.status);
        let mut docs = vec![format!("`{}`.", response.status)];
        if !response.docs.is_empty() {
            docs.push(String::new());
            docs.extend(description(&response.docs));
        }
        let docs = doc_attrs(&docs, false);
        let (low, high) = status_range(&response.status);
        let pattern = if low == high {
            let status = Literal::u16_unsuffixed(low);
            quote! { #status }
        } else {
            let (low, high) = (Literal::u16_unsuffixed(low), Literal::u16_unsuffixed(high));
            quote! { #low..=#high }
        };
        let arm = match response.json_body() {
            Some(ty) => {
                let ty = rust_type(api, ty);
                variants.push(quote! { #docs #variant(#ty), });
                quote! { #pattern => ::client_runtime::from_json_slice(body).map(Self::#variant), }
            }
            None => {
                variants.push(quote! { #docs #variant, });
                quote! { #pattern => ::std::result::Result::Ok(Self::#variant), }
            }
        };
        // `2XX` comes after every exact status it would otherwise hide.
        if low == high { exact.push(arm) } else { ranges.push(arm) }
    }
    let doc = doc_attrs(
        &[format!(
            "The successes of [`Client::{}`], by status: each has a body of its own type.",
            operation.name.trim_start_matches("r#")
        )],
        false,
    );
    Some(quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A success status the schema does not list, with its body as JSON (`Null` when empty).
            Other {
                /// The status.
                status: u16,
                /// The body.
                body: ::client_runtime::serde_json::Value,
            },
        }

        impl ::client_runtime::http::ByStatus for #name {
            fn from_status(status: u16, body: &[u8]) -> ::client_runtime::serde_json::Result<Self> {
                match status {
                    #(#exact)*
                    #(#ranges)*
                    _ => ::std::result::Result::Ok(Self::Other { status, body: ::client_runtime::http::unlisted_body(body) }),
                }
            }
        }
    })
}

/// The statuses a response key covers: `201` → 201..=201, `2XX` → 200..=299.
fn status_range(status: &str) -> (u16, u16) {
    let bound = |wildcard: u16| {
        status.bytes().fold(0u16, |n, b| {
            let digit = if b.is_ascii_digit() { u16::from(b - b'0') } else { wildcard };
            n.saturating_mul(10).saturating_add(digit)
        })
    };
    (bound(0), bound(9))
}
