//! `source_document`: A source text; every citation quotes one.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "source_document")]
/// A source text; every citation quotes one.
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
    /// Column `title`.
    pub title: String,
    /// Column `file_name`.
    pub file_name: String,
    /// Column `collection`.
    pub collection: Option<String>,
    /// Column `publisher`.
    pub publisher: Option<String>,
    /// Column `language`.
    pub language: Option<String>,
    /// Column `text`.
    pub text: String,
    /// Column `sha256`.
    pub sha256: String,
    /// Column `published`.
    pub published: Option<String>,
    /// Column `published_year_from`.
    pub published_year_from: Option<i32>,
    /// Column `published_year_to`.
    pub published_year_to: Option<i32>,
    /// Column `written`: when the text was written, if not when it was published (EDTF).
    pub written: Option<String>,
    /// Column `written_year_from`.
    pub written_year_from: Option<i32>,
    /// Column `written_year_to`.
    pub written_year_to: Option<i32>,
}

/// No SeaORM relations: loaders query foreign keys directly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
