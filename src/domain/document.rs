//! Source documents.

use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};

use crate::entities::source_document;

/// Every source document, in id order.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<source_document::Model>, DbErr> {
    source_document::Entity::find()
        .order_by_asc(source_document::Column::Id)
        .all(db)
        .await
}
