//! Full-text search results: `SearchHit`, its edges and connection, and `RecordType`.

use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Enum, Object, Result};

use crate::domain::search::{Hit, Query};
use crate::error::AppError;
use crate::graphql::loader::{Db, SearchPage};
use crate::graphql::node::{Node, by_record};
use crate::graphql::ranked::{Position, Ranked, Total};
use crate::graphql::{gql, gql_load};

/// A kind of record that search covers.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum RecordType {
    /// Organizations: name, name variants, description, purpose, disciplines.
    Organization,
    /// People: name, name variants, description, occupations.
    Person,
    /// Places: name and name variants.
    Place,
    /// Event series: name, name variants, description, disciplines.
    EventSeries,
    /// Events: title, name variants, theme, description.
    Event,
    /// Works and legal acts: title, name variants, identifier, text.
    Work,
    /// Citations: the quoted source passage.
    Citation,
}

impl RecordType {
    fn table(self) -> &'static str {
        match self {
            RecordType::Organization => "organization",
            RecordType::Person => "person",
            RecordType::Place => "place",
            RecordType::EventSeries => "event_series",
            RecordType::Event => "event",
            RecordType::Work => "work",
            RecordType::Citation => "citation",
        }
    }
}

/// A record that matched a search.
pub struct SearchHit(Hit);

/// A record that matched a search, with its relevance and the passage that matched.
#[Object]
impl SearchHit {
    /// The record.
    async fn record(&self, ctx: &Context<'_>) -> Result<Node> {
        by_record(ctx, &self.0.record_type, self.0.record_id)
            .await?
            .ok_or_else(|| {
                gql(AppError::Internal(format!(
                    "search entry for a missing {} {}",
                    self.0.record_type, self.0.record_id
                )))
            })
    }
    /// Relevance, higher is better: `ts_rank_cd` on PostgreSQL, `-bm25` on SQLite. It orders
    /// one result list; values are not comparable between the two databases.
    async fn score(&self) -> f64 {
        self.0.score
    }
    /// The field that matched best (name, other names or text), cut to a few words around
    /// the first match, matched words in `**bold**`.
    async fn snippet(&self) -> &str {
        &self.0.snippet
    }
}

/// One page of search hits, best first.
pub type SearchConnection = Ranked<SearchHit>;

/// Runs a search: one statement for the page, records through the loaders.
pub async fn search(
    ctx: &Context<'_>,
    text: &str,
    types: Option<Vec<RecordType>>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<SearchConnection> {
    let tables: Option<Vec<&'static str>> =
        types.map(|t| t.into_iter().map(RecordType::table).collect());
    let query = Query::new(text, tables.as_deref()).map_err(|m| gql(AppError::BadUserInput(m)))?;
    let position = Position::new(first, after, query.fingerprint())?;
    let page = SearchPage {
        query: query.clone(),
        offset: position.offset,
        limit: position.size + 1,
    };
    let hits = ctx
        .data::<DataLoader<Db>>()?
        .load_one(page)
        .await
        .map_err(gql_load)?
        .unwrap_or_default();
    let hits = hits.into_iter().map(SearchHit).collect();
    Ok(Ranked::new(hits, &position, Total::Search(query)))
}
