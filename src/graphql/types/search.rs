//! Full-text search results: `SearchHit`, its edges and connection, and `RecordType`.

use async_graphql::{Context, Enum, Object, Result, SimpleObject};
use sea_orm::DatabaseConnection;

use crate::domain::listing::{Cursor, KeyValue};
use crate::domain::search::{self, Hit, Query};
use crate::error::AppError;
use crate::graphql::connection::PageInfo;
use crate::graphql::node::{Node, by_record};
use crate::graphql::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, gql};

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

/// A search hit and its cursor.
#[derive(SimpleObject)]
pub struct SearchHitEdge {
    /// Opaque cursor: pass it as `after` to get the hits after this one.
    cursor: String,
    /// The hit.
    node: SearchHit,
}

/// One page of search hits, best first.
pub struct SearchConnection {
    edges: Vec<SearchHitEdge>,
    has_previous: bool,
    has_next: bool,
    query: Query,
}

/// One page of search hits, best first.
#[Object]
impl SearchConnection {
    /// The hits of this page with their cursors.
    async fn edges(&self) -> &[SearchHitEdge] {
        &self.edges
    }
    /// The hits of this page.
    async fn nodes(&self) -> Vec<&SearchHit> {
        self.edges.iter().map(|e| &e.node).collect()
    }
    /// Where this page sits in the whole list.
    async fn page_info(&self) -> PageInfo {
        PageInfo {
            has_next_page: self.has_next,
            has_previous_page: self.has_previous,
            start_cursor: self.edges.first().map(|e| e.cursor.clone()),
            end_cursor: self.edges.last().map(|e| e.cursor.clone()),
        }
    }
    /// Number of records that match (one extra statement, run only when selected).
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        let db = ctx.data::<DatabaseConnection>()?;
        search::count(db, &self.query)
            .await
            .map_err(|e| gql(AppError::from(e)))
    }
}

fn bad(msg: String) -> async_graphql::Error {
    gql(AppError::BadUserInput(msg))
}

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
    let query = Query::new(text, tables.as_deref()).map_err(bad)?;
    let size = match first {
        None => DEFAULT_PAGE_SIZE as u64,
        Some(n) if n < 0 => return Err(bad(format!("`first` must not be negative (got {n})"))),
        Some(n) if n as usize > MAX_PAGE_SIZE => {
            return Err(bad(format!(
                "`first` is {n}; the maximum page size is {MAX_PAGE_SIZE}"
            )));
        }
        Some(n) => n as u64,
    };
    let fingerprint = query.fingerprint();
    let offset = match after {
        None => 0,
        Some(text) => match Cursor::decode(&text) {
            Some(Cursor { order, keys }) if order == fingerprint => match keys.as_slice() {
                [KeyValue::Int(n)] if *n >= 0 => *n as u64 + 1,
                _ => return Err(bad("`after` is not a cursor of this search".into())),
            },
            _ => return Err(bad("`after` is not a cursor of this search".into())),
        },
    };
    let db = ctx.data::<DatabaseConnection>()?;
    let mut hits = search::hits(db, &query, offset, size + 1)
        .await
        .map_err(|e| gql(AppError::from(e)))?;
    let has_next = hits.len() as u64 > size;
    hits.truncate(size as usize);
    let edges = hits
        .into_iter()
        .enumerate()
        .map(|(i, hit)| SearchHitEdge {
            cursor: Cursor {
                order: fingerprint.clone(),
                keys: vec![KeyValue::Int((offset + i as u64) as i64)],
            }
            .encode(),
            node: SearchHit(hit),
        })
        .collect();
    Ok(SearchConnection {
        edges,
        has_previous: offset > 0,
        has_next,
        query,
    })
}
