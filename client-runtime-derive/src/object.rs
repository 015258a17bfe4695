//! Structs: `Object::decode_field` (one `match` over the wire names), `Serialize`, `Drift` and the shallow `fit`.

use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{DataStruct, DeriveInput, Fields, GenericArgument, Ident, LitStr, PathArguments, Type};

use crate::attrs::Member;

/// A field as the impls need it.
struct Field<'a> {
    ident: &'a Ident,
    /// `T` of the field's `Option<T>`.
    inner: &'a Type,
    wire: LitStr,
    aliases: Vec<LitStr>,
}

pub(crate) fn derive(input: &DeriveInput, data: &DataStruct) -> syn::Result<Tokens> {
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(&input.generics, "a lenient struct has no generic parameters"));
    }
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(name, "a lenient struct has named fields"));
    };
    let mut fields = Vec::new();
    let mut extra = None;
    for field in &named.named {
        let ident = field.ident.as_ref().ok_or_else(|| syn::Error::new_spanned(field, "a field needs a name"))?;
        let member = Member::parse(&field.attrs)?;
        if member.is("extra") {
            member.catch_all_only("the `extra` field, which keeps any key")?;
            if extra.replace(ident).is_some() {
                return Err(syn::Error::new_spanned(ident, "only one field is `#[lenient(extra)]`"));
            }
            continue;
        }
        member.only(&["rename", "alias"], "a struct field (a struct's catch-all is `extra`)")?;
        let inner = option_inner(&field.ty)
            .ok_or_else(|| syn::Error::new_spanned(&field.ty, "every field of a lenient struct is an `Option<T>`"))?;
        fields.push(Field { ident, inner, wire: member.wire(ident), aliases: member.aliases });
    }
    let extra = extra.ok_or_else(|| {
        syn::Error::new_spanned(
            name,
            "a lenient struct needs a `#[lenient(extra)]` field of type `client_runtime::Extra`",
        )
    })?;
    Ok(impls(name, extra, &fields))
}

/// `T` when `ty` is `Option<T>` (by any path ending in `Option`).
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match (last.ident == "Option", args.args.first(), args.args.len()) {
        (true, Some(GenericArgument::Type(inner)), 1) => Some(inner),
        _ => None,
    }
}

fn impls(name: &Ident, extra: &Ident, fields: &[Field<'_>]) -> Tokens {
    let expecting = crate::expecting("an object", name);
    let arms = fields.iter().flat_map(|field| {
        let Field { ident, wire, .. } = field;
        let primary = if field.aliases.is_empty() {
            quote! { #wire => ::client_runtime::object::field(map, &mut self.#ident, &mut self.#extra, #wire), }
        } else {
            quote! { #wire => ::client_runtime::object::aliased_field(map, &mut self.#ident, &mut self.#extra, #wire, #wire), }
        };
        let aliases = field.aliases.iter().map(move |alias| {
            quote! { #alias => ::client_runtime::object::aliased_field(map, &mut self.#ident, &mut self.#extra, #wire, #alias), }
        });
        std::iter::once(primary).chain(aliases)
    });
    let decode_body = if fields.is_empty() {
        quote! { ::client_runtime::object::unknown(map, &mut self.#extra, key) }
    } else {
        quote! {
            match &*key {
                #(#arms)*
                _ => ::client_runtime::object::unknown(map, &mut self.#extra, key),
            }
        }
    };
    // A field with aliases is written back under the name its value came from.
    let wire_name = |field: &Field<'_>| {
        let wire = &field.wire;
        if field.aliases.is_empty() {
            quote! { #wire }
        } else {
            quote! { self.#extra.wire_name(#wire) }
        }
    };
    let serialize_fields = fields.iter().map(|field| {
        let ident = field.ident;
        let wire = wire_name(field);
        quote! { ::client_runtime::object::serialize_field(&mut map, #wire, self.#ident.as_ref())?; }
    });
    let drift_fields = fields.iter().map(|field| {
        let ident = field.ident;
        let wire = wire_name(field);
        quote! { ::client_runtime::object::drift_field(self.#ident.as_ref(), #wire, at, out); }
    });
    // Every wire name, aliases included, with the kinds its field's type decodes.
    let fit_fields = fields.iter().flat_map(|field| {
        let inner = field.inner;
        std::iter::once(&field.wire)
            .chain(&field.aliases)
            .map(move |wire| quote! { (#wire, <#inner as ::client_runtime::Lenient>::KINDS) })
    });
    let lenient = crate::lenient_impls(
        name,
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

    let serialize = crate::serialize_impl(
        name,
        &quote! {
            use ::client_runtime::serde::ser::SerializeMap as _;
            let mut map = serializer.serialize_map(::std::option::Option::None)?;
            #(#serialize_fields)*
            self.#extra.serialize_entries(&mut map)?;
            map.end()
        },
    );
    let drift = crate::drift_impl(name, &quote! { #(#drift_fields)* self.#extra.drift_into(at, out); });

    quote! {
        #lenient

        #[automatically_derived]
        impl ::client_runtime::object::Object for #name {
            fn decode_field<'de, A: ::client_runtime::serde::de::MapAccess<'de>>(
                &mut self,
                key: ::std::borrow::Cow<'de, str>,
                map: &mut A,
            ) -> ::std::result::Result<(), A::Error> {
                #decode_body
            }
        }

        #serialize

        #drift
    }
}
