//! Connections over computed lists (search hits, statistics groups), paged by position: a
//! cursor holds the item's position and a hash of the query it belongs to.

use std::borrow::Cow;

use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Object, OutputType, Result, TypeName};

use super::budget::meter::Metered;
use super::connection::PageInfo;
use super::loader::{Db, GroupCount, GroupingKey, SearchCount};
use super::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, gql, gql_load};
use crate::domain::listing::{Cursor, KeyValue};
use crate::domain::search::Query;
use crate::error::AppError;

fn bad(msg: String) -> async_graphql::Error {
    gql(AppError::BadUserInput(msg))
}

/// What `totalCount` counts.
pub enum Total {
    /// The records a search matches.
    Search(Query),
    /// The groups of a grouping.
    Groups(GroupingKey),
}

/// The largest position a cursor of a computed list may hold: far beyond any real list, far
/// below what the databases' `OFFSET` (a signed 64-bit integer) can take.
const MAX_OFFSET: i64 = 1 << 40;

/// The page a request asks for: `first` items after the `after` cursor.
pub struct Position {
    /// Items to skip.
    pub offset: u64,
    /// Items to return.
    pub size: u64,
    fingerprint: String,
}

impl Position {
    /// Checks `first` and `after` against the query's fingerprint.
    pub fn new(first: Option<i32>, after: Option<String>, fingerprint: String) -> Result<Self> {
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
        let offset = match after {
            None => 0,
            Some(text) => match Cursor::decode(&text) {
                Some(Cursor { order, keys }) if order == fingerprint => match keys.as_slice() {
                    // an offset past the deepest page a client can reach is forged
                    [KeyValue::Int(n)] if (0..MAX_OFFSET).contains(n) => *n as u64 + 1,
                    _ => return Err(bad("`after` is not a cursor of this query".into())),
                },
                _ => return Err(bad("`after` is not a cursor of this query".into())),
            },
        };
        Ok(Position {
            offset,
            size,
            fingerprint,
        })
    }
}

/// An item and its cursor.
pub struct RankedEdge<T> {
    cursor: String,
    node: T,
}

/// An item and the cursor to page from it.
#[Object(name_type)]
impl<T: OutputType> RankedEdge<T> {
    /// Opaque cursor: pass it as `after` to get the items after this one.
    async fn cursor(&self) -> &str {
        &self.cursor
    }
    /// The item.
    async fn node(&self) -> &T {
        &self.node
    }
}

impl<T: OutputType> TypeName for RankedEdge<T> {
    fn type_name() -> Cow<'static, str> {
        format!("{}Edge", <T as OutputType>::type_name()).into()
    }
}

/// One page of a computed list.
pub struct Ranked<T> {
    edges: Vec<RankedEdge<T>>,
    has_previous: bool,
    has_next: bool,
    total: Total,
}

impl<T> Ranked<T> {
    /// A page from the items fetched at `position` (one more than the page size, to know
    /// whether more follow).
    pub fn new(mut items: Vec<T>, position: &Position, total: Total) -> Self {
        let has_next = items.len() as u64 > position.size;
        items.truncate(position.size as usize);
        let edges = items
            .into_iter()
            .enumerate()
            .map(|(i, node)| RankedEdge {
                cursor: Cursor {
                    order: position.fingerprint.clone(),
                    keys: vec![KeyValue::Int((position.offset + i as u64) as i64)],
                }
                .encode(),
                node,
            })
            .collect();
        Ranked {
            edges,
            has_previous: position.offset > 0,
            has_next,
            total,
        }
    }

    /// The items of the page.
    pub fn into_nodes(self) -> Vec<T> {
        self.edges.into_iter().map(|e| e.node).collect()
    }
}

/// One page of a computed list, in order, with cursors.
#[Object(name_type)]
impl<T: OutputType + 'static> Ranked<T> {
    /// The items of this page with their cursors.
    async fn edges(&self) -> Metered<&[RankedEdge<T>]> {
        Metered(&self.edges)
    }
    /// The items of this page.
    async fn nodes(&self) -> Metered<Vec<&T>> {
        Metered(self.edges.iter().map(|e| &e.node).collect())
    }
    /// Where this page sits in the whole list.
    async fn page_info(&self) -> PageInfo {
        let cursors = self.edges.iter().map(|e| &e.cursor);
        PageInfo::of(self.has_next, self.has_previous, cursors)
    }
    /// Number of items in the whole list (one extra statement, run only when selected).
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        let loader = ctx.data::<DataLoader<Db>>()?;
        let n = match &self.total {
            Total::Search(q) => loader.load_one(SearchCount(q.clone())).await,
            Total::Groups(g) => loader.load_one(GroupCount(g.clone())).await,
        };
        Ok(n.map_err(gql_load)?.unwrap_or(0))
    }
}

impl<T: OutputType> TypeName for Ranked<T> {
    fn type_name() -> Cow<'static, str> {
        format!("{}Connection", <T as OutputType>::type_name()).into()
    }
}
