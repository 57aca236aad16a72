//! `person`: A person.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
/// A person.
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
    /// Column `name`.
    pub name: String,
    /// Column `occupations`.
    pub occupations: Option<String>,
    /// Column `description`.
    pub description: Option<String>,
    /// Column `nationality_id`.
    pub nationality_id: Option<i32>,
    /// Column `born`.
    pub born: Option<String>,
    /// Column `born_year_from`.
    pub born_year_from: Option<i32>,
    /// Column `born_year_to`.
    pub born_year_to: Option<i32>,
    /// Column `died`.
    pub died: Option<String>,
    /// Column `died_year_from`.
    pub died_year_from: Option<i32>,
    /// Column `died_year_to`.
    pub died_year_to: Option<i32>,
}

/// No SeaORM relations: loaders query foreign keys directly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
