//! Open string enums (listed values plus a catch-all) and `oneOf` enums (variants plus the raw value); impls derived.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, doc_attrs, ident, rust_type, type_docs, wire_attr};
use crate::ir::{Api, EnumVariant, OneOfVariant, TypeDef};

pub(super) fn open_enum(def: &TypeDef, variants: &[EnumVariant], catch_all: &str) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let deprecated = deprecated_attr(def.deprecated);
    let catch_all = ident(catch_all);
    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let doc = doc_attrs(&[format!("`{}` on the wire.", variant.wire.replace('`', "'"))], false);
        let wire = wire_attr(&variant.name, &variant.wire, &[]);
        quote! { #doc #wire #variant_name, }
    });
    // `as_str`, `From<&str>`, `FromStr`, `Display` and the lenient impls are derived from this.
    quote! {
        #docs
        #deprecated
        #[derive(Clone, Debug, PartialEq, Eq, Hash, ::client_runtime::Lenient)]
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
            /// A value the schema does not list, kept exactly as it arrived.
            #[lenient(unknown)]
            #catch_all(::client_runtime::UnknownValue),
        }
    }
}

pub(super) fn one_of(api: &Api, def: &TypeDef, variants: &[OneOfVariant], other: &str) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let deprecated = deprecated_attr(def.deprecated);
    let other = ident(other);
    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let ty = rust_type(api, &variant.ty);
        quote! { #[doc = " The value in this shape."] #variant_name(#ty), }
    });
    // The variant is chosen by a shallow fit of each type, in this order (see `client_runtime::one_of`).
    quote! {
        #docs
        #deprecated
        #[derive(Clone, Debug, PartialEq, ::client_runtime::Lenient)]
        pub enum #name {
            #(#declarations)*
            /// A value no variant took whole, kept exactly as it arrived.
            #[lenient(other)]
            #other(::client_runtime::serde_json::Value),
        }
    }
}
