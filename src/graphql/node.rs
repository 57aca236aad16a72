//! Relay object identification: opaque global ids (`<Type>:<slug>`, base64url), the `Node`
//! interface, and lookups of a record by global id or by polymorphic reference.

use async_graphql::{Context, ID, Interface, Result, dataloader::DataLoader};

use super::columns;
use super::connection::Wrap;
use super::loader::{ById, BySlug, Db};
use super::types::*;
use super::{gql, gql_load};
use crate::domain::record::Record;
use crate::error::AppError;

pub use crate::domain::gid::MAX_ID_CHARS;

/// Splits a global id into type name and slug; `expect` checks the type.
pub fn decode_id(id: &ID, expect: Option<&str>) -> Result<(String, String), AppError> {
    crate::domain::gid::decode(id.as_str(), expect)
}

/// The opaque global id of a record.
pub fn encode_id(type_name: &str, slug: &str) -> ID {
    ID(crate::domain::gid::encode(type_name, slug))
}

macro_rules! node {
    ($($ty:ident),+ $(,)?) => {
        /// Any record: every record type implements it, so any record can be fetched by its
        /// global id with `node(id:)`.
        #[derive(Interface)]
        #[graphql(
            field(name = "id", ty = "ID", desc = "Globally unique, opaque identifier (Relay)."),
            field(name = "slug", ty = "&str", desc = "Stable identifier, unique within its type.")
        )]
        pub enum Node {
            $(
                #[allow(missing_docs)]
                $ty($ty),
            )+
        }

        /// The record with a global id, or `None` if there is none.
        pub async fn by_global_id(ctx: &Context<'_>, id: &ID) -> Result<Option<Node>> {
            let (ty, slug) = decode_id(id, None).map_err(gql)?;
            let loader = ctx.data::<DataLoader<Db>>()?;
            $(
                if ty == stringify!($ty) {
                    let key = BySlug::<<$ty as Wrap>::Entity>::new(slug, columns::selected::<$ty>(ctx));
                    let found = loader.load_one(key).await.map_err(gql_load)?;
                    return Ok(found.map(|m| Node::$ty(<$ty as Wrap>::wrap(m))));
                }
            )+
            Err(gql(AppError::BadUserInput(format!(
                "`{}` is not a valid id: unknown type `{ty}`", id.as_str()
            ))))
        }

        /// The record a polymorphic reference (table name and id) points at.
        pub async fn by_record(ctx: &Context<'_>, table: &str, id: i32) -> Result<Option<Node>> {
            let loader = ctx.data::<DataLoader<Db>>()?;
            $(
                if table == <<$ty as Wrap>::Entity as Record>::TABLE {
                    let key = ById::<<$ty as Wrap>::Entity>::new(id, columns::selected::<$ty>(ctx));
                    let found = loader.load_one(key).await.map_err(gql_load)?;
                    return Ok(found.map(|m| Node::$ty(<$ty as Wrap>::wrap(m))));
                }
            )+
            Err(gql(AppError::Internal(format!("unknown record type `{table}`"))))
        }
    };
}

node!(
    Citation,
    Event,
    EventPlace,
    EventSeries,
    Membership,
    NameVariant,
    Organization,
    Participation,
    Person,
    Place,
    PlacePart,
    Relation,
    SourceDocument,
    Statistic,
    Succession,
    Work,
);
