//! Endpoint methods: the generated `Client`, one async method per operation, its parameter
//! structs, a `_items` stream for HAL collections, and `HalLink` for link objects.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{deprecated_attr, description, doc_attrs, ident, rust_type};
use crate::ir::{
    Api, Operation, Parameter, ParameterLocation, ParameterStyle, Scalar, TypeId, TypeKind, TypeRef, is_json_media,
};

/// The `client.rs` file: `Client`, its methods, the parameter structs and the `HalLink` impls,
/// each group made only when the formatter reaches it.
pub(super) fn client_file(api: &Api) -> super::File<'_> {
    // Methods read deprecated parameters and name deprecated types on purpose; callers still see the lint.
    let deprecated_parts = api.operations.iter().any(|o| o.parameters.iter().any(|p| p.deprecated))
        || api.types.iter().any(|def| {
            def.deprecated
                || matches!(&def.kind, TypeKind::Struct { fields } if fields.iter().any(|f| f.deprecated && f.link_target.is_some()))
        });
    let allow = deprecated_parts.then(|| quote! { #![allow(deprecated)] });
    let inner = quote! {
        #![doc = " The API client: one method per operation, and what they take."]
        #allow
    };
    // One group per operation's parameters and answers, and per type's link impls: none holds
    // tokens until the formatter makes it.
    let mut items = vec![super::group(|| client_struct(api))];
    items.extend(api.operations.iter().map(|operation| super::group(move || params_struct(api, operation))));
    items.extend(
        api.operations.iter().map(|operation| super::group(move || super::answers::by_status_enum(api, operation))),
    );
    items.extend((0..api.types.len()).map(|index| super::group(move || hal_link(api, TypeId(index)))));
    items.extend((0..api.types.len()).map(|index| super::group(move || link_followers(api, TypeId(index)))));
    super::File { inner, items }
}

/// `Client` and its `impl`, one method per operation.
fn client_struct(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(|operation| method(api, operation));
    let title = api.title.clone().unwrap_or_else(|| "the API".to_owned());
    let client_doc = doc_attrs(
        &[
            format!("Calls {title}: one method per operation of the schema."),
            String::new(),
            "It wraps the runtime's HTTP client, which adds the credentials every call needs, retries".to_owned(),
            "what may be retried and turns every failure into a typed error.".to_owned(),
        ],
        false,
    );
    quote! {
        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            http: ::client_runtime::http::Client,
        }

        impl Client {
            /// Wraps a runtime client, made with [`client_runtime::http::Client::builder`].
            #[must_use]
            pub fn new(http: ::client_runtime::http::Client) -> Self {
                Client { http }
            }

            /// The runtime client: to follow HAL links or send a hand-made request.
            #[must_use]
            pub fn http(&self) -> &::client_runtime::http::Client {
                &self.http
            }

            #(#methods)*
        }
    }
}

/// `follow_<relation>` methods on a links object, for every relation whose schema names the
/// resource it points at (`x-link-target`): from a vehicle's `_links` to its `Status`, typed.
fn link_followers(api: &Api, id: TypeId) -> Option<TokenStream> {
    let TypeKind::Struct { fields } = &api.types[id.0].kind else { return None };
    let methods: Vec<TokenStream> = fields
        .iter()
        .filter_map(|field| {
            let target = rust_type(api, field.link_target.as_ref()?);
            let field_name = ident(&field.name);
            // `self_` and `r#type` name the methods `follow_self`, `follow_type`.
            let bare = field.name.trim_start_matches("r#").trim_end_matches('_');
            let follow = format_ident!("follow_{bare}");
            let follow_with = format_ident!("follow_{bare}_with");
            let wire = &field.wire;
            let doc = format!(" Follows the `{wire}` link to the resource it points at.");
            let doc_with = format!(" Follows the templated `{wire}` link, expanding its variables (`{{cbid}}` → `vars`).");
            let deprecated = deprecated_attr(field.deprecated);
            Some(quote! {
                #[doc = #doc]
                ///
                /// # Errors
                /// [`client_runtime::http::Error::InvalidRequest`] when the link is missing or
                /// templated; else as for any call.
                #deprecated
                pub async fn #follow(&self, client: &Client) -> ::std::result::Result<::client_runtime::http::Response<#target>, ::client_runtime::http::Error> {
                    client.http().follow_relation(self.#field_name.as_ref(), #wire).await
                }

                #[doc = #doc_with]
                ///
                /// # Errors
                /// [`client_runtime::http::Error::InvalidRequest`] when the link is missing or a
                /// variable has no value; else as for any call.
                #deprecated
                pub async fn #follow_with(&self, client: &Client, vars: &[(&str, &str)]) -> ::std::result::Result<::client_runtime::http::Response<#target>, ::client_runtime::http::Error> {
                    client.http().follow_relation_with(self.#field_name.as_ref(), #wire, vars).await
                }
            })
        })
        .collect();
    if methods.is_empty() {
        return None;
    }
    let name = ident(&api.types[id.0].name);
    Some(quote! {
        impl super::#name {
            #(#methods)*
        }
    })
}

