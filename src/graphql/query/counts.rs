//! `datasetCounts`: row counts per table.

use async_graphql::{Context, Object, Result, SimpleObject, dataloader::DataLoader};

use crate::graphql::budget::meter::Metered;
use crate::graphql::gql_load;
use crate::graphql::loader::{Db, TableCounts};

/// How many rows a table holds.
#[derive(SimpleObject)]
pub struct TableCount {
    /// Table name.
    pub table: String,
    /// Row count.
    pub count: u64,
}

/// The dataset counts field.
#[derive(Default)]
pub struct CountsRoot;

#[Object]
impl CountsRoot {
    /// Row counts per table: a quick proof that the dataset is loaded. Counts the dataset's
    /// records (roles an event inherits from its series or a relation are not records).
    async fn dataset_counts(&self, ctx: &Context<'_>) -> Result<Metered<Vec<TableCount>>> {
        let loader = ctx.data::<DataLoader<Db>>()?;
        let counts = loader
            .load_one(TableCounts)
            .await
            .map_err(gql_load)?
            .unwrap_or_default();
        Ok(Metered(
            counts
                .into_iter()
                .map(|(table, count)| TableCount {
                    table: table.into(),
                    count,
                })
                .collect(),
        ))
    }
}
