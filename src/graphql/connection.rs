//! Relay connections: page arguments, keyset cursors, `totalCount` computed only when asked,
//! and the two ways a list is fetched (a root list, or a page per parent through a loader).

use std::borrow::Cow;

use async_graphql::{
    Context, Object, ObjectType, OutputType, Result, SimpleObject, TypeName, dataloader::DataLoader,
};
use sea_orm::DatabaseConnection;
use sea_orm::sea_query::{Condition, Expr};

use super::budget::meter::Metered;
use super::columns;
use super::filter::{FilterInput, OrderBy, SortField};
use super::loader::{ChildCount, ChildPage, Columns, Db, RootCount, RootPage, SpecKey};
use super::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, gql, gql_load};
use crate::domain::filter::Scope;
use crate::domain::links::ToMany;
use crate::domain::listing::{Cursor, KeyType, ListSpec, Page, Window};
use crate::domain::record::Record;
use crate::error::AppError;

/// A GraphQL object type wrapping a row of one table.
pub trait Wrap: OutputType + ObjectType + Send + Sync + 'static {
    /// The table.
    type Entity: Record;
    /// The filter input for lists of this type.
    type Filter: FilterInput;
    /// The fields lists of this type can be ordered by.
    type OrderField: SortField;
    /// Wraps a row.
    fn wrap(model: <Self::Entity as sea_orm::EntityTrait>::Model) -> Self;
}

/// The Relay page arguments.
#[derive(Clone, Debug, Default)]
pub struct PageArgs {
    /// `first`.
    pub first: Option<i32>,
    /// `after`.
    pub after: Option<String>,
    /// `last`.
    pub last: Option<i32>,
    /// `before`.
    pub before: Option<String>,
}

fn bad(msg: String) -> async_graphql::Error {
    gql(AppError::BadUserInput(msg))
}

fn size(name: &str, n: i32) -> Result<u64> {
    if n < 0 {
        return Err(bad(format!("`{name}` must not be negative (got {n})")));
    }
    if n as usize > MAX_PAGE_SIZE {
        return Err(bad(format!(
            "`{name}` is {n}; the maximum page size is {MAX_PAGE_SIZE}"
        )));
    }
    Ok(n as u64)
}

/// The query complexity of a connection field: the page size times its selection.
pub fn cost(first: Option<i32>, last: Option<i32>, child: usize) -> usize {
    let n = first.or(last).unwrap_or(DEFAULT_PAGE_SIZE as i32);
    let n = n.clamp(1, MAX_PAGE_SIZE as i32) as usize;
    n.saturating_mul(child).saturating_add(1)
}

/// The database the request runs on (filters compile for it).
fn backend(ctx: &Context<'_>) -> Result<sea_orm::DbBackend> {
    Ok(ctx.data::<DatabaseConnection>()?.get_database_backend())
}

/// How deep filters may nest: the configured recursion limit.
fn max_nesting(ctx: &Context<'_>) -> usize {
    ctx.data::<crate::config::Limits>()
        .map(|l| l.max_recursion)
        .unwrap_or(32)
}

/// Compiles an optional filter over the root table of the request's database.
pub fn compile_filter<F: FilterInput>(ctx: &Context<'_>, filter: Option<F>) -> Result<Condition> {
    match filter {
        Some(f) => f
            .compile(
                &mut Scope::new(backend(ctx)?, max_nesting(ctx)),
                &Scope::root(),
            )
            .map_err(gql),
        None => Ok(Condition::all()),
    }
}

