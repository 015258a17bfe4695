//! Open string enums (listed values plus a catch-all) and `oneOf` enums (variants plus the raw value).

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, doc_attrs, expecting, ident, lenient_impls, rust_type, type_docs};
use crate::ir::{Api, EnumVariant, OneOfVariant, TypeDef};

pub(super) fn open_enum(def: &TypeDef, variants: &[EnumVariant], catch_all: &str) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let deprecated = deprecated_attr(def.deprecated);
    let expecting = expecting("a string", &def.name);
    let catch_all = ident(catch_all);

    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let doc = doc_attrs(&[format!("`{}` on the wire.", variant.wire.replace('`', "'"))], false);
        quote! { #doc #variant_name, }
    });
    let as_str_arms = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire;
        quote! { Self::#variant_name => #wire, }
    });
    let listed = if variants.is_empty() {
        quote! { fn listed(_: &str) -> ::std::option::Option<Self> { ::std::option::Option::None } }
    } else {
        let arms = variants.iter().map(|variant| {
            let variant_name = ident(&variant.name);
            let wire = &variant.wire;
            quote! { #wire => ::std::option::Option::Some(Self::#variant_name), }
        });
        quote! {
            fn listed(text: &str) -> ::std::option::Option<Self> {
                match text {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    };

    let lenient = lenient_impls(
        &name,
        &expecting,
        &quote! { ::client_runtime::enums::decode(deserializer, Self::EXPECTING, Self::listed, Self::#catch_all) },
        &TokenStream::new(),
        &quote! { ::client_runtime::JsonKinds::STRING },
    );
    // With no listed value the catch-all is the only variant, and a wildcard arm would be unreachable.
    let listed_arm = (!variants.is_empty()).then(|| quote! { _ => ::std::option::Option::None, });

    quote! {
        #docs
        #deprecated
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
            /// A value the schema does not list, kept exactly as it arrived.
            #catch_all(::client_runtime::UnknownValue),
        }

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

        impl ::std::convert::From<&str> for #name {
            fn from(text: &str) -> Self {
                Self::listed(text).unwrap_or_else(|| Self::#catch_all(::client_runtime::enums::unlisted(text)))
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(text: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                ::std::result::Result::Ok(Self::from(text))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #lenient

        impl ::client_runtime::serde::Serialize for #name {
            fn serialize<S: ::client_runtime::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl ::client_runtime::Drift for #name {
            fn drift_into(
                &self,
                at: &mut ::client_runtime::JsonPointer,
                out: &mut ::std::vec::Vec<::client_runtime::DriftItem>,
            ) {
                let unknown = match self {
                    Self::#catch_all(value) => ::std::option::Option::Some(value),
                    #listed_arm
                };
                ::client_runtime::enums::drift(unknown, at, out);
            }
        }
    }
}

pub(super) fn one_of(api: &Api, def: &TypeDef, variants: &[OneOfVariant], other: &str) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let deprecated = deprecated_attr(def.deprecated);
    let expecting = expecting("one of several shapes", &def.name);
    let other = ident(other);

    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let ty = rust_type(api, &variant.ty);
        quote! { #[doc = " The value in this shape."] #variant_name(#ty), }
    });
    let types: Vec<TokenStream> = variants.iter().map(|variant| rust_type(api, &variant.ty)).collect();
    let choices = variants.iter().zip(&types).enumerate().map(|(index, (variant, ty))| {
        let variant_name = ident(&variant.name);
        quote! {
            ::std::option::Option::Some(#index) => match ::client_runtime::one_of::decode_as::<#ty>(&raw) {
                ::std::option::Option::Some(value) => Self::#variant_name(value),
                ::std::option::Option::None => Self::#other(raw),
            },
        }
    });
    let kinds = types.iter().fold(quote! { ::client_runtime::JsonKinds::NONE }, |acc, ty| {
        quote! { #acc.or(<#ty as ::client_runtime::Lenient>::KINDS) }
    });
    let lenient = lenient_impls(
        &name,
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
        &quote! { #kinds },
    );
    let serialize_arms = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        quote! { Self::#variant_name(value) => ::client_runtime::serde::Serialize::serialize(value, serializer), }
    });
    // The chosen variant's own drift (unknown keys, nested misfits) is reported where it is.
    let drift_arms = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        quote! { Self::#variant_name(value) => ::client_runtime::Drift::drift_into(value, at, out), }
    });

    quote! {
        #docs
        #deprecated
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#declarations)*
            /// A value no variant took whole, kept exactly as it arrived.
            #other(::client_runtime::serde_json::Value),
        }

        #lenient

        impl ::client_runtime::serde::Serialize for #name {
            fn serialize<S: ::client_runtime::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#other(raw) => ::client_runtime::serde::Serialize::serialize(raw, serializer),
                }
            }
        }

        impl ::client_runtime::Drift for #name {
            fn drift_into(
                &self,
                at: &mut ::client_runtime::JsonPointer,
                out: &mut ::std::vec::Vec<::client_runtime::DriftItem>,
            ) {
                match self {
                    #(#drift_arms)*
                    Self::#other(_) => ::client_runtime::one_of::drift_other(at, out),
                }
            }
        }
    }
}
