//! `Change`: one curated write to one record, and the connections that list them (`history`
//! on every record, the root `changes`).

use async_graphql::{Context, Json, Object, Result, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::DatabaseConnection;

use crate::domain::curate::history::{self, Filter};
use crate::domain::dataset::kind::{Kind, typed};
use crate::entities::change;
use crate::error::AppError;
use crate::graphql::connection::PageInfo;
use crate::graphql::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, gql};

/// One curated write to one record: who made it, when, with which mutation, and the record
/// before and after in the dataset file format.
pub struct Change(pub change::Model);

/// One curated write to one record: who made it, when, with which mutation, and the record
/// before and after in the dataset file format.
#[Object]
impl Change {
    /// The change's number; changes are numbered in the order they were made. Pass it to
    /// `revertChange`.
    async fn id(&self) -> i32 {
        self.0.id
    }
    /// When it was made (RFC 3339, UTC).
    async fn at(&self) -> String {
        rfc3339(self.0.at)
    }
    /// Who made it: the API key's name and prefix, or the token's subject.
    async fn actor(&self) -> &str {
        &self.0.actor
    }
    /// The mutation that made it (`updateOrganization`, `revertChange`…).
    async fn mutation(&self) -> &str {
        &self.0.mutation
    }
    /// The record's type as stored (`organization`).
    async fn record_type(&self) -> &str {
        &self.0.record_type
    }
    /// The record's slug.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// The record as a typed reference of the dataset files (`org.usfs`).
    async fn record(&self) -> String {
        match Kind::from_table(&self.0.record_type) {
            Some(kind) => typed(kind, &self.0.slug),
            None => self.0.slug.clone(),
        }
    }
    /// The record's version before; null when the change created it.
    async fn version_before(&self) -> Option<i32> {
        self.0.version_before
    }
    /// The record's version after; null when the change deleted it.
    async fn version_after(&self) -> Option<i32> {
        self.0.version_after
    }
    /// The record before, in the dataset file format; null when the change created it.
    async fn before(&self) -> Option<Json<serde_json::Value>> {
        parse(&self.0.before)
    }
    /// The record after, in the dataset file format; null when the change deleted it.
    async fn after(&self) -> Option<Json<serde_json::Value>> {
        parse(&self.0.after)
    }
    /// The change this one undid (made by `revertChange`).
    async fn reverts(&self) -> Option<i32> {
        self.0.reverts
    }
}

fn parse(text: &Option<String>) -> Option<Json<serde_json::Value>> {
    text.as_deref()
        .and_then(|t| serde_json::from_str(t).ok())
        .map(Json)
}

/// Unix milliseconds as RFC 3339 (`2026-12-02T14:05:09.120Z`).
pub fn rfc3339(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let day = crate::domain::auth::date(seconds);
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{day}T{:02}:{:02}:{:02}.{:03}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60,
        ms.rem_euclid(1000)
    )
}

/// A change and its cursor.
#[derive(SimpleObject)]
pub struct ChangeEdge {
    /// Opaque cursor: pass it as `after` to page on.
    pub cursor: String,
    /// The change.
    pub node: Change,
}

/// A page of changes, oldest first.
#[derive(SimpleObject)]
pub struct ChangeConnection {
    /// The changes of this page with their cursors.
    pub edges: Vec<ChangeEdge>,
    /// Where this page sits in the whole list.
    pub page_info: PageInfo,
}

fn cursor(id: i32) -> String {
    URL_SAFE_NO_PAD.encode(format!("change:{id}"))
}

fn decode(cursor: &str) -> Result<i32> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix("change:").and_then(|n| n.parse().ok()))
        .ok_or_else(|| {
            gql(AppError::BadUserInput(
                "`after` is not a cursor of this list".into(),
            ))
        })
}

/// A page of the changes `filter` selects.
pub async fn page(
    ctx: &Context<'_>,
    filter: Filter,
    first: Option<i32>,
    after: Option<String>,
) -> Result<ChangeConnection> {
    let size = match first {
        None => DEFAULT_PAGE_SIZE,
        Some(n) if n >= 0 && (n as usize) <= MAX_PAGE_SIZE => n as usize,
        Some(n) => {
            let reason = format!("`first` is {n}; it must be between 0 and {MAX_PAGE_SIZE}");
            return Err(gql(AppError::BadUserInput(reason)));
        }
    };
    let after = after.as_deref().map(decode).transpose()?;
    let db = ctx.data::<DatabaseConnection>()?;
    let mut rows = history::list(db, &filter, after, size as u64 + 1)
        .await
        .map_err(|e| gql(e.into()))?;
    let has_next = rows.len() > size;
    rows.truncate(size);
    let edges: Vec<ChangeEdge> = rows
        .into_iter()
        .map(|m| ChangeEdge {
            cursor: cursor(m.id),
            node: Change(m),
        })
        .collect();
    let cursors = edges.iter().map(|e| &e.cursor);
    let page_info = PageInfo::of(has_next, after.is_some(), cursors);
    Ok(ChangeConnection { edges, page_info })
}

/// The changes of one record, oldest first.
pub async fn record_history(
    ctx: &Context<'_>,
    kind: Kind,
    slug: &str,
    first: Option<i32>,
    after: Option<String>,
) -> Result<ChangeConnection> {
    let filter = Filter {
        record: Some((kind, slug.to_owned())),
        since_ms: None,
    };
    page(ctx, filter, first, after).await
}

/// Reads `since` for `changes`: an RFC 3339 time (`2026-12-02T10:00:00Z`) or a date.
pub fn since_ms(text: &str) -> Result<i64> {
    let bad = || {
        gql(AppError::BadUserInput(format!(
            "`since` must be an RFC 3339 time such as 2026-12-02T10:00:00Z, or a date; got `{}`",
            crate::error::excerpt(text)
        )))
    };
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(t.timestamp_millis());
    }
    let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad())?;
    let midnight = date.and_hms_opt(0, 0, 0).ok_or_else(bad)?;
    Ok(midnight.and_utc().timestamp_millis())
}
