//! People: lookups and pages.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::entities::person;

/// A person by slug.
pub async fn by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<person::Model>, DbErr> {
    person::Entity::find()
        .filter(person::Column::Slug.eq(slug))
        .one(db)
        .await
}

/// A page of people in id order, and the total count.
pub async fn page(
    db: &impl ConnectionTrait,
    offset: u64,
    limit: u64,
) -> Result<(Vec<person::Model>, u64), DbErr> {
    let rows = person::Entity::find()
        .order_by_asc(person::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    let total = person::Entity::find().count(db).await?;
    Ok((rows, total))
}
