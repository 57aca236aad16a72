//! `idempotency_key`: The stored answer of a mutation sent with an `Idempotency-Key`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_key")]
/// The stored answer of a mutation sent with an `Idempotency-Key`.
pub struct Model {
    /// Primary key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Column `principal`: whose key it is (keys of different callers never meet).
    pub principal: String,
    /// Column `key`: the header's value.
    pub key: String,
    /// Column `request_hash`: SHA-256 of the request (query, operation, variables).
    pub request_hash: String,
    /// Column `response`: the answer as sent; none while the first request still runs.
    pub response: Option<String>,
    /// Column `created_at`: Unix seconds.
    pub created_at: i64,
}

/// No SeaORM relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
