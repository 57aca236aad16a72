//! DataLoaders: one statement per batch of keys, whatever the number of parents.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::entities::place;
use crate::error::AppError;

/// Loads places by id.
pub struct PlaceLoader(pub DatabaseConnection);

impl Loader<i32> for PlaceLoader {
    type Value = place::Model;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        let rows = place::Entity::find()
            .filter(place::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await
            .map_err(|e| Arc::new(AppError::from(e)))?;
        Ok(rows.into_iter().map(|p| (p.id, p)).collect())
    }
}