/// How a call decodes its success.
enum Success {
    /// Always a body of this type.
    Body(TypeRef),
    /// A body of this type, or none (202, 204).
    Optional(TypeRef),
    /// No body.
    Empty,
    /// A body that is not JSON (text, binary): the bytes as they came.
    Bytes,
    /// Different bodies for different statuses: the generated enum of that name chooses.
    ByStatus(String),
}

fn success(operation: &Operation) -> Success {
    if let Some(name) = &operation.by_status {
        return Success::ByStatus(name.clone());
    }
    let mut successes: Vec<_> = operation.responses.iter().filter(|r| r.status.starts_with('2')).collect();
    if successes.is_empty() {
        // No success declared: `default` covers every status, successes included.
        successes = operation.responses.iter().filter(|r| r.status == "default").collect();
    }
    if !successes.is_empty()
        && successes.iter().all(|r| !r.content.is_empty() && r.content.iter().all(|(media, _)| !is_json_media(media)))
    {
        return Success::Bytes;
    }
    let mut types: Vec<&TypeRef> = successes.iter().filter_map(|r| json_body(&r.content)).collect();
    types.dedup();
    let some_without_body = successes.iter().any(|r| json_body(&r.content).is_none())
        || successes.iter().any(|r| r.status == "202" || r.status == "204" || r.status == "default");
    match types.as_slice() {
        [] if successes.is_empty() => Success::Optional(TypeRef::Scalar(Scalar::Json)),
        [] => Success::Empty,
        [single] if some_without_body => Success::Optional((*single).clone()),
        [single] => Success::Body((*single).clone()),
        // Different types: lowering named an enum by status (`by_status`), handled above.
        _ => Success::Optional(TypeRef::Scalar(Scalar::Json)),
    }
}

/// The type of a response's JSON body, if it has one.
fn json_body(content: &[(String, TypeRef)]) -> Option<&TypeRef> {
    content.iter().find(|(media, _)| is_json_media(media)).map(|(_, ty)| ty)
}

fn accept(operation: &Operation) -> String {
    let mut media: Vec<&str> = operation
        .responses
        .iter()
        .filter(|r| r.status.starts_with('2'))
        .flat_map(|r| r.content.iter().map(|(m, _)| m.as_str()))
        .collect();
    media.sort_unstable();
    media.dedup();
    if media.is_empty() { "application/json".to_owned() } else { media.join(", ") }
}

