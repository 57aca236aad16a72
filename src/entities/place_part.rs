//! `place_part`: Dated containment of one place in another.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "place_part")]
/// Dated containment of one place in another.
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
    /// Column `place_id`.
    pub place_id: i32,
    /// Column `part_of_id`.
    pub part_of_id: i32,
    /// Column `valid`.
    pub valid: Option<String>,
    /// Column `valid_year_from`.
    pub valid_year_from: Option<i32>,
    /// Column `valid_year_to`.
    pub valid_year_to: Option<i32>,
    /// Column `latest_start`: the latest year the record can have started in (certain reading).
    pub latest_start: Option<i32>,
    /// Column `earliest_end`: the earliest year the record can have ended in (certain reading).
    pub earliest_end: Option<i32>,
    /// Column `possible_start`: the earliest year the record can have held in, after the rules of "alive in a year" (`None`: open).
    pub possible_start: Option<i32>,
    /// Column `possible_end`: the latest year the record can have held in, after the rules of "alive in a year" (`None`: open).
    pub possible_end: Option<i32>,
    /// Column `end_basis`: where the end comes from (`stated`, `succession`, `body`, `holder`, `current`, `open`).
    pub end_basis: Option<String>,
    /// Column `end_ref`: the record a derived end comes from (`suc.<slug>`, `org.<slug>`, `per.<slug>`, `doc.<slug>`).
    pub end_ref: Option<String>,
}

/// No SeaORM relations: loaders query foreign keys directly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
