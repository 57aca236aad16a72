//! What every table has in common: an integer id, a unique slug, a table name that is also
//! the record type stored in polymorphic references (`citation.record_type`, …).

use sea_orm::{EntityTrait, FromQueryResult};

use super::row::Positional;
use crate::entities::*;

/// A table whose rows are records with an id and a slug.
pub trait Record:
    EntityTrait<Model: FromQueryResult + Positional + Clone + Send + Sync + 'static>
{
    /// The table name, also the record type in polymorphic references.
    const TABLE: &'static str;
    /// The primary key column.
    fn id_column() -> Self::Column;
    /// The slug column.
    fn slug_column() -> Self::Column;
    /// A row's id.
    fn id_of(model: &Self::Model) -> i32;
    /// A row's slug.
    fn slug_of(model: &Self::Model) -> &str;
}

macro_rules! record {
    ($($module:ident),+ $(,)?) => {$(
        impl Record for $module::Entity {
            const TABLE: &'static str = stringify!($module);
            fn id_column() -> Self::Column {
                $module::Column::Id
            }
            fn slug_column() -> Self::Column {
                $module::Column::Slug
            }
            fn id_of(model: &Self::Model) -> i32 {
                model.id
            }
            fn slug_of(model: &Self::Model) -> &str {
                &model.slug
            }
        }
    )+};
}

record!(
    citation,
    event,
    event_place,
    event_series,
    membership,
    name_variant,
    organization,
    succession,
    participation,
    person,
    place,
    place_part,
    relation,
    source_document,
    statistic,
    work,
);
