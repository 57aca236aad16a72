//! The history of curated writes: one `change` row per record written, in the write's own
//! transaction, read back per record or since a time.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::domain::dataset::kind::Kind;
use crate::entities::change;

use super::{Writer, now_ms};

/// One change to record.
pub struct Entry {
    /// The record's kind.
    pub kind: Kind,
    /// Its id.
    pub id: i32,
    /// Its slug.
    pub slug: String,
    /// The record before (JSON) and its version; none for a create.
    pub before: Option<(String, i32)>,
    /// The record after (JSON) and its version; none for a delete.
    pub after: Option<(String, i32)>,
    /// The change this one undoes.
    pub reverts: Option<i32>,
}

/// Records a change; returns its id.
pub async fn record(w: &Writer<'_>, db: &impl ConnectionTrait, entry: Entry) -> Result<i32, DbErr> {
    let (before, version_before) = entry.before.unzip();
    let (after, version_after) = entry.after.unzip();
    let model = change::Model {
        id: 0,
        at: now_ms(),
        actor: w.actor_name(),
        mutation: w.mutation.to_owned(),
        record_type: entry.kind.table().to_owned(),
        record_id: entry.id,
        slug: entry.slug,
        version_before,
        version_after,
        before,
        after,
        reverts: entry.reverts,
    };
    let mut active = model.into_active_model().reset_all();
    active.not_set(change::Column::Id);
    Ok(active.insert(db).await?.id)
}

/// The change `id`.
pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Option<change::Model>, DbErr> {
    change::Entity::find_by_id(id).one(db).await
}

/// Which changes to list.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only those of one record: its table and slug.
    pub record: Option<(Kind, String)>,
    /// Only those made at or after this time (Unix milliseconds).
    pub since_ms: Option<i64>,
}

/// Up to `limit` changes after the change `after` (exclusive), oldest first.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &Filter,
    after: Option<i32>,
    limit: u64,
) -> Result<Vec<change::Model>, DbErr> {
    let mut query = change::Entity::find().order_by_asc(change::Column::Id);
    if let Some((kind, slug)) = &filter.record {
        query = query
            .filter(change::Column::RecordType.eq(kind.table()))
            .filter(change::Column::Slug.eq(slug.as_str()));
    }
    if let Some(since) = filter.since_ms {
        query = query.filter(change::Column::At.gte(since));
    }
    if let Some(after) = after {
        query = query.filter(change::Column::Id.gt(after));
    }
    query.limit(limit).all(db).await
}
