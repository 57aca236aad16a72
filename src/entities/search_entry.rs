//! `search_entry`: one row per searchable record, the text the full-text index covers.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_entry")]
/// The searchable text of one record, as written and folded.
pub struct Model {
    /// Primary key (the FTS5 rowid on SQLite).
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Table of the record.
    pub record_type: String,
    /// Id of the record in its table.
    pub record_id: i32,
    /// The record's name or title.
    pub title: String,
    /// Its other names, separated by ` · `.
    pub names: String,
    /// Its descriptive text.
    pub body: String,
    /// `title` folded for the index.
    pub title_folded: String,
    /// `names` folded for the index.
    pub names_folded: String,
    /// `body` folded for the index.
    pub body_folded: String,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
