//! `participation`: A person or organization takes part in an event or a series.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "participation")]
/// A person or organization takes part in an event or a series.
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
    /// Column `label`.
    pub label: Option<String>,
    /// Column `person_id`.
    pub person_id: Option<i32>,
    /// Column `organization_id`.
    pub organization_id: Option<i32>,
    /// Column `event_id`.
    pub event_id: Option<i32>,
    /// Column `series_id`.
    pub series_id: Option<i32>,
    /// Column `derived_from`: for a role inherited from the event's series or from a relation, where it comes from (`part.<slug>`, `rel.<slug>`); `None` when the dataset states it.
    pub derived_from: Option<String>,
}

/// No SeaORM relations: loaders query foreign keys directly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
