//! Lists of records, a page at a time, by keyset: the cursor holds the sort values of the last
//! row seen, so a page deep into a large table costs what the first one does.
//!
//! The listed table is always aliased [`ROOT`]; filters are conditions over that alias. Sort
//! keys never compare NULLs: a nullable key sorts as `(value IS NULL, COALESCE(value, zero))`,
//! so NULLs come last in either direction and every compared component is non-null. The
//! primary key ends every ordering, so the order is total and paging is stable.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::sea_query::{
    Alias, Asterisk, Condition, Expr, ExprTrait, Order, OverStatement, Query, SelectStatement,
    SqliteQueryBuilder, Value, WindowStatement,
};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use serde::{Deserialize, Serialize};

use super::record::Record;
use super::row::{Column as _, Columns, Positional as _};

/// Alias of the listed table in every list query.
pub const ROOT: &str = "t0";

/// The column `column` of the listed table.
pub fn root_col(column: impl sea_orm::sea_query::IntoIden) -> Expr {
    Expr::col((Alias::new(ROOT), column))
}

/// The type of a sort key's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// Integers.
    Int,
    /// Text.
    Text,
}

/// One `ORDER BY` key over the listed table.
#[derive(Clone, Debug)]
pub struct SortKey {
    /// Stable name, recorded in cursors (e.g. `name`).
    pub name: &'static str,
    /// The sorted expression, over [`ROOT`].
    pub expr: Expr,
    /// Type of its values.
    pub ty: KeyType,
    /// Whether it can be NULL.
    pub nullable: bool,
    /// Descending.
    pub desc: bool,
}

/// One value of a cursor.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum KeyValue {
    /// An integer component.
    Int(i64),
    /// A text component.
    Text(String),
}

/// The longest cursor text accepted: sort values are names and dates, a few hundred bytes.
pub const MAX_CURSOR_CHARS: usize = 4096;

/// A position in an ordered list: the ordering it belongs to and the row's sort values.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cursor {
    /// The ordering's signature, e.g. `name,-founded`.
    #[serde(rename = "o")]
    pub order: String,
    /// The sort values, primary key last.
    #[serde(rename = "k")]
    pub keys: Vec<KeyValue>,
}

impl Cursor {
    /// The opaque text form: the compact JSON `{"o":…,"k":[…]}` in upper-case hex, a form
    /// both SQLite and PostgreSQL can write too, so compiled statements
    /// ([`crate::graphql`]'s compiled path) make the very same cursors.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        let mut out = String::with_capacity(json.len() * 2);
        for byte in json {
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
        out
    }

    /// Parses the opaque text form. A cursor longer than any the server writes, or holding
    /// a text value no database can store (a NUL character), is refused here, before it
    /// reaches SQL.
    pub fn decode(text: &str) -> Option<Cursor> {
        if text.len() > MAX_CURSOR_CHARS {
            return None;
        }
        // upper-case hex of `{…` (written since the compiled path), else base64url (before)
        let bytes = if text.starts_with("7B") {
            from_hex(text)?
        } else {
            URL_SAFE_NO_PAD.decode(text).ok()?
        };
        let cursor: Cursor = serde_json::from_slice(&bytes).ok()?;
        let clean = cursor.keys.iter().all(|k| match k {
            KeyValue::Text(t) => !t.contains('\0'),
            KeyValue::Int(_) => true,
        });
        (clean && !cursor.order.contains('\0')).then_some(cursor)
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Decodes upper-case hex.
fn from_hex(text: &str) -> Option<Vec<u8>> {
    let digit = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    };
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

/// A short stable tag for cursors of computed lists: `kind:` and 16 hex digits of the text's
/// SHA-256.
pub fn fingerprint(kind: &str, text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{kind}:{hex}")
}

/// Which slice of the ordered list to return.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Window {
    /// How many rows.
    pub size: u64,
    /// Take them from the end (`last`) rather than the start (`first`).
    pub from_end: bool,
    /// Only rows after this cursor.
    pub after: Option<Cursor>,
    /// Only rows before this cursor.
    pub before: Option<Cursor>,
}

/// A list request: filter, ordering and window.
#[derive(Clone, Debug)]
pub struct ListSpec {
    /// Condition over [`ROOT`].
    pub filter: Condition,
    /// Sort keys in order of priority; the primary key is appended.
    pub order: Vec<SortKey>,
    /// The slice.
    pub window: Window,
}

/// Why a cursor cannot be used with a list.
#[derive(Debug, thiserror::Error)]
#[error("the cursor `{0}` is not valid for this list and ordering")]
pub struct BadCursor(pub String);

impl ListSpec {
    /// The ordering's signature, as recorded in cursors.
    pub fn order_signature(&self) -> String {
        let keys: Vec<String> = self
            .order
            .iter()
            .map(|k| format!("{}{}", if k.desc { "-" } else { "" }, k.name))
            .collect();
        keys.join(",")
    }

