//! `statistic`: A number stated about a record.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "statistic")]
/// A number stated about a record.
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
    /// Column `subject_type`.
    pub subject_type: String,
    /// Column `subject_id`.
    pub subject_id: i32,
    /// Column `indicator`.
    pub indicator: String,
    /// Column `value`.
    pub value: i64,
    /// Column `comparator`.
    pub comparator: String,
    /// Column `unit`.
    pub unit: Option<String>,
    /// Column `per`.
    pub per: Option<String>,
    /// Column `value_text`.
    pub value_text: String,
    /// Column `as_of_text`.
    pub as_of_text: Option<String>,
    /// Column `as_of`.
    pub as_of: Option<String>,
    /// Column `as_of_year_from`.
    pub as_of_year_from: Option<i32>,
    /// Column `as_of_year_to`.
    pub as_of_year_to: Option<i32>,
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