/// Builds the list spec: filter compiled for `backend`, ordering, checked window.
pub fn spec<T: Wrap>(
    backend: sea_orm::DbBackend,
    max_nesting: usize,
    args: PageArgs,
    filter: Option<T::Filter>,
    order: Option<Vec<OrderBy<T::OrderField>>>,
) -> Result<ListSpec> {
    let filter = match filter {
        Some(f) => f
            .compile(&mut Scope::new(backend, max_nesting), &Scope::root())
            .map_err(gql)?,
        None => Condition::all(),
    };
    let order = order
        .unwrap_or_default()
        .iter()
        .map(|o| {
            let mut key = o.sort_key();
            if backend == sea_orm::DbBackend::Postgres && key.ty == KeyType::Text {
                // byte order, as on SQLite, whatever the database's collation
                key.expr = Expr::cust_with_exprs("$1 COLLATE \"C\"", [key.expr]);
            }
            key
        })
        .collect();
    let (size, from_end) = match (args.first, args.last) {
        (Some(_), Some(_)) => {
            return Err(bad("give `first` or `last`, not both".into()));
        }
        (Some(n), None) => (size("first", n)?, false),
        (None, Some(n)) => (size("last", n)?, true),
        (None, None) => (DEFAULT_PAGE_SIZE as u64, false),
    };
    let mut spec = ListSpec {
        filter,
        order,
        window: Window {
            size,
            from_end,
            after: None,
            before: None,
        },
    };
    let decode = |spec: &ListSpec, text: Option<String>| -> Result<Option<Cursor>> {
        text.map(|t| spec.cursor(&t).map_err(|e| bad(e.to_string())))
            .transpose()
    };
    spec.window.after = decode(&spec, args.after)?;
    spec.window.before = decode(&spec, args.before)?;
    Ok(spec)
}

/// Where `totalCount` comes from.
enum Total {
    /// A root list: count the filter.
    Root(SpecKey),
    /// A list under a parent: through the count loader.
    Child(ToMany, i32, SpecKey),
}

/// An edge: a record and its cursor.
pub struct Edge<T> {
    cursor: String,
    node: T,
}

/// An edge in a connection: a record and the cursor to page from it.
#[Object(name_type)]
impl<T: Wrap> Edge<T> {
    /// Opaque cursor: pass it as `after` or `before` to page from this record.
    async fn cursor(&self) -> &str {
        &self.cursor
    }
    /// The record.
    async fn node(&self) -> &T {
        &self.node
    }
}

impl<T: Wrap> TypeName for Edge<T> {
    fn type_name() -> Cow<'static, str> {
        format!("{}Edge", T::type_name()).into()
    }
}

/// Where a page sits in the whole list.
#[derive(SimpleObject)]
pub struct PageInfo {
    /// Records come after this page (exact when paging forward with `first`).
    pub has_next_page: bool,
    /// Records come before this page (exact when paging backward with `last`).
    pub has_previous_page: bool,
    /// Cursor of the first edge.
    pub start_cursor: Option<String>,
    /// Cursor of the last edge.
    pub end_cursor: Option<String>,
}

impl PageInfo {
    /// The page info of a page whose edges have these cursors, first to last.
    pub fn of<'a>(
        has_next_page: bool,
        has_previous_page: bool,
        mut cursors: impl DoubleEndedIterator<Item = &'a String>,
    ) -> Self {
        let start_cursor = cursors.next().cloned();
        let end_cursor = cursors
            .next_back()
            .cloned()
            .or_else(|| start_cursor.clone());
        PageInfo {
            has_next_page,
            has_previous_page,
            start_cursor,
            end_cursor,
        }
    }
}

/// A page of records, Relay style.
pub struct Conn<T> {
    edges: Vec<Edge<T>>,
    has_previous: bool,
    has_next: bool,
    total: Total,
}

impl<T: Wrap> Conn<T> {
    /// The records of the page.
    pub fn into_nodes(self) -> Vec<T> {
        self.edges.into_iter().map(|e| e.node).collect()
    }

    fn new(page: Page<<T::Entity as sea_orm::EntityTrait>::Model>, total: Total) -> Self {
        Conn {
            edges: page
                .rows
                .into_iter()
                .map(|(cursor, m)| Edge {
                    cursor: cursor.encode(),
                    node: T::wrap(m),
                })
                .collect(),
            has_previous: page.has_previous,
            has_next: page.has_next,
            total,
        }
    }
}

