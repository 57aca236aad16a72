//! `search`: full-text search across record types.

use async_graphql::{Context, Object, Result};

use crate::graphql::types::{RecordType, SearchConnection, search};

/// The search field.
#[derive(Default)]
pub struct SearchRoot;

#[Object]
impl SearchRoot {
    /// Full-text search across organizations, people, places, event series, events,
    /// works and citations: names, name variants (source misspellings included) and
    /// descriptive text. Case, accents and script do not matter ("Nexo" finds "Nexø");
    /// every word must match the start of a word. Best hits first.
    #[graphql(complexity = "crate::graphql::connection::cost(first, None, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words to find (at most 16 words, 500 characters).")] text: String,
        #[graphql(desc = "Only these record types (default: all).")] types: Option<Vec<RecordType>>,
        #[graphql(desc = "Page size (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Only hits after this cursor.")] after: Option<String>,
    ) -> Result<SearchConnection> {
        search(ctx, &text, types, first, after).await
    }
}
