//! Organizations: lookups and pages.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::entities::organization;

/// An organization by slug.
pub async fn by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<organization::Model>, DbErr> {
    organization::Entity::find()
        .filter(organization::Column::Slug.eq(slug))
        .one(db)
        .await
}

/// A page of organizations in id order, and the total count.
pub async fn page(
    db: &impl ConnectionTrait,
    offset: u64,
    limit: u64,
) -> Result<(Vec<organization::Model>, u64), DbErr> {
    let rows = organization::Entity::find()
        .order_by_asc(organization::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    let total = organization::Entity::find().count(db).await?;
    Ok((rows, total))
}
