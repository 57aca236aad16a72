//! `citation`: The source behind a record or one of its fields: a quote on a line of a document, or a basis and note.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "citation")]
/// The source behind a record or one of its fields: a quote on a line of a document, or a basis and note.
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Column `slug`.
    pub slug: String,
    /// Column `basis`.
    pub basis: String,
    /// Column `note`.
    pub note: Option<String>,
    /// Column `record_type`.
    pub record_type: String,
    /// Column `record_id`.
    pub record_id: i32,
    /// Column `position`.
    pub position: i32,
    /// Column `field`.
    pub field: Option<String>,
    /// Column `line`.
    pub line: Option<i32>,
    /// Column `quote`.
    pub quote: Option<String>,
    /// Column `document_id`.
    pub document_id: Option<i32>,
}

/// No SeaORM relations: loaders query foreign keys directly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
