//! `api_key`: A key for writes: found by its prefix, checked against its argon2id hash.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_key")]
/// A key for writes: found by its prefix, checked against its argon2id hash.
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Column `prefix`: the key's non-secret identifier (in the key itself, and in logs).
    pub prefix: String,
    /// Column `hash`: the argon2id hash of the whole key, as a PHC string.
    pub hash: String,
    /// Column `name`: who or what the key is for.
    pub name: String,
    /// Column `role`: `editor` or `admin`.
    pub role: String,
    /// Column `created_at`: Unix seconds.
    pub created_at: i64,
    /// Column `last_used_at`: Unix seconds.
    pub last_used_at: Option<i64>,
    /// Column `revoked_at`: Unix seconds; a revoked key authenticates nothing.
    pub revoked_at: Option<i64>,
}

/// No SeaORM relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
