//! Relay object identification: opaque global ids (`<Type>:<slug>`, base64url), the `Node`
//! interface, and lookups of a record by global id or by polymorphic reference.

use async_graphql::{Context, ID, Interface, Result, dataloader::DataLoader};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::connection::Wrap;
use super::loader::{ById, BySlug, Db};
use super::types::*;
use super::{gql, gql_load};
use crate::domain::record::Record;
use crate::error::{AppError, excerpt};

/// The longest global id accepted (type names and slugs are short).
pub const MAX_ID_CHARS: usize = 1024;

/// The opaque global id of a record.
pub fn encode_id(type_name: &str, slug: &str) -> ID {
    ID(crate::domain::gid::encode(type_name, slug))
}

/// Splits a global id into type name and slug; `expect` checks the type.
pub fn decode_id(id: &ID, expect: Option<&str>) -> Result<(String, String), AppError> {
    let bad = || AppError::BadUserInput(format!("`{}` is not a valid id", excerpt(id.as_str())));
    if id.len() > MAX_ID_CHARS {
        return Err(bad());
    }
    let bytes = URL_SAFE_NO_PAD.decode(id.as_str()).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let (ty, slug) = text.split_once(':').ok_or_else(bad)?;
    if slug.contains('\0') {
        return Err(bad());
    }
    if let Some(expected) = expect
        && ty != expected
    {
        return Err(AppError::BadUserInput(format!(
            "`{}` is the id of a {ty}, not of a {expected}",
            id.as_str()
        )));
    }
    Ok((ty.to_owned(), slug.to_owned()))
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
                    let key = BySlug::<<$ty as Wrap>::Entity>::new(slug);
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
                    let key = ById::<<$ty as Wrap>::Entity>::new(id);
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
