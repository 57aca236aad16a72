//! The root query (first cut).

use async_graphql::connection::{Connection, Edge, EmptyFields, query};
use async_graphql::{Context, Object, Result};
use sea_orm::DatabaseConnection;

use super::types::{Organization, Person, SourceDocument, TableCount};
use super::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, to_gql};
use crate::domain;
use crate::error::AppError;

/// Read access to the records of cultural co-operation.
pub struct QueryRoot;

type Page<T> = Connection<usize, T, PageInfoTotal, EmptyFields>;

/// Extra connection fields.
#[derive(async_graphql::SimpleObject)]
pub struct PageInfoTotal {
    /// Number of records in the whole list.
    total_count: u64,
}

fn page_size(first: Option<i32>) -> Result<usize> {
    match first {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n) if n < 0 => Err(to_gql(AppError::BadUserInput(
            "`first` must not be negative".into(),
        ))),
        Some(n) if n as usize > MAX_PAGE_SIZE => Err(to_gql(AppError::BadUserInput(format!(
            "`first` is {n}; the maximum page size is {MAX_PAGE_SIZE}"
        )))),
        Some(n) => Ok(n as usize),
    }
}

/// One page of an offset-paged list: `fetch(offset, limit)` returns the rows and the total.
async fn offset_page<M, T, F, Fut>(
    first: Option<i32>,
    after: Option<String>,
    wrap: fn(M) -> T,
    fetch: F,
) -> Result<Page<T>>
where
    T: async_graphql::OutputType,
    F: FnOnce(u64, u64) -> Fut,
    Fut: std::future::Future<Output = Result<(Vec<M>, u64), sea_orm::DbErr>>,
{
    let size = page_size(first)?;
    query(
        after,
        None,
        Some(size as i32),
        None,
        |after: Option<usize>, _, _, _| async move {
            let offset = after.map(|a| a + 1).unwrap_or(0);
            let (rows, total) = fetch(offset as u64, size as u64)
                .await
                .map_err(|e| to_gql(e.into()))?;
            let more = offset + rows.len() < total as usize;
            let mut conn = Connection::with_additional_fields(
                offset > 0,
                more,
                PageInfoTotal { total_count: total },
            );
            let edges = rows
                .into_iter()
                .enumerate()
                .map(|(i, m)| Edge::new(offset + i, wrap(m)));
            conn.edges.extend(edges);
            Ok::<_, async_graphql::Error>(conn)
        },
    )
    .await
}

/// Read access to the records of cultural co-operation.
#[Object(name = "Query")]
impl QueryRoot {
    /// An organization by slug, e.g. `auscr`.
    async fn organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization's slug.")] slug: String,
    ) -> Result<Option<Organization>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let found = domain::organization::by_slug(db, &slug)
            .await
            .map_err(|e| to_gql(e.into()))?;
        Ok(found.map(Organization))
    }

    /// Organizations in a stable order, a page at a time.
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: default 20, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> Result<Page<Organization>> {
        let db = ctx.data::<DatabaseConnection>()?.clone();
        offset_page(first, after, Organization, move |offset, limit| async move {
            domain::organization::page(&db, offset, limit).await
        })
        .await
    }

    /// A person by slug, e.g. `kameneva`.
    async fn person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person's slug.")] slug: String,
    ) -> Result<Option<Person>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let found = domain::person::by_slug(db, &slug)
            .await
            .map_err(|e| to_gql(e.into()))?;
        Ok(found.map(Person))
    }

    /// People in a stable order, a page at a time.
    async fn persons(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size: default 20, at most 100.")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last edge already seen.")] after: Option<String>,
    ) -> Result<Page<Person>> {
        let db = ctx.data::<DatabaseConnection>()?.clone();
        offset_page(first, after, Person, move |offset, limit| async move {
            domain::person::page(&db, offset, limit).await
        })
        .await
    }

    /// The source documents behind every record.
    async fn source_documents(&self, ctx: &Context<'_>) -> Result<Vec<SourceDocument>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let docs = domain::document::all(db)
            .await
            .map_err(|e| to_gql(e.into()))?;
        Ok(docs.into_iter().map(SourceDocument).collect())
    }

    /// Row counts per table: a quick proof that the dataset is loaded.
    async fn dataset_counts(&self, ctx: &Context<'_>) -> Result<Vec<TableCount>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let counts = domain::dataset::table_counts(db)
            .await
            .map_err(|e| to_gql(e.into()))?;
        Ok(counts
            .into_iter()
            .map(|(table, count)| TableCount {
                table: table.into(),
                count,
            })
            .collect())
    }
}
