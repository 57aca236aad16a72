//! `change`: One curated write to one record: who, when, which mutation, before and after.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "change")]
/// One curated write to one record: who, when, which mutation, before and after.
pub struct Model {
    /// Primary key; changes are numbered in the order they were made.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Column `at`: Unix milliseconds, UTC.
    pub at: i64,
    /// Column `actor`: the key's name and prefix, or the token's subject.
    pub actor: String,
    /// Column `mutation`: the root field that made it (`updateOrganization`).
    pub mutation: String,
    /// Column `record_type`: the record's table.
    pub record_type: String,
    /// Column `record_id`: the record's id.
    pub record_id: i32,
    /// Column `slug`: the record's slug.
    pub slug: String,
    /// Column `version_before`: none for a create.
    pub version_before: Option<i32>,
    /// Column `version_after`: none for a delete.
    pub version_after: Option<i32>,
    /// Column `before`: the record in the dataset file format, as JSON; none for a create.
    pub before: Option<String>,
    /// Column `after`: the record in the dataset file format, as JSON; none for a delete.
    pub after: Option<String>,
    /// Column `reverts`: the change this one undid.
    pub reverts: Option<i32>,
}

/// No SeaORM relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
