//! The intermediate representation: resolved, named types, with wire names kept next to Rust names.
//!
//! Everything here is plain data in a deterministic order; it holds no YAML and no tokens.

use std::collections::BTreeMap;

/// Everything the emitter needs to write one API's code.
#[derive(Clone, Debug, Default)]
pub struct Api {
    /// `info.title` of the root document, if any.
    pub title: Option<String>,
    /// `info.version` of the root document, if any.
    pub version: Option<String>,
    /// `info.description` of the root document, as doc lines.
    pub docs: Vec<String>,
    /// Every type; a [`TypeId`] indexes this vector.
    pub types: Vec<TypeDef>,
    /// Output modules (one per schema file that defines types), by module name, each listing its
    /// types in the order they are written.
    pub modules: BTreeMap<String, Module>,
    /// Every operation of `paths`, sorted by path then method.
    pub operations: Vec<Operation>,
}

/// One HTTP operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The Rust method name (`get_vehicle_status`), unique across the API.
    pub name: String,
    /// `operationId` as written, or one made from the method and path when there is none.
    pub operation_id: String,
    /// `GET`, `POST`, … in upper case.
    pub method: String,
    /// The path template (`/user/vehicles/{id}/status`).
    pub path: String,
    /// `summary`, then `description`, as doc lines.
    pub docs: Vec<String>,
    /// The schema says `deprecated: true`.
    pub deprecated: bool,
    /// Path, query and header parameters, path-level ones merged in, in schema order.
    pub parameters: Vec<Parameter>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// The responses by status (`200`, `4XX`, `default`), sorted.
    pub responses: Vec<Response>,
    /// The name of the struct that holds the optional parameters, when there are any.
    pub params_struct: Option<String>,
    /// The name of the enum of success bodies by status, when the successes have different
    /// bodies (200 one type, 201 another).
    pub by_status: Option<String>,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParameterLocation {
    /// A `{name}` segment of the path, percent-encoded.
    Path,
    /// A query parameter.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// How a parameter's value is laid out: OpenAPI's `style` (the runtime's `http::Style`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterStyle {
    /// `a,b,c`: paths and headers.
    Simple,
    /// `name=a,b` or `name=a&name=b`: the query's default.
    Form,
    /// Query arrays joined by spaces.
    SpaceDelimited,
    /// Query arrays joined by `|`.
    PipeDelimited,
    /// Query objects as `name[key]=value`.
    DeepObject,
}

/// One operation parameter.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// The Rust name.
    pub name: String,
    /// The name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: ParameterLocation,
    /// The schema says `required: true` (always so for path parameters).
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// How its value is laid out.
    pub style: ParameterStyle,
    /// For arrays and objects: one key (or `k=v`) per item (`explode`, the default for `form`).
    pub explode: bool,
    /// Doc lines.
    pub docs: Vec<String>,
    /// The schema says `deprecated: true`.
    pub deprecated: bool,
}

/// A request body.
#[derive(Clone, Debug)]
pub struct Body {
    /// The media type sent.
    pub content_type: String,
    /// The body's type.
    pub ty: TypeRef,
    /// The schema says `required: true`.
    pub required: bool,
}

/// One response of an operation.
#[derive(Clone, Debug)]
pub struct Response {
    /// `200`, `2XX`, `default`, … as written.
    pub status: String,
    /// Its description, as doc lines.
    pub docs: Vec<String>,
    /// The bodies by media type (keys trimmed of stray spaces), sorted; empty for no body.
    pub content: Vec<(String, TypeRef)>,
}

impl Response {
    /// The type of its JSON body, if it has one.
    #[must_use]
    pub fn json_body(&self) -> Option<&TypeRef> {
        self.content.iter().find(|(media, _)| is_json_media(media)).map(|(_, ty)| ty)
    }

    /// A success: `2xx` or `2XX`.
    #[must_use]
    pub fn is_success(&self) -> bool {
        self.status.starts_with('2')
    }
}

/// The media types the runtime decodes as JSON (`application/json`, any `+json`, `text/json`).
#[must_use]
pub fn is_json_media(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    media == "application/json" || media == "text/json" || media.ends_with("+json")
}

impl Api {
    /// A type use with type aliases looked through (`LinkRelation` → `OneOrMany<Link>`).
    #[must_use]
    pub fn through_aliases<'a>(&'a self, mut ty: &'a TypeRef) -> &'a TypeRef {
        while let TypeRef::Named(id) = ty
            && let TypeKind::Alias { target } = &self.types[id.0].kind
        {
            ty = target;
        }
        ty
    }

