//! `Idempotency-Key`: the first request with a key reserves it and stores its answer; a retry
//! with the same key and the same request gets the stored answer; the same key with another
//! request is refused. Keys are per caller and kept for a configured time.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, sea_query::Expr,
};

use crate::entities::idempotency_key;

/// What to do with a request that carries a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Begin {
    /// The key is new: run the request, then [`finish`] (or [`abandon`]).
    Run,
    /// The request ran before: answer this.
    Replay(String),
    /// The key was used for another request.
    Mismatch,
    /// The first request with this key is still running.
    InProgress,
}

/// Reserves `key` for `principal` and this request (`hash`), or finds what it already holds.
/// Keys older than `ttl_secs` are forgotten first.
pub async fn begin(
    db: &impl ConnectionTrait,
    principal: &str,
    key: &str,
    hash: &str,
    ttl_secs: i64,
) -> Result<Begin, DbErr> {
    let now = now_secs();
    idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::CreatedAt.lt(now - ttl_secs))
        .exec(db)
        .await?;
    let model = idempotency_key::Model {
        id: 0,
        principal: principal.to_owned(),
        key: key.to_owned(),
        request_hash: hash.to_owned(),
        response: None,
        created_at: now,
    };
    let mut active = model.into_active_model().reset_all();
    active.not_set(idempotency_key::Column::Id);
    if active.insert(db).await.is_ok() {
        return Ok(Begin::Run);
    }
    // the unique (principal, key) index refused it: the key is taken
    let found = idempotency_key::Entity::find()
        .filter(idempotency_key::Column::Principal.eq(principal))
        .filter(idempotency_key::Column::Key.eq(key))
        .one(db)
        .await?;
    Ok(match found {
        None => Begin::InProgress,
        Some(row) if row.request_hash != hash => Begin::Mismatch,
        Some(row) => match row.response {
            Some(response) => Begin::Replay(response),
            None => Begin::InProgress,
        },
    })
}

/// Stores the answer of the request that reserved `key`.
pub async fn finish(
    db: &impl ConnectionTrait,
    principal: &str,
    key: &str,
    response: &str,
) -> Result<(), DbErr> {
    idempotency_key::Entity::update_many()
        .col_expr(idempotency_key::Column::Response, Expr::value(response))
        .filter(idempotency_key::Column::Principal.eq(principal))
        .filter(idempotency_key::Column::Key.eq(key))
        .exec(db)
        .await
        .map(|_| ())
}

/// Frees `key` after a failure that wrote nothing, so that a retry runs.
pub async fn abandon(db: &impl ConnectionTrait, principal: &str, key: &str) -> Result<(), DbErr> {
    idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::Principal.eq(principal))
        .filter(idempotency_key::Column::Key.eq(key))
        .exec(db)
        .await
        .map(|_| ())
}

fn now_secs() -> i64 {
    super::now_ms() / 1000
}
