//! What writes answer: the record as it now is, with the change that was recorded.

use std::borrow::Cow;

use async_graphql::{Object, Result, SimpleObject, TypeName};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::domain::curate::{Deleted, Written, history};
use crate::domain::dataset::kind::typed;
use crate::domain::record::Record;
use crate::error::AppError;
use crate::graphql::connection::Wrap;
use crate::graphql::gql;
use crate::graphql::types::Change;

/// The record a write left behind, read back in the write's wake (a read after a write sees
/// the write).
pub struct Payload<T> {
    record: T,
    change: Option<crate::entities::change::Model>,
}

impl<T: Wrap> Payload<T> {
    /// Reads the written record and its change.
    pub async fn load(db: &DatabaseConnection, written: Written) -> Result<Self> {
        let model = <T::Entity as EntityTrait>::find()
            .filter(<T::Entity as Record>::id_column().eq(written.id))
            .one(db)
            .await
            .map_err(|e| gql(e.into()))?
            .ok_or_else(|| gql(AppError::NotFound(format!("`{}` is gone", written.slug))))?;
        let change = change(db, written.change).await?;
        Ok(Payload {
            record: T::wrap(model),
            change,
        })
    }
}

async fn change(
    db: &DatabaseConnection,
    id: Option<i32>,
) -> Result<Option<crate::entities::change::Model>> {
    match id {
        Some(id) => history::get(db, id).await.map_err(|e| gql(e.into())),
        None => Ok(None),
    }
}

/// The result of a create, update or upsert: the record as it now is, and the change
/// recorded (null when the write changed nothing).
#[Object(name_type)]
impl<T: Wrap> Payload<T> {
    /// The record as it now is (its `version` is the one to name in the next update).
    async fn record(&self) -> &T {
        &self.record
    }
    /// The change recorded; null when the input changed nothing.
    async fn change(&self) -> Option<Change> {
        self.change.clone().map(Change)
    }
}

impl<T: Wrap> TypeName for Payload<T> {
    fn type_name() -> Cow<'static, str> {
        format!("{}Payload", T::type_name()).into()
    }
}

/// A record a delete removed.
#[derive(SimpleObject)]
pub struct DeletedRecord {
    /// The record as a typed reference of the dataset files (`org.usfs`).
    pub record: String,
    /// Its type as stored (`organization`).
    pub record_type: String,
    /// Its slug.
    pub slug: String,
    /// Its last version.
    pub version: i32,
    /// The change recorded (pass its id to `revertChange` to restore the record).
    pub change: Option<Change>,
}

/// The result of a delete: the record asked for first, then every record a cascade deleted.
#[derive(SimpleObject)]
pub struct DeletePayload {
    /// Every record deleted.
    pub deleted: Vec<DeletedRecord>,
}

impl DeletePayload {
    /// Reads the changes of a delete.
    pub async fn load(db: &DatabaseConnection, deleted: Deleted) -> Result<Self> {
        let mut out = Vec::with_capacity(deleted.records.len());
        for w in deleted.records {
            out.push(DeletedRecord {
                record: typed(w.kind, &w.slug),
                record_type: w.kind.table().to_owned(),
                slug: w.slug,
                version: w.version,
                change: change(db, w.change).await?.map(Change),
            });
        }
        Ok(DeletePayload { deleted: out })
    }
}

/// The result of `revertChange`.
#[derive(SimpleObject)]
pub struct RevertPayload {
    /// The record as a typed reference (`org.usfs`).
    pub record: String,
    /// Its version after the revert (the last version when the revert deleted it).
    pub version: i32,
    /// The change recorded for the revert.
    pub change: Option<Change>,
}

impl RevertPayload {
    /// Reads the change of a revert.
    pub async fn load(db: &DatabaseConnection, w: Written) -> Result<Self> {
        Ok(RevertPayload {
            record: typed(w.kind, &w.slug),
            version: w.version,
            change: change(db, w.change).await?.map(Change),
        })
    }
}
