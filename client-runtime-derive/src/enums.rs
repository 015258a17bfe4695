//! Enums: open string enums (unit variants and an `unknown` catch-all) and `oneOf`s (one-field variants and an `other` one).

use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{DataEnum, DeriveInput, Fields, Ident, LitStr, Type, Variant};

use crate::attrs::Member;

pub(crate) fn derive(input: &DeriveInput, data: &DataEnum) -> syn::Result<Tokens> {
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(&input.generics, "a lenient enum has no generic parameters"));
    }
    let variants: Vec<&Variant> = data.variants.iter().collect();
    let Some((last, listed)) = variants.split_last() else {
        return Err(syn::Error::new_spanned(name, "a lenient enum ends with its catch-all variant"));
    };
    let catch_all = Member::parse(&last.attrs)?;
    if !catch_all.is("unknown") && !catch_all.is("other") {
        return Err(syn::Error::new_spanned(
            last,
            "the last variant is the catch-all: `#[lenient(unknown)]` (an open enum) or `#[lenient(other)]` (a `oneOf`)",
        ));
    }
    catch_all.catch_all_only("the catch-all, which keeps any value")?;
    if !matches!(&last.fields, Fields::Unnamed(fields) if fields.unnamed.len() == 1) {
        return Err(syn::Error::new_spanned(last, "the catch-all variant holds one value"));
    }
    if catch_all.is("unknown") {
        let mut values = Vec::new();
        for variant in listed {
            if !matches!(variant.fields, Fields::Unit) {
                return Err(syn::Error::new_spanned(variant, "an open enum's listed values are unit variants"));
            }
            let member = Member::parse(&variant.attrs)?;
            member.only(&["rename"], "a listed value (only the last variant is the catch-all)")?;
            values.push((&variant.ident, member.wire(&variant.ident)));
        }
        return Ok(open_enum(name, &values, &last.ident));
    }
    let mut one_of_variants = Vec::new();
    for variant in listed {
        match &variant.fields {
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                Member::parse(&variant.attrs)?.only(&[], "a `oneOf` variant (its type says what it takes)")?;
                one_of_variants.push((&variant.ident, &fields.unnamed[0].ty));
            }
            _ => return Err(syn::Error::new_spanned(variant, "a `oneOf` variant holds one value")),
        }
    }
    Ok(one_of(name, &one_of_variants, &last.ident))
}

fn open_enum(name: &Ident, values: &[(&Ident, LitStr)], catch_all: &Ident) -> Tokens {
    let expecting = crate::expecting("a string", name);
    let as_str_arms = values.iter().map(|(variant, wire)| quote! { Self::#variant => #wire, });
    let listed = if values.is_empty() {
        quote! { fn listed(_: &str) -> ::std::option::Option<Self> { ::std::option::Option::None } }
    } else {
        let arms =
            values.iter().map(|(variant, wire)| quote! { #wire => ::std::option::Option::Some(Self::#variant), });
        quote! {
            fn listed(text: &str) -> ::std::option::Option<Self> {
                match text {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    };
    let lenient = crate::lenient_impls(
        name,
        &expecting,
        &quote! { ::client_runtime::enums::decode(deserializer, Self::EXPECTING, Self::listed, Self::#catch_all) },
        &Tokens::new(),
        &quote! { ::client_runtime::JsonKinds::STRING },
    );
    // With no listed value the catch-all is the only variant, and a wildcard arm would be unreachable.
    let listed_arm = (!values.is_empty()).then(|| quote! { _ => ::std::option::Option::None, });
    let serialize = crate::serialize_impl(name, &quote! { serializer.serialize_str(self.as_str()) });
    let drift = crate::drift_impl(
        name,
        &quote! {
            let unknown = match self {
                Self::#catch_all(value) => ::std::option::Option::Some(value),
                #listed_arm
            };
            ::client_runtime::enums::drift(unknown, at, out);
        },
    );

    quote! {
        #[automatically_derived]
        impl #name {
            /// The text this value has on the wire.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    Self::#catch_all(value) => value.as_str(),
                }
            }

            #listed
        }

        #[automatically_derived]
        impl ::std::convert::From<&str> for #name {
            fn from(text: &str) -> Self {
                Self::listed(text).unwrap_or_else(|| Self::#catch_all(::client_runtime::enums::unlisted(text)))
            }
        }

        #[automatically_derived]
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(text: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                ::std::result::Result::Ok(Self::from(text))
            }
        }

        #[automatically_derived]
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #lenient

        #serialize

        #drift
    }
}

fn one_of(name: &Ident, variants: &[(&Ident, &Type)], other: &Ident) -> Tokens {
    let expecting = crate::expecting("one of several shapes", name);
    let types: Vec<&Type> = variants.iter().map(|(_, ty)| *ty).collect();
    let choices = variants.iter().enumerate().map(|(index, (variant, ty))| {
        quote! {
            ::std::option::Option::Some(#index) => match ::client_runtime::one_of::decode_as::<#ty>(&raw) {
                ::std::option::Option::Some(value) => Self::#variant(value),
                ::std::option::Option::None => Self::#other(raw),
            },
        }
    });
    let kinds = types.iter().fold(quote! { ::client_runtime::JsonKinds::NONE }, |acc, ty| {
        quote! { #acc.or(<#ty as ::client_runtime::Lenient>::KINDS) }
    });
    let lenient = crate::lenient_impls(
        name,
        &expecting,
        &quote! {
            ::client_runtime::one_of::decode(deserializer, |raw| {
                let fits = [#(<#types as ::client_runtime::Lenient>::fit(&raw)),*];
                match ::client_runtime::one_of::choose(&fits) {
                    #(#choices)*
                    _ => Self::#other(raw),
                }
            })
        },
        &quote! {
            fn fit(raw: &::client_runtime::serde_json::Value) -> ::client_runtime::Fit {
                ::client_runtime::one_of::best_fit(&[#(<#types as ::client_runtime::Lenient>::fit(raw)),*])
            }
        },
        &kinds,
    );
    let variant_names = variants.iter().map(|(variant, _)| variant);
    let serialize_arms = variant_names.clone().map(
        |variant| quote! { Self::#variant(value) => ::client_runtime::serde::Serialize::serialize(value, serializer), },
    );
    // The chosen variant's own drift (unknown keys, nested misfits) is reported where it is.
    let drift_arms = variant_names
        .map(|variant| quote! { Self::#variant(value) => ::client_runtime::Drift::drift_into(value, at, out), });

    let serialize = crate::serialize_impl(
        name,
        &quote! {
            match self {
                #(#serialize_arms)*
                Self::#other(raw) => ::client_runtime::serde::Serialize::serialize(raw, serializer),
            }
        },
    );
    let drift = crate::drift_impl(
        name,
        &quote! {
            match self {
                #(#drift_arms)*
                Self::#other(_) => ::client_runtime::one_of::drift_other(at, out),
            }
        },
    );

    quote! {
        #lenient

        #serialize

        #drift
    }
}