/// The Rust type of an argument that borrows a parameter value.
fn argument_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Scalar(Scalar::String) => quote! { &str },
        // Small `Copy` scalars are taken by value.
        TypeRef::Scalar(scalar @ (Scalar::Bool | Scalar::I32 | Scalar::I64 | Scalar::U64 | Scalar::F64)) => {
            rust_type(api, &TypeRef::Scalar(*scalar))
        }
        TypeRef::Vec(inner) => {
            let inner = rust_type(api, inner);
            quote! { &[#inner] }
        }
        other => {
            let ty = rust_type(api, other);
            quote! { &#ty }
        }
    }
}

/// True when values of this type print as their wire text (`Display`). Free-form JSON prints
/// as JSON (strings quoted) and `Option` not at all: those, like objects, arrays and `oneOf`s,
/// are laid out from their JSON form by the runtime.
fn displays(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Scalar(scalar) => !matches!(scalar, Scalar::Json | Scalar::JsonObject),
        TypeRef::Named(id) => match &api.types[id.0].kind {
            TypeKind::Enum { .. } => true,
            TypeKind::Alias { target } => displays(api, target),
            TypeKind::Struct { .. } | TypeKind::OneOf { .. } => false,
        },
        TypeRef::Boxed(inner) => displays(api, inner),
        TypeRef::Nullable(_) | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::OneOrMany(_) => false,
    }
}

