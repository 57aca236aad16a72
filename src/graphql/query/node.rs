//! `node` and `nodes`: any record by its global id (Relay object identification).

use async_graphql::{Context, ID, Object, Result};

use crate::error::AppError;
use crate::graphql::budget::meter::Metered;
use crate::graphql::node::{Node, by_global_id};
use crate::graphql::{MAX_PAGE_SIZE, gql};

/// The Relay lookups.
#[derive(Default)]
pub struct NodeRoots;

#[Object]
impl NodeRoots {
    /// Any record by its global id (Relay object identification).
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id, as returned in any record's `id`.")] id: ID,
    ) -> Result<Option<Node>> {
        by_global_id(ctx, &id).await
    }

    /// Records by global id, in the order given; null where none exists.
    #[graphql(complexity = "ids.len() * child_complexity + 1")]
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, at most 100.")] ids: Vec<ID>,
    ) -> Result<Metered<Vec<Option<Node>>>> {
        if ids.len() > MAX_PAGE_SIZE {
            return Err(gql(AppError::BadUserInput(format!(
                "{} ids given; at most {MAX_PAGE_SIZE} may be fetched at once",
                ids.len()
            ))));
        }
        let lookups = ids.iter().map(|id| by_global_id(ctx, id));
        async_graphql::futures_util::future::try_join_all(lookups)
            .await
            .map(Metered)
    }
}
