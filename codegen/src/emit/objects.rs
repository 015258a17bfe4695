//! Structs: every field `Option`, an `extra` that keeps what did not fit; their impls are derived (`client_runtime::Lenient`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, description, doc_attrs, ident, rust_type, type_docs, wire_attr};
use crate::ir::{Api, Field, TypeDef};

pub(super) fn object(api: &Api, def: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let deprecated = deprecated_attr(def.deprecated);
    let declarations = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let ty = rust_type(api, &field.ty);
        let docs = doc_attrs(&field_docs(field), false);
        let deprecated = deprecated_attr(field.deprecated);
        let wire = wire_attr(&field.name, &field.wire, &field.aliases);
        quote! { #docs #deprecated #wire pub #field_name: ::std::option::Option<#ty>, }
    });
    // The impls (decoding by wire name, the round trip, drift) are derived from this declaration.
    quote! {
        #docs
        #deprecated
        #[derive(Clone, Debug, Default, PartialEq, ::client_runtime::Lenient)]
        pub struct #name {
            #(#declarations)*
            /// What the schema did not account for, kept so that nothing is lost: unknown keys,
            /// values of the wrong type, explicit nulls. Serialised back after the fields.
            #[lenient(extra)]
            pub extra: ::client_runtime::Extra,
        }
    }
}

/// A field's docs: the schema's description, or its wire name when there is none; aliases listed.
fn field_docs(field: &Field) -> Vec<String> {
    let mut lines = description(&field.docs);
    if lines.is_empty() {
        lines.push(format!("`{}` on the wire.", field.wire));
    }
    if !field.aliases.is_empty() {
        let aliases: Vec<String> = field.aliases.iter().map(|a| format!("`{a}`")).collect();
        lines.push(String::new());
        lines.push(format!("Also read from {} (`x-aliases`).", aliases.join(", ")));
    }
    lines
}