fn style_tokens(style: ParameterStyle) -> TokenStream {
    let variant = match style {
        ParameterStyle::Simple => quote! { Simple },
        ParameterStyle::Form => quote! { Form },
        ParameterStyle::SpaceDelimited => quote! { SpaceDelimited },
        ParameterStyle::PipeDelimited => quote! { PipeDelimited },
        ParameterStyle::DeepObject => quote! { DeepObject },
    };
    quote! { ::client_runtime::http::Style::#variant }
}

/// The builder call that adds one query or header parameter; `value` is an `Option` of a borrow.
/// Values that print as themselves keep the plain calls; any other is laid out by its style.
fn add_parameter(api: &Api, parameter: &Parameter, value: &TokenStream) -> TokenStream {
    let wire = &parameter.wire;
    let explode = parameter.explode;
    match parameter.location {
        ParameterLocation::Header if displays(api, &parameter.ty) => quote! { .header_opt(#wire, #value) },
        ParameterLocation::Header => quote! { .header_value(#wire, #value, #explode) },
        ParameterLocation::Query => match (&parameter.ty, parameter.style) {
            (TypeRef::Vec(item), ParameterStyle::Form) if displays(api, item) && explode => {
                quote! { .query_each(#wire, #value) }
            }
            (TypeRef::Vec(item), ParameterStyle::Form) if displays(api, item) => {
                quote! { .query_joined(#wire, #value) }
            }
            (ty, _) if displays(api, ty) => quote! { .query_opt(#wire, #value) },
            (_, style) => {
                let style = style_tokens(style);
                quote! { .query_value(#wire, #value, #style, #explode) }
            }
        },
        ParameterLocation::Path | ParameterLocation::Cookie => TokenStream::new(),
    }
}

fn method(api: &Api, operation: &Operation) -> TokenStream {
    let name = ident(&operation.name);
    let mut docs = description(&operation.docs);
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(format!("`{} {}` (`{}`)", operation.method, operation.path, operation.operation_id));
    let deprecated = deprecated_attr(operation.deprecated);

    // Arguments: path parameters, then required query/header parameters, the optional ones in a
    // struct, then the body.
    let mut arguments = Vec::new();
    let mut steps = Vec::new();
    for parameter in &operation.parameters {
        let argument = ident(&parameter.name);
        let ty = argument_type(api, &parameter.ty);
        match parameter.location {
            ParameterLocation::Path => {
                let wire = &parameter.wire;
                arguments.push(quote! { #argument: #ty });
                if displays(api, &parameter.ty) {
                    steps.push(quote! { .path(#wire, #argument) });
                } else {
                    let explode = parameter.explode;
                    steps.push(quote! { .path_value(#wire, #argument, #explode) });
                }
            }
            ParameterLocation::Query | ParameterLocation::Header if parameter.required => {
                arguments.push(quote! { #argument: #ty });
                steps.push(add_parameter(api, parameter, &quote! { ::std::option::Option::Some(#argument) }));
            }
            ParameterLocation::Query | ParameterLocation::Header | ParameterLocation::Cookie => {}
        }
    }
    if let Some(params) = &operation.params_struct {
        let params_type = ident(params);
        arguments.push(quote! { params: &#params_type });
        for parameter in operation.parameters.iter().filter(|p| !p.required && p.location != ParameterLocation::Path) {
            let field = ident(&parameter.name);
            steps.push(add_parameter(api, parameter, &quote! { params.#field.as_ref() }));
        }
    }
    if let Some(body) = &operation.body {
        let ty = argument_type(api, &body.ty);
        arguments.push(quote! { body: #ty });
        steps.push(quote! { .json_body(&body) });
    }

    let method_ident = format_ident!("{}", operation.method);
    let path = &operation.path;
    let accept = accept(operation);
    // The operation id names the request in drift recordings, which `cargo xtask learn` maps back
    // to the response's schema.
    let operation_id = &operation.operation_id;
    let request = quote! {
        ::client_runtime::http::Request::new(::client_runtime::http::Method::#method_ident, #path)
            #(#steps)*
            .accept(#accept)
            .operation(#operation_id)
    };
    let (output, send) = match success(operation) {
        Success::Body(ty) => (rust_type(api, &ty), quote! { send }),
        Success::Optional(ty) => {
            let ty = rust_type(api, &ty);
            (quote! { ::std::option::Option<#ty> }, quote! { send_optional })
        }
        Success::Empty => (quote! { () }, quote! { send_empty }),
        Success::Bytes => (quote! { ::std::vec::Vec<u8> }, quote! { send_bytes }),
        Success::ByStatus(name) => {
            let name = ident(&name);
            (quote! { #name }, quote! { send_by_status })
        }
    };
    let doc = doc_attrs(&docs, false);
    let Some(pages) = pages(api, operation) else {
        return quote! {
            #doc
            #deprecated
            ///
            /// # Errors
            /// [`client_runtime::http::Error`], chosen by the answer's status.
            pub async fn #name(&self, #(#arguments),*) -> ::std::result::Result<::client_runtime::http::Response<#output>, ::client_runtime::http::Error> {
                let request = #request;
                self.http.#send(request).await
            }
        };
    };
    // A collection has two methods, one page and every item; both send the same first request.
    let bare = operation.name.trim_start_matches("r#");
    let request_name = format_ident!("{bare}_request");
    let argument_names: Vec<TokenStream> = arguments
        .iter()
        .map(|argument| {
            let name = argument.clone().into_iter().next();
            quote! { #name }
        })
        .collect();
    let single = quote! {
        #doc
        #deprecated
        ///
        /// # Errors
        /// [`client_runtime::http::Error`], chosen by the answer's status.
        pub async fn #name(&self, #(#arguments),*) -> ::std::result::Result<::client_runtime::http::Response<#output>, ::client_runtime::http::Error> {
            self.http.#send(Self::#request_name(#(#argument_names),*)).await
        }

        fn #request_name(#(#arguments),*) -> ::client_runtime::http::Request {
            #request
        }
    };
    let stream_name = format_ident!("{bare}_items");
    let Pages { page, item, items, next } = pages;
    let stream_doc = doc_attrs(
        &[
            format!("Every item of [`Self::{bare}`], page after page: follows `_links.next` until there is none,"),
            "holding one page at a time.".to_owned(),
        ],
        false,
    );
    quote! {
        #single

        #stream_doc
        #deprecated
        pub fn #stream_name(&self, #(#arguments),*) -> impl ::client_runtime::http::Stream<Item = ::std::result::Result<#item, ::client_runtime::http::Error>> + ::std::marker::Send + 'static {
            let request = Self::#request_name(#(#argument_names),*);
            self.http.paginate(request, |page: #page| #items, |page: &#page| #next)
        }
    }
}

/// What a HAL collection answer needs for its item stream.
struct Pages {
    page: TokenStream,
    item: TokenStream,
    /// `page` → its items.
    items: TokenStream,
    /// `&page` → the next href.
    next: TokenStream,
}

/// A HAL collection: the answer has `_links.next` (a relation of objects with an `href`) and an
/// `_embedded` with exactly one array.
fn pages(api: &Api, operation: &Operation) -> Option<Pages> {
    let Success::Body(TypeRef::Named(page_id)) = success(operation) else { return None };
    let fields = struct_fields(api, page_id)?;
    let links = fields.iter().find(|f| f.wire == "_links")?;
    let embedded = fields.iter().find(|f| f.wire == "_embedded")?;
    let links_fields = struct_fields(api, named(api, &links.ty)?)?;
    let next = links_fields.iter().find(|f| f.wire == "next")?;
    let TypeRef::OneOrMany(link) = api.through_aliases(&next.ty) else { return None };
    let href = api.link_href(named(api, link)?)?;
    let embedded_fields = struct_fields(api, named(api, &embedded.ty)?)?;
    let arrays: Vec<_> =
        embedded_fields.iter().filter(|f| matches!(api.through_aliases(&f.ty), TypeRef::Vec(_))).collect();
    let [list] = arrays.as_slice() else { return None };
    let TypeRef::Vec(item) = api.through_aliases(&list.ty) else { return None };
    let (links, embedded, next, href, list) =
        (ident(&links.name), ident(&embedded.name), ident(&next.name), ident(&href.name), ident(&list.name));
    Some(Pages {
        page: rust_type(api, &TypeRef::Named(page_id)),
        item: rust_type(api, item),
        items: quote! { page.#embedded.and_then(|embedded| embedded.#list).map(::client_runtime::List::into_vec).unwrap_or_default() },
        next: quote! { page.#links.as_ref().and_then(|links| links.#next.as_ref()).and_then(|next| next.first()).and_then(|link| link.#href.clone()) },
    })
}

fn struct_fields(api: &Api, id: TypeId) -> Option<&[crate::ir::Field]> {
    match &api.types[id.0].kind {
        TypeKind::Struct { fields } => Some(fields),
        TypeKind::Alias { target } => struct_fields(api, named(api, target)?),
        TypeKind::Enum { .. } | TypeKind::OneOf { .. } => None,
    }
}

fn named(api: &Api, ty: &TypeRef) -> Option<TypeId> {
    match api.through_aliases(ty) {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    }
}

fn params_struct(api: &Api, operation: &Operation) -> Option<TokenStream> {
    let name = ident(operation.params_struct.as_ref()?);
    let fields =
        operation.parameters.iter().filter(|p| !p.required && p.location != ParameterLocation::Path).map(|parameter| {
            let field = ident(&parameter.name);
            // The caller builds these values: a plain `Vec`, not the decoded arrays' `List`.
            let ty = match &parameter.ty {
                TypeRef::Vec(item) => {
                    let item = rust_type(api, item);
                    quote! { ::std::vec::Vec<#item> }
                }
                other => rust_type(api, other),
            };
            let mut docs = description(&parameter.docs);
            if docs.is_empty() {
                docs.push(format!("`{}`; not sent when `None`.", parameter.wire));
            }
            let docs = doc_attrs(&docs, false);
            let deprecated = deprecated_attr(parameter.deprecated);
            quote! { #docs #deprecated pub #field: ::std::option::Option<#ty>, }
        });
    let doc = doc_attrs(
        &[format!(
            "The optional parameters of [`Client::{}`]; those left `None` are not sent.",
            operation.name.trim_start_matches("r#")
        )],
        false,
    );
    Some(quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    })
}

/// `HalLink` for every object with a string `href`, so `Client::follow` takes it.
fn hal_link(api: &Api, id: TypeId) -> Option<TokenStream> {
    let TypeKind::Struct { fields } = &api.types[id.0].kind else { return None };
    let href = api.link_href(id)?;
    let href = ident(&href.name);
    let templated = match fields
        .iter()
        .find(|f| f.wire == "templated" && matches!(api.through_aliases(&f.ty), TypeRef::Scalar(Scalar::Bool)))
    {
        Some(field) => {
            let field = ident(&field.name);
            quote! { self.#field == ::std::option::Option::Some(true) }
        }
        None => quote! { false },
    };
    let name = ident(&api.types[id.0].name);
    Some(quote! {
        impl ::client_runtime::http::HalLink for super::#name {
            fn href(&self) -> ::std::option::Option<&str> {
                self.#href.as_deref()
            }

            fn is_templated(&self) -> bool {
                #templated
            }
        }
    })
}
