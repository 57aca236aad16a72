//! `event_place`: A place of an event or series, with its role (venue, origin, destination, scope).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_place")]
/// A place of an event or series, with its role (venue, origin, destination, scope).
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Column `slug`.
    pub slug: String,
    /// Column `version`: 1 when made, one more at each change (named by updates).
    pub version: i32,
    /// Column `basis`.
    pub basis: String,
    /// Column `note`.
    pub note: Option<String>,
    /// Column `role`.
    pub role: String,
    /// Column `event_id`.
    pub event_id: Option<i32>,
    /// Column `series_id`.
    pub series_id: Option<i32>,
    /// Column `place_id`.
    pub place_id: i32,
}

/// No SeaORM relations: loaders query foreign keys directly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