    /// Decodes a cursor and checks it belongs to this ordering.
    pub fn cursor(&self, text: &str) -> Result<Cursor, BadCursor> {
        let bad = || BadCursor(crate::error::excerpt(text));
        let cursor = Cursor::decode(text).ok_or_else(bad)?;
        let comps = components(&self.order);
        let fits = cursor.order == self.order_signature()
            && cursor.keys.len() == comps.len()
            && cursor.keys.iter().zip(&comps).all(|(k, c)| {
                matches!(
                    (k, c.ty),
                    (KeyValue::Int(_), KeyType::Int) | (KeyValue::Text(_), KeyType::Text)
                )
            });
        if fits { Ok(cursor) } else { Err(bad()) }
    }

    /// A string equal for equal specs: filter SQL, ordering and window.
    pub fn fingerprint(&self) -> String {
        let filter = Query::select()
            .expr(Expr::val(1))
            .cond_where(self.filter.clone())
            .to_string(SqliteQueryBuilder);
        format!("{filter}|{}|{:?}", self.order_signature(), self.window)
    }
}

/// A page of rows with their cursors.
#[derive(Clone, Debug)]
pub struct Page<M> {
    /// The rows in list order, each with its cursor.
    pub rows: Vec<(Cursor, M)>,
    /// More rows come before the page.
    pub has_previous: bool,
    /// More rows come after the page.
    pub has_next: bool,
}

impl<M> Default for Page<M> {
    fn default() -> Self {
        Page {
            rows: Vec::new(),
            has_previous: false,
            has_next: false,
        }
    }
}

/// A compared component of the ordering.
struct Component {
    expr: Expr,
    ty: KeyType,
    desc: bool,
}

fn components(order: &[SortKey]) -> Vec<Component> {
    let mut out = Vec::new();
    for key in order {
        if key.nullable {
            let is_null = Expr::case(key.expr.clone().is_null(), 1).finally(0);
            out.push(Component {
                expr: is_null.into(),
                ty: KeyType::Int,
                desc: false,
            });
            let zero: Value = match key.ty {
                KeyType::Int => 0i64.into(),
                KeyType::Text => "".into(),
            };
            out.push(Component {
                expr: key.expr.clone().if_null(zero),
                ty: key.ty,
                desc: key.desc,
            });
        } else {
            out.push(Component {
                expr: key.expr.clone(),
                ty: key.ty,
                desc: key.desc,
            });
        }
    }
    out.push(Component {
        expr: root_col("id"),
        ty: KeyType::Int,
        desc: false,
    });
    out
}

fn value(key: &KeyValue) -> Value {
    match key {
        KeyValue::Int(i) => (*i).into(),
        KeyValue::Text(s) => s.clone().into(),
    }
}

/// Rows strictly after (`after == true`) or before the cursor in list order.
fn keyset(comps: &[Component], cursor: &Cursor, after: bool) -> Condition {
    let mut any = Condition::any();
    for (i, comp) in comps.iter().enumerate() {
        let mut all = Condition::all();
        for (prev, key) in comps.iter().zip(&cursor.keys).take(i) {
            all = all.add(prev.expr.clone().eq(value(key)));
        }
        let v = value(&cursor.keys[i]);
        let greater = after != comp.desc;
        let step = if greater {
            comp.expr.clone().gt(v)
        } else {
            comp.expr.clone().lt(v)
        };
        any = any.add(all.add(step));
    }
    any
}

/// The conditions and orderings a spec adds to a select.
fn apply(select: &mut SelectStatement, spec: &ListSpec, comps: &[Component]) {
    select.cond_where(spec.filter.clone());
    if let Some(after) = &spec.window.after {
        select.cond_where(keyset(comps, after, true));
    }
    if let Some(before) = &spec.window.before {
        select.cond_where(keyset(comps, before, false));
    }
    for (i, comp) in comps.iter().enumerate() {
        let expr = match comp.ty {
            KeyType::Int => comp.expr.clone().cast_as("BIGINT"),
            KeyType::Text => comp.expr.clone(),
        };
        select.expr_as(expr, Alias::new(format!("__k{i}")));
    }
}

fn order(comp: &Component, from_end: bool) -> Order {
    if comp.desc != from_end {
        Order::Desc
    } else {
        Order::Asc
    }
}

/// The cursor of a row whose sort values `__k0…` start at index `at`.
fn read_cursor(
    row: &QueryResult,
    spec: &ListSpec,
    comps: &[Component],
    at: usize,
) -> Result<Cursor, DbErr> {
    let mut keys = Vec::with_capacity(comps.len());
    for (i, comp) in comps.iter().enumerate() {
        keys.push(match comp.ty {
            KeyType::Int => KeyValue::Int(i64::get(row, at + i)?),
            KeyType::Text => KeyValue::Text(String::get(row, at + i)?),
        });
    }
    Ok(Cursor {
        order: spec.order_signature(),
        keys,
    })
}

/// Builds a page from up to `size + 1` rows fetched in fetch order.
fn finish<M>(mut rows: Vec<(Cursor, M)>, window: &Window) -> Page<M> {
    let more = rows.len() as u64 > window.size;
    rows.truncate(window.size as usize);
    if window.from_end {
        rows.reverse();
        Page {
            rows,
            has_previous: more,
            has_next: window.before.is_some(),
        }
    } else {
        Page {
            rows,
            has_previous: window.after.is_some(),
            has_next: more,
        }
    }
}

/// One page of `E`, with the columns of `set`.
pub async fn page<E: Record>(
    db: &impl ConnectionTrait,
    spec: &ListSpec,
    set: Columns,
) -> Result<Page<E::Model>, DbErr> {
    let comps = components(&spec.order);
    let columns = set.names::<E::Model>();
    let select = page_select(E::TABLE, spec, None, Some(&columns));
    let rows = db.query_all(&select).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push((
            read_cursor(row, spec, &comps, columns.len())?,
            E::Model::decode(row, 0, set)?,
        ));
    }
    Ok(finish(out, &spec.window))
}