/// A page of records, Relay style: edges with cursors, the records themselves, page info and
/// the total count.
#[Object(name_type)]
impl<T: Wrap> Conn<T> {
    /// The records of this page with their cursors.
    async fn edges(&self) -> Metered<&[Edge<T>]> {
        Metered(&self.edges)
    }
    /// The records of this page.
    async fn nodes(&self) -> Metered<Vec<&T>> {
        Metered(self.edges.iter().map(|e| &e.node).collect())
    }
    /// Where this page sits in the whole list.
    async fn page_info(&self) -> PageInfo {
        let cursors = self.edges.iter().map(|e| &e.cursor);
        PageInfo::of(self.has_next, self.has_previous, cursors)
    }
    /// Number of records in the whole filtered list (one extra statement, run only when this
    /// field is selected).
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        match &self.total {
            Total::Root(spec) => {
                let loader = ctx.data::<DataLoader<Db>>()?;
                let key = RootCount::<T::Entity>::new(spec.clone());
                Ok(loader.load_one(key).await.map_err(gql_load)?.unwrap_or(0))
            }
            Total::Child(rel, parent, spec) => {
                let loader = ctx.data::<DataLoader<Db>>()?;
                let key = ChildCount::<T::Entity>::new(*rel, *parent, spec.clone());
                Ok(loader.load_one(key).await.map_err(gql_load)?.unwrap_or(0))
            }
        }
    }
}

impl<T: Wrap> TypeName for Conn<T> {
    fn type_name() -> Cow<'static, str> {
        format!("{}Connection", T::type_name()).into()
    }
}

/// A root list of `T`.
pub async fn root<T: Wrap>(
    ctx: &Context<'_>,
    args: PageArgs,
    filter: Option<T::Filter>,
    order: Option<Vec<OrderBy<T::OrderField>>>,
) -> Result<Conn<T>> {
    let spec = SpecKey::new(spec::<T>(
        backend(ctx)?,
        max_nesting(ctx),
        args,
        filter,
        order,
    )?);
    let loader = ctx.data::<DataLoader<Db>>()?;
    let page = loader
        .load_one(RootPage::<T::Entity>::new(
            spec.clone(),
            columns::connection::<T>(ctx),
        ))
        .await
        .map_err(gql_load)?
        .unwrap_or_default();
    Ok(Conn::new(page, Total::Root(spec)))
}

/// The list of `T` under a parent, through the loader, with the columns of `set`
/// ([`columns::connection`] for a connection field).
pub async fn child<T: Wrap>(
    ctx: &Context<'_>,
    rel: ToMany,
    parent: i32,
    args: PageArgs,
    filter: Option<T::Filter>,
    order: Option<Vec<OrderBy<T::OrderField>>>,
    set: Columns,
) -> Result<Conn<T>> {
    debug_assert_eq!(rel.table(), <T::Entity as Record>::TABLE);
    let spec = SpecKey::new(spec::<T>(
        backend(ctx)?,
        max_nesting(ctx),
        args,
        filter,
        order,
    )?);
    let loader = ctx.data::<DataLoader<Db>>()?;
    let page = loader
        .load_one(ChildPage::<T::Entity>::new(rel, parent, spec.clone(), set))
        .await
        .map_err(gql_load)?
        .unwrap_or_default();
    Ok(Conn::new(page, Total::Child(rel, parent, spec)))
}

/// The record of `T` a foreign key points at, through the loader, with the columns the
/// current field's selection reads.
pub async fn one<T: Wrap>(ctx: &Context<'_>, id: Option<i32>) -> Result<Option<T>> {
    let Some(id) = id else { return Ok(None) };
    let loader = ctx.data::<DataLoader<Db>>()?;
    let found = loader
        .load_one(super::loader::ById::<T::Entity>::new(
            id,
            columns::selected::<T>(ctx),
        ))
        .await
        .map_err(gql_load)?;
    Ok(found.map(T::wrap))
}

/// Like [`one`] for a required foreign key: a dangling key is an internal error.
pub async fn required<T: Wrap>(ctx: &Context<'_>, id: i32) -> Result<T> {
    one::<T>(ctx, Some(id)).await?.ok_or_else(|| {
        gql(AppError::Internal(format!(
            "dangling reference to {} {id}",
            <T::Entity as Record>::TABLE
        )))
    })
}
