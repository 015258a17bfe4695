//! `#[derive(Lenient)]`: the impls that make a generated struct, open enum or `oneOf` lenient, written once.
//!
//! The generator used to stamp these impls out for every type, and they were nine lines in ten of
//! what it wrote (Stripe's document came to 900,000 lines). They say nothing a type's declaration
//! does not: the wire names, the field types, the catch-all. So the declaration carries them, as
//! serde's derives do, and this crate writes the same impls at compile time. Users read (and
//! go-to-definition lands on) a plain declaration; the rules themselves stay in `client-runtime`,
//! which every impl calls.
//!
//! The three shapes, told apart by their catch-all:
//!
//! * a struct with named fields, all `Option`, and one `#[lenient(extra)]` field of type `Extra`
//!   that keeps what did not fit: `Lenient` (as an object), `Deserialize`, `Object`, `Serialize`
//!   and `Drift`;
//! * an enum of unit variants and a last `#[lenient(unknown)]` variant holding an `UnknownValue`
//!   (an open enum): the inherent `as_str` and `listed`, `From<&str>`, `FromStr`, `Display`,
//!   `Lenient`, `Deserialize`, `Serialize` and `Drift`;
//! * an enum of one-field variants and a last `#[lenient(other)]` variant holding a
//!   `serde_json::Value` (a `oneOf`): `Lenient`, `Deserialize`, `Serialize` and `Drift`.
//!
//! A field or unit variant is on the wire under its own name unless it says
//! `#[lenient(rename = "…")]`; a field read from other names too says `#[lenient(alias = "…")]`
//! for each. Misuse is a compile error at the place that is wrong, never a panic.

mod attrs;
mod enums;
mod object;

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{Data, DeriveInput, Ident, parse_macro_input};

/// Derives the lenient impls of a generated type: see the crate's documentation for the shapes.
#[proc_macro_derive(Lenient, attributes(lenient))]
pub fn derive_lenient(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    let expanded = match &input.data {
        Data::Struct(data) => object::derive(&input, data),
        Data::Enum(data) => enums::derive(&input, data),
        Data::Union(_) => Err(syn::Error::new_spanned(&input.ident, "`Lenient` is derived for structs and enums")),
    };
    expanded.unwrap_or_else(syn::Error::into_compile_error).into()
}

/// `Lenient` with `decode` running `decode_body` (plus the other methods a shape overrides), and
/// the `Deserialize` every generated type shares: decode leniently, fail only on a top-level value
/// of the wrong shape.
fn lenient_impls(name: &Ident, expecting: &str, decode_body: &Tokens, more_methods: &Tokens, kinds: &Tokens) -> Tokens {
    quote! {
        #[automatically_derived]
        impl ::client_runtime::Lenient for #name {
            const EXPECTING: &'static str = #expecting;
            const KINDS: ::client_runtime::JsonKinds = #kinds;

            fn decode<'de, D: ::client_runtime::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<::client_runtime::Decoded<Self>, D::Error> {
                #decode_body
            }

            #more_methods
        }

        #[automatically_derived]
        impl<'de> ::client_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::client_runtime::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                ::client_runtime::deserialize_top(deserializer)
            }
        }
    }
}

/// `Serialize`, writing the value with `body` (which sees `self` and `serializer`).
fn serialize_impl(name: &Ident, body: &Tokens) -> Tokens {
    quote! {
        #[automatically_derived]
        impl ::client_runtime::serde::Serialize for #name {
            fn serialize<S: ::client_runtime::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                #body
            }
        }
    }
}

/// `Drift`, reporting with `body` (which sees `self`, `at` and `out`).
fn drift_impl(name: &Ident, body: &Tokens) -> Tokens {
    quote! {
        #[automatically_derived]
        impl ::client_runtime::Drift for #name {
            fn drift_into(
                &self,
                at: &mut ::client_runtime::JsonPointer,
                out: &mut ::std::vec::Vec<::client_runtime::DriftItem>,
            ) {
                #body
            }
        }
    }
}

/// How a type introduces itself in messages: "an object (Vehicle)".
fn expecting(article_kind: &str, name: &Ident) -> String {
    let name = name.to_string();
    format!("{article_kind} ({})", name.strip_prefix("r#").unwrap_or(&name))
}
