//! `record_object!`: declares a GraphQL output type wrapping one table's model, with the fields
//! every record has (`id`, `slug`, `basis`, `note`, `citations`, `nameVariants`), the type's
//! own fields written by hand, its dated fields (each an EDTF string with its window of years:
//! `valid`, `validYearFrom`, `validYearTo`), and its to-many relations as connections that all take the same
//! arguments and load through the request's DataLoader.

/// See the module documentation.
macro_rules! record_object {
    (
        $(#[$meta:meta])*
        $ty:ident wraps $module:ident, filter $filter:ident, order $order:ident $(, curated $curated:ident)?;
        fields { $($body:tt)* }
        dated { $($dated:tt)* }
        connections { $($conns:tt)* }
    ) => {
        record_object! {
            @expand
            $(#[$meta])*
            $ty wraps $module, filter $filter, order $order $(, curated $curated)?;
            fields { $($body)* }
            dated { $($dated)* }
            connections {
                /// The source passages behind this record, in source order.
                citations: crate::graphql::types::Citation = crate::domain::links::ToMany::Citations(stringify!($module));
                /// Other names of this record (former, short, translated, misspelt in a source).
                name_variants: crate::graphql::types::NameVariant =
                    crate::domain::links::ToMany::NameVariants(stringify!($module));
                $($conns)*
            }
        }
    };
    (
        @expand
        $(#[$meta:meta])*
        $ty:ident wraps $module:ident, filter $filter:ident, order $order:ident $(, curated $curated:ident)?;
        fields { $($body:tt)* }
        dated { $( $edtf:ident, $from:ident, $to:ident: $d_edtf:literal, $d_from:literal, $d_to:literal; )* }
        connections { $( $(#[$cmeta:meta])* $field:ident: $node:ty = $rel:expr; )* }
    ) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $ty(pub crate::entities::$module::Model);

        impl crate::graphql::connection::Wrap for $ty {
            type Entity = crate::entities::$module::Entity;
            type Filter = $filter;
            type OrderField = $order;
            fn wrap(model: crate::entities::$module::Model) -> Self {
                $ty(model)
            }
        }

        impl $ty {
            /// Its dated fields and connections, as the query compiler reads them (names in
            /// Rust case).
            pub(crate) fn compiled_fields() -> Vec<(&'static str, crate::graphql::compile::Field)> {
                use crate::graphql::compile::Field;
                vec![
                    $(
                        ({ let _ = stringify!($curated); "version" }, Field::Int("version")),
                    )?
                    $(
                        (stringify!($edtf), Field::Text(stringify!($edtf))),
                        (stringify!($from), Field::Int(stringify!($from))),
                        (stringify!($to), Field::Int(stringify!($to))),
                    )*
                    $(
                        (
                            stringify!($field),
                            Field::Many($rel, <$node as async_graphql::OutputType>::type_name().into_owned()),
                        ),
                    )*
                ]
            }
        }

        $(#[$meta])*
        #[async_graphql::Object]
        impl $ty {
            /// Globally unique, opaque identifier (Relay): pass it to `node(id:)`.
            pub async fn id(&self) -> async_graphql::ID {
                crate::graphql::node::encode_id(stringify!($ty), &self.0.slug)
            }
            /// Stable identifier, unique within its type; used in the dataset files.
            pub async fn slug(&self) -> &str {
                &self.0.slug
            }
            /// Where the record as a whole comes from.
            async fn basis(&self) -> async_graphql::Result<crate::graphql::enums::Basis> {
                crate::graphql::stored(&self.0.basis)
            }
            /// The curator's note on the record: how it was read from the sources and what
            /// is uncertain. Meant for curators and researchers, not for display as data.
            async fn curator_note(&self) -> Option<&str> {
                self.0.note.as_deref()
            }
            /// The curator's note (the same as `curatorNote`).
            #[graphql(deprecation = "A curator's note, not display data: use `curatorNote`.")]
            async fn note(&self) -> Option<&str> {
                self.0.note.as_deref()
            }

            $(
                /// The record's version: 1 when made, one more at each change. An update or
                /// delete names the version it read; a stale one is refused with `CONFLICT`.
                async fn version(&self) -> i32 {
                    self.0.version
                }
                /// Every curated change to this record (who, when, which mutation, the record
                /// before and after), oldest first.
                async fn history(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                    #[graphql(desc = "Page size (default 20, at most 100).")] first: Option<i32>,
                    #[graphql(desc = "Only changes after this cursor.")] after: Option<String>,
                ) -> async_graphql::Result<crate::graphql::types::ChangeConnection> {
                    let kind = crate::domain::dataset::kind::Kind::$curated;
                    crate::graphql::types::record_history(ctx, kind, &self.0.slug, first, after).await
                }
            )?

            $($body)*

            $(
                #[doc = $d_edtf]
                async fn $edtf(&self) -> Option<&str> {
                    self.0.$edtf.as_deref()
                }
                #[doc = $d_from]
                async fn $from(&self) -> Option<i32> {
                    self.0.$from
                }
                #[doc = $d_to]
                async fn $to(&self) -> Option<i32> {
                    self.0.$to
                }
            )*

            $(
                $(#[$cmeta])*
                #[graphql(complexity = "crate::graphql::connection::cost(first, last, child_complexity)")]
                #[allow(clippy::too_many_arguments)] // the Relay arguments are GraphQL arguments
                async fn $field(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                    #[graphql(desc = "Page size from the start (default 20, at most 100).")] first: Option<i32>,
                    #[graphql(desc = "Only records after this cursor.")] after: Option<String>,
                    #[graphql(desc = "Page size from the end (at most 100).")] last: Option<i32>,
                    #[graphql(desc = "Only records before this cursor.")] before: Option<String>,
                    #[graphql(desc = "Only records matching this filter.")]
                    filter: Option<<$node as crate::graphql::connection::Wrap>::Filter>,
                    #[graphql(desc = "Ordering, applied in the order given; ties are broken by creation order.")]
                    order_by: Option<Vec<crate::graphql::filter::OrderBy<<$node as crate::graphql::connection::Wrap>::OrderField>>>,
                ) -> async_graphql::Result<crate::graphql::connection::Conn<$node>> {
                    let args = crate::graphql::connection::PageArgs { first, after, last, before };
                    let set = crate::graphql::columns::connection::<$node>(ctx);
                    crate::graphql::connection::child(ctx, $rel, self.0.id, args, filter, order_by, set).await
                }
            )*
        }
    };
}

/// Declares a `<Noun>OrderField` enum and its sort keys.
macro_rules! order_fields {
    (
        $(#[$meta:meta])*
        $name:ident for $module:ident {
            $( $(#[$vmeta:meta])* $variant:ident => ($key:literal, $column:ident, $kind:ident, $nullable:literal), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(async_graphql::Enum, Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            /// Creation order (the primary key).
            Id,
            $( $(#[$vmeta])* $variant, )+
        }

        impl crate::graphql::filter::SortField for $name {
            fn key(self) -> (&'static str, sea_orm::sea_query::Expr, crate::domain::listing::KeyType, bool) {
                use crate::domain::listing::KeyType::*;
                use crate::entities::$module::Column;
                match self {
                    $name::Id => crate::graphql::filter::key("id", Column::Id, Int, false),
                    $( $name::$variant => crate::graphql::filter::key($key, Column::$column, $kind, $nullable), )+
                }
            }
        }
    };
}
