//! `changes(since:)`: the history of curated writes, oldest first.

use async_graphql::{Context, Object, Result};

use crate::domain::curate::history::Filter;
use crate::graphql::types::{ChangeConnection, change_page, since_ms};

/// The root field of the history.
#[derive(Default)]
pub struct ChangesRoot;

#[Object]
impl ChangesRoot {
    /// Every curated change (create, update, delete, revert), oldest first: who made it,
    /// when, with which mutation, and the record before and after. Poll it with `since` to
    /// follow edits.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only changes made at or after this time: RFC 3339 \
                          (`2026-12-02T10:00:00Z`) or a date (`2026-12-02`).")]
        since: Option<String>,
        #[graphql(desc = "Page size (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Only changes after this cursor.")] after: Option<String>,
    ) -> Result<ChangeConnection> {
        let since_ms = since.as_deref().map(since_ms).transpose()?;
        let filter = Filter {
            record: None,
            since_ms,
        };
        change_page(ctx, filter, first, after).await
    }
}
