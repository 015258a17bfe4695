//! Structs: every field `Option`, an `extra` that keeps what did not fit, and the impls that make them lenient.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, doc_attrs, expecting, ident, lenient_impls, rust_type, type_docs};
use crate::ir::{Api, Field, TypeDef};

pub(super) fn object(api: &Api, def: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let deprecated = deprecated_attr(def.deprecated);
    let expecting = expecting("an object", &def.name);

    let declarations = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let ty = rust_type(api, &field.ty);
        let docs = doc_attrs(&field_docs(field), false);
        let deprecated = deprecated_attr(field.deprecated);
        quote! { #docs #deprecated pub #field_name: ::std::option::Option<#ty>, }
    });

    let arms = fields.iter().flat_map(|field| {
        let field_name = ident(&field.name);
        let wire = &field.wire;
        let primary = if field.aliases.is_empty() {
            quote! { #wire => ::client_runtime::object::field(map, &mut self.#field_name, &mut self.extra, #wire), }
        } else {
            quote! { #wire => ::client_runtime::object::aliased_field(map, &mut self.#field_name, &mut self.extra, #wire, #wire), }
        };
        let aliases = field.aliases.iter().map(move |alias| {
            quote! { #alias => ::client_runtime::object::aliased_field(map, &mut self.#field_name, &mut self.extra, #wire, #alias), }
        });
        std::iter::once(primary).chain(aliases)
    });
    let decode_body = if fields.is_empty() {
        quote! { ::client_runtime::object::unknown(map, &mut self.extra, key) }
    } else {
        quote! {
            match &*key {
                #(#arms)*
                _ => ::client_runtime::object::unknown(map, &mut self.extra, key),
            }
        }
    };

    let wire_name = |field: &Field| {
        let wire = &field.wire;
        if field.aliases.is_empty() {
            quote! { #wire }
        } else {
            quote! { self.extra.wire_name(#wire) }
        }
    };
    let serialize_fields = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let wire = wire_name(field);
        quote! { ::client_runtime::object::serialize_field(&mut map, #wire, self.#field_name.as_ref())?; }
    });
    let drift_fields = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let wire = wire_name(field);
        quote! { ::client_runtime::object::drift_field(self.#field_name.as_ref(), #wire, at, out); }
    });

    // Every wire name, aliases included, with the kinds its field's type decodes.
    let fit_fields: Vec<TokenStream> = fields
        .iter()
        .flat_map(|field| {
            let ty = rust_type(api, &field.ty);
            std::iter::once(&field.wire).chain(&field.aliases).map(move |wire| {
                quote! { (#wire, <#ty as ::client_runtime::Lenient>::KINDS) }
            })
        })
        .collect();
    let lenient = lenient_impls(
        &name,
        &expecting,
        &quote! { ::client_runtime::object::decode(deserializer) },
        &quote! {
            fn decode_into<'de, D: ::client_runtime::serde::Deserializer<'de>>(
                deserializer: D,
                slot: &mut ::std::option::Option<Self>,
            ) -> ::std::result::Result<::client_runtime::Decoded<()>, D::Error> {
                ::client_runtime::object::decode_into(deserializer, slot)
            }

            fn fit(raw: &::client_runtime::serde_json::Value) -> ::client_runtime::Fit {
                const FIELDS: &[(&str, ::client_runtime::JsonKinds)] = &[#(#fit_fields),*];
                ::client_runtime::object::fit(raw, FIELDS)
            }
        },
        &quote! { ::client_runtime::JsonKinds::OBJECT },
    );

    quote! {
        #docs
        #deprecated
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #name {
            #(#declarations)*
            /// What the schema did not account for, kept so that nothing is lost: unknown keys,
            /// values of the wrong type, explicit nulls. Serialised back after the fields.
            pub extra: ::client_runtime::Extra,
        }

        #lenient

        impl ::client_runtime::object::Object for #name {
            fn decode_field<'de, A: ::client_runtime::serde::de::MapAccess<'de>>(
                &mut self,
                key: ::std::borrow::Cow<'de, str>,
                map: &mut A,
            ) -> ::std::result::Result<(), A::Error> {
                #decode_body
            }
        }

        impl ::client_runtime::serde::Serialize for #name {
            fn serialize<S: ::client_runtime::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                use ::client_runtime::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                #(#serialize_fields)*
                self.extra.serialize_entries(&mut map)?;
                map.end()
            }
        }

        impl ::client_runtime::Drift for #name {
            fn drift_into(
                &self,
                at: &mut ::client_runtime::JsonPointer,
                out: &mut ::std::vec::Vec<::client_runtime::DriftItem>,
            ) {
                #(#drift_fields)*
                self.extra.drift_into(at, out);
            }
        }
    }
}

/// A field's docs: the schema's description, or its wire name when there is none; aliases listed.
fn field_docs(field: &Field) -> Vec<String> {
    let mut lines = field.docs.clone();
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