/// How many rows of `E` match a filter.
pub async fn count<E: Record>(db: &impl ConnectionTrait, filter: &Condition) -> Result<u64, DbErr> {
    let select = count_select(E::TABLE, filter, None);
    let row = db.query_one(&select).await?;
    let n = match row {
        Some(row) => row.try_get::<i64>("", "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// How a listed table hangs off a parent record: the parent's id as an expression over
/// [`ROOT`] (or over a joined link table), plus a condition the rows must meet.
#[derive(Clone, Debug)]
pub struct Link {
    /// The parent's id for a row.
    pub parent: Expr,
    /// A link to join: a query over the link table, its alias, the join condition.
    pub join: Option<(SelectStatement, Alias, Condition)>,
    /// Extra condition (e.g. the record type of a polymorphic reference).
    pub extra: Condition,
}

fn link_select<E: Record>(link: &Link, parents: &[i32]) -> SelectStatement {
    let mut select = Query::select();
    select
        .from_as(E::TABLE, Alias::new(ROOT))
        .expr_as(link.parent.clone(), "__parent");
    if let Some((query, alias, on)) = &link.join {
        select.join_subquery(
            sea_orm::sea_query::JoinType::InnerJoin,
            query.clone(),
            alias.clone(),
            on.clone(),
        );
    }
    select
        .cond_where(link.parent.clone().is_in(parents.iter().copied()))
        .cond_where(link.extra.clone());
    select
}

/// One page of `E` per parent, with the columns of `set`, in one statement (`row_number()`
/// partitioned by parent).
pub async fn child_pages<E: Record>(
    db: &impl ConnectionTrait,
    link: &Link,
    parents: &[i32],
    spec: &ListSpec,
    set: Columns,
) -> Result<HashMap<i32, Page<E::Model>>, DbErr> {
    let comps = components(&spec.order);
    let columns = set.names::<E::Model>();
    let mut inner = link_select::<E>(link, parents);
    for column in &columns {
        inner.expr(root_col(Alias::new(*column)));
    }
    apply(&mut inner, spec, &comps);
    let mut window = WindowStatement::new();
    window.add_partition_by(link.parent.clone());
    for comp in &comps {
        sea_orm::sea_query::OrderedStatement::order_by_expr(
            &mut window,
            comp.expr.clone(),
            order(comp, spec.window.from_end),
        );
    }
    inner.expr_window_as(Expr::cust("ROW_NUMBER()"), window, "__rn");
    let mut outer = Query::select();
    outer
        .expr(Expr::cust("*"))
        .from_subquery(inner, "w")
        .and_where(Expr::col(("w", "__rn")).lte(spec.window.size as i64 + 1))
        .order_by(("w", "__parent"), Order::Asc)
        .order_by(("w", "__rn"), Order::Asc);
    let rows = db.query_all(&outer).await?;
    let mut grouped: HashMap<i32, Vec<(Cursor, E::Model)>> = HashMap::new();
    for row in &rows {
        let parent = i32::get(row, 0)?;
        let item = (
            read_cursor(row, spec, &comps, 1 + columns.len())?,
            E::Model::decode(row, 1, set)?,
        );
        grouped.entry(parent).or_default().push(item);
    }
    Ok(grouped
        .into_iter()
        .map(|(parent, rows)| (parent, finish(rows, &spec.window)))
        .collect())
}

/// How many rows of `E` match a filter, per parent, in one statement.
pub async fn child_counts<E: Record>(
    db: &impl ConnectionTrait,
    link: &Link,
    parents: &[i32],
    filter: &Condition,
) -> Result<HashMap<i32, u64>, DbErr> {
    let mut select = link_select::<E>(link, parents);
    select
        .expr_as(Expr::col(Asterisk).count(), "n")
        .cond_where(filter.clone())
        .add_group_by([link.parent.clone()]);
    let rows = db.query_all(&select).await?;
    let mut out = HashMap::new();
    for row in &rows {
        let parent = row.try_get::<i32>("", "__parent")?;
        let n = row.try_get::<i64>("", "n")?;
        out.insert(parent, u64::try_from(n).unwrap_or(0));
    }
    Ok(out)
}

/// Rows of `E` by id, with the columns of `set`, in one statement.
pub async fn by_ids<E: Record>(
    db: &impl ConnectionTrait,
    ids: &[i32],
    set: Columns,
) -> Result<Vec<E::Model>, DbErr> {
    by_key::<E>(db, root_col("id").is_in(ids.iter().copied()), set).await
}

/// Rows of `E` by slug, with the columns of `set`, in one statement.
pub async fn by_slugs<E: Record>(
    db: &impl ConnectionTrait,
    slugs: &[String],
    set: Columns,
) -> Result<Vec<E::Model>, DbErr> {
    by_key::<E>(db, root_col("slug").is_in(slugs.iter().cloned()), set).await
}

async fn by_key<E: Record>(
    db: &impl ConnectionTrait,
    condition: Expr,
    set: Columns,
) -> Result<Vec<E::Model>, DbErr> {
    let mut select = Query::select();
    for column in set.names::<E::Model>() {
        select.expr(root_col(Alias::new(column)));
    }
    select
        .from_as(Alias::new(E::TABLE), Alias::new(ROOT))
        .cond_where(condition);
    let rows = db.query_all(&select).await?;
    rows.iter()
        .map(|row| E::Model::decode(row, 0, set))
        .collect()
}

/// How a compiled statement reads one page: the compared components of the ordering, each
/// with its value type and direction, primary key last (the `__k0…` columns of
/// [`page_select`], in order).
pub fn key_types(order: &[SortKey]) -> Vec<(KeyType, bool)> {
    components(order).iter().map(|c| (c.ty, c.desc)).collect()
}

fn from_under(select: &mut SelectStatement, table: &'static str, under: Option<&Condition>) {
    select.from_as(Alias::new(table), Alias::new(ROOT));
    if let Some(under) = under {
        select.cond_where(under.clone());
    }
}

/// One page of `table`: the statement [`page`] runs, or a subquery of a statement that builds
/// its answer in the
/// database: the given columns of [`ROOT`] (all when `None`) plus the sort values as
/// `__k0…`, the rows under a
/// parent ([`crate::domain::links::ToMany::under`]), the filter, the cursors, fetch order and
/// `size + 1` rows (the extra row tells whether more follow), the
/// same as [`page`] and [`child_pages`] read.
pub fn page_select(
    table: &'static str,
    spec: &ListSpec,
    under: Option<&Condition>,
    columns: Option<&[&str]>,
) -> SelectStatement {
    let comps = components(&spec.order);
    let mut select = Query::select();
    match columns {
        Some(columns) => {
            for column in columns {
                select.expr(root_col(Alias::new(*column)));
            }
        }
        None => {
            select.expr(Expr::col((Alias::new(ROOT), Asterisk)));
        }
    }
    from_under(&mut select, table, under);
    apply(&mut select, spec, &comps);
    for comp in &comps {
        select.order_by_expr(comp.expr.clone(), order(comp, spec.window.from_end));
    }
    select.limit(spec.window.size + 1);
    select
}

/// The number of rows of `table` matching a filter (under a parent), as column `n`: the
/// statement [`count`] runs, or a subquery.
pub fn count_select(
    table: &'static str,
    filter: &Condition,
    under: Option<&Condition>,
) -> SelectStatement {
    let mut select = Query::select();
    select.expr_as(Expr::col(Asterisk).count(), "n");
    from_under(&mut select, table, under);
    select.cond_where(filter.clone());
    select
}
