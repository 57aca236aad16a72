//! `work`: A legal act, quotation or musical work.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "work")]
/// A legal act, quotation or musical work.
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
    /// Column `kind`.
    pub kind: String,
    /// Column `title`.
    pub title: String,
    /// Column `legislation_type`.
    pub legislation_type: Option<String>,
    /// Column `identifier`.
    pub identifier: Option<String>,
    /// Column `text`.
    pub text: Option<String>,
    /// Column `language`.
    pub language: Option<String>,
    /// Column `creator_person_id`.
    pub creator_person_id: Option<i32>,
    /// Column `creator_organization_id`.
    pub creator_organization_id: Option<i32>,
    /// Column `passed_by_id`.
    pub passed_by_id: Option<i32>,
    /// Column `place_id`.
    pub place_id: Option<i32>,
    /// Column `series_id`.
    pub series_id: Option<i32>,
    /// Column `date`.
    pub date: Option<String>,
    /// Column `date_year_from`.
    pub date_year_from: Option<i32>,
    /// Column `date_year_to`.
    pub date_year_to: Option<i32>,
}

/// No SeaORM relations: loaders query foreign keys directly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