    /// The `href` field of a HAL link object: a struct with a string `href`.
    #[must_use]
    pub fn link_href(&self, id: TypeId) -> Option<&Field> {
        let TypeKind::Struct { fields } = &self.types[id.0].kind else { return None };
        fields
            .iter()
            .find(|f| f.wire == "href" && matches!(self.through_aliases(&f.ty), TypeRef::Scalar(Scalar::String)))
    }
}

/// One output module.
#[derive(Clone, Debug, Default)]
pub struct Module {
    /// The schema file the module's types come from.
    pub source: String,
    /// The module's types, in output order.
    pub types: Vec<TypeId>,
}

/// The index of a type in [`Api::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// One generated type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// The Rust name, unique across the API.
    pub name: String,
    /// The module it is written in.
    pub module: String,
    /// Where it was defined, as `file#pointer`, for the doc comment.
    pub origin: String,
    /// Doc lines from the schema's `title` and `description`.
    pub docs: Vec<String>,
    /// The schema says `deprecated: true`.
    pub deprecated: bool,
    /// What it is.
    pub kind: TypeKind,
}

/// The shapes a generated type can have.
#[derive(Clone, Debug)]
pub enum TypeKind {
    /// An object: a struct whose fields are all optional, plus the kept extras.
    Struct {
        /// The fields, in schema order.
        fields: Vec<Field>,
    },
    /// A string enum, open: unknown strings land in the catch-all variant.
    Enum {
        /// The listed values, in schema order.
        variants: Vec<EnumVariant>,
        /// The name of the catch-all variant.
        catch_all: String,
    },
    /// A `oneOf`/`anyOf`: each variant is tried in order; no match keeps the raw value.
    OneOf {
        /// The variants, in schema order.
        variants: Vec<OneOfVariant>,
        /// The name of the raw fallback variant.
        other: String,
    },
    /// A named schema that is just another type (a `$ref`, a scalar, an array): a type alias.
    Alias {
        /// The aliased type.
        target: TypeRef,
    },
}

/// One struct field.
#[derive(Clone, Debug)]
pub struct Field {
    /// The Rust name (`r#type` for keywords).
    pub name: String,
    /// The primary wire name.
    pub wire: String,
    /// Alternate wire names that decode into the same field (`x-aliases`).
    pub aliases: Vec<String>,
    /// The field's type; the field itself is `Option` of it.
    pub ty: TypeRef,
    /// Doc lines.
    pub docs: Vec<String>,
    /// The schema says `deprecated: true`.
    pub deprecated: bool,
    /// For a HAL link relation: the type of the resource it points at (`x-link-target`).
    pub link_target: Option<TypeRef>,
}

/// One listed value of an open enum.
#[derive(Clone, Debug)]
pub struct EnumVariant {
    /// The Rust name.
    pub name: String,
    /// The wire text.
    pub wire: String,
}

/// One variant of a `oneOf`.
#[derive(Clone, Debug)]
pub struct OneOfVariant {
    /// The Rust name.
    pub name: String,
    /// The variant's payload.
    pub ty: TypeRef,
}

/// A use of a type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A type of the runtime or the standard library.
    Scalar(Scalar),
    /// A generated type.
    Named(TypeId),
    /// An array.
    Vec(Box<TypeRef>),
    /// An object used as a map (`additionalProperties`).
    Map(Box<TypeRef>),
    /// A nullable array item or map value.
    Nullable(Box<TypeRef>),
    /// One object or an array of them (a HAL link relation).
    OneOrMany(Box<TypeRef>),
    /// A recursive edge, boxed so the type has a finite size.
    Boxed(Box<TypeRef>),
}

/// The scalar types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scalar {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32` (`format: int32`).
    I32,
    /// `i64` (`integer`).
    I64,
    /// `u64` (`format: uint64`): ids and counters the API sends beyond `i64`.
    U64,
    /// `f64` (`number`).
    F64,
    /// A forgiving timestamp (`format: date-time`).
    Timestamp,
    /// An ISO 8601 duration (`format: duration`).
    Duration,
    /// Any JSON value (a schema with no type).
    Json,
    /// Any JSON object (`type: object` with no properties).
    JsonObject,
}
