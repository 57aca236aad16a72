//! Turning a root field's selection into one SQL expression that writes its JSON.
//!
//! Every record is written from a row alias `p<n>` (fresh per level, so no level shadows
//! another). A to-one relation is a scalar subquery on the target's id; a polymorphic
//! reference a `CASE` over the record types; a connection three nested selects:
//!
//! 1. the page ([`page_select`]: the listed table aliased `t0`, linked to the parent row,
//!    filtered, keyset-bounded, fetch-ordered, `size + 1` rows, sort values as `__k0…`);
//! 2. the rows numbered in fetch order (`__rn`) and counted (`__cnt`);
//! 3. one row of aggregates: edges and nodes as ordered string aggregates of the first `size`
//!    rows, `pageInfo` from the count and the first and last cursors, `totalCount` as its own
//!    correlated count.
//!
//! Cursors are written exactly as [`crate::domain::listing::Cursor::encode`] writes them.

use std::collections::{BTreeSet, HashMap};

use sea_orm::DbBackend;
use sea_orm::sea_query::{
    Alias, Asterisk, Expr, ExprTrait, Func, Order, Query, SelectStatement, SubQueryStatement,
    WindowStatement,
};

use super::catalog::{self, Field};
use super::collect::{Collected, Reader};
use super::json::{Json, col, lit};
use super::spec::{dated_names, list_spec, posts_in, state_parts};
use crate::domain::gid;
use crate::domain::links::ToMany;
use crate::domain::listing::{KeyType, ListSpec, ROOT, count_select, key_types, page_select};
use crate::graphql::MAX_PAGE_SIZE;
use crate::graphql::filter::Certainty;

/// The fetch order of a page's rows read from its sort-value columns `x.__k0…` (text compared
/// byte by byte on PostgreSQL, as the page itself compares it).
fn fetch_order(backend: DbBackend, x: &Alias, spec: &ListSpec) -> Vec<(Expr, Order)> {
    let from_end = spec.window.from_end;
    key_types(&spec.order)
        .into_iter()
        .enumerate()
        .map(|(i, (key_type, desc))| {
            let mut key = col(x, &format!("__k{i}"));
            if backend == DbBackend::Postgres && key_type == KeyType::Text {
                key = Expr::cust_with_exprs("$1 COLLATE \"C\"", [key]);
            }
            let order = if desc != from_end {
                Order::Desc
            } else {
                Order::Asc
            };
            (key, order)
        })
        .collect()
}

/// `value` of `column` of the first row of a one-row page of `table` under a parent, in the
/// page's order.
fn first_of(
    backend: DbBackend,
    table: &'static str,
    spec: &ListSpec,
    under: &sea_orm::sea_query::Condition,
    column: &'static str,
    value: impl FnOnce(Expr) -> Expr,
) -> SelectStatement {
    let page = page_select(table, spec, Some(under), Some(&[column]));
    let x = Alias::new("x");
    let mut first = Query::select();
    first
        .expr(value(col(&x, column)))
        .from_subquery(page, x.clone());
    for (key, order) in fetch_order(backend, &x, spec) {
        first.order_by_expr(key, order);
    }
    first.limit(1);
    first
}

/// The most subqueries one request's statements may hold. A selection that branches at every
/// level (fragments on several types under each polymorphic reference) within the request
/// budget could still ask for tens of thousands; past this it runs on the resolvers, whose
/// loader batches by level instead.
pub const MAX_SUBQUERIES: usize = 2_000;

/// Builds the expressions of one request.
pub struct Planner<'a> {
    json: Json,
    nesting: usize,
    reader: Reader<'a>,
    next: usize,
    /// The columns read of each page's rows, by row alias: a page selects only those.
    used: HashMap<String, BTreeSet<&'static str>>,
}

fn subquery(select: SelectStatement) -> Expr {
    Expr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(select)))
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| String::from("\"\""))
}

impl<'a> Planner<'a> {
    /// A planner for `backend`, reading selections with `reader`.
    pub fn new(backend: DbBackend, nesting: usize, reader: Reader<'a>) -> Self {
        Planner {
            json: Json::new(backend),
            nesting,
            reader,
            next: 0,
            used: HashMap::new(),
        }
    }

    /// The JSON expressions of its database.
    pub fn json(&self) -> Json {
        self.json
    }

    /// The document and variables.
    pub fn reader(&self) -> &Reader<'a> {
        &self.reader
    }

    /// A fresh row alias, or `None` past [`MAX_SUBQUERIES`].
    fn alias(&mut self) -> Option<Alias> {
        self.next += 1;
        (self.next <= MAX_SUBQUERIES).then(|| Alias::new(format!("p{}", self.next)))
    }

    /// The JSON object of a record of type `ty` on row `row`.
    pub fn object(
        &mut self,
        ty: &str,
        row: &Alias,
        sets: &[&'a async_graphql::parser::types::SelectionSet],
    ) -> Option<Expr> {
        let fields = self.reader.collect(ty, sets)?;
        let mut out = Vec::with_capacity(fields.len());
        for f in &fields {
            let value = if f.name == "__typename" {
                lit(quoted(ty))
            } else {
                let source = catalog::field(ty, f.name)?;
                self.value(ty, source, row, f)?
            };
            out.push((f.key.to_owned(), value));
        }
        Some(self.json.object(out))
    }

    /// Column `column` of row `row`, recorded as read.
    fn read(&mut self, row: &Alias, column: &'static str) -> Expr {
        self.used.entry(row.0.clone()).or_default().insert(column);
        col(row, column)
    }

    fn value(&mut self, ty: &str, source: &Field, row: &Alias, f: &Collected<'a>) -> Option<Expr> {
        let json = self.json;
        Some(match source {
            Field::Id => json.plain_string(self.read(row, "gid")),
            Field::Text(c) => json.string(self.read(row, c)),
            Field::Int(c) => json.int(self.read(row, c)),
            Field::Bool(c) => json.boolean(self.read(row, c)),
            Field::Enum(c) => json.enumeration(self.read(row, c)),
            Field::EnumOr(c, default) => {
                let value = Func::coalesce([self.read(row, c), Expr::val(*default)]);
                json.enumeration(value.into())
            }
            Field::StatedName(name, status) => {
                let (name, status) = (self.read(row, name), self.read(row, status));
                Expr::case(status.eq("not_given"), lit("null"))
                    .finally(json.string(name))
                    .into()
            }
            Field::List(c) => json.raw_or(self.read(row, c), "[]"),
            Field::One(fk, ty) => {
                let fk = self.read(row, fk);
                self.one(ty, fk, &f.sets)?
            }
            Field::Many(rel, ty) => {
                let id = self.read(row, "id");
                self.connection(ty, Some((*rel, id)), f)?
            }
            Field::Record(ty_col, id_col) => {
                let (table, id) = (self.read(row, ty_col), self.read(row, id_col));
                self.record(table, id, &f.sets)?
            }
            Field::NameIn => {
                let (mut name, id) = (self.read(row, "name"), self.read(row, "id"));
                if ty == "Organization" {
                    // a label is not a name (`crate::domain::dataset::format::NameStatus`)
                    let status = self.read(row, "name_status");
                    name = Expr::case(status.eq("not_given"), Expr::null())
                        .finally(name)
                        .into();
                }
                let table = gid::table_of(ty)?;
                self.name_in(table, f, id, name, row)?
            }
            Field::CountryIn => {
                let backend = json.backend();
                let (year, certainty, spec) =
                    state_parts(backend, self.nesting, f, self.reader.vars)?;
                let [id, kind] = ["id", "kind"].map(|c| self.read(row, c));
                // the state's own row: itself while it holds
                let own = self.object("Place", row, &f.sets)?;
                let holds = self.alive(row, year, certainty);
                let is_state = kind.is_in(["country", "historical_state"]).and(holds);
                let under = ToMany::PlaceContainers.under(&Alias::new(ROOT), id);
                let first = first_of(backend, "place_part", &spec, &under, "part_of_id", |id| id);
                let container = self.one("Place", subquery(first), &f.sets)?;
                Expr::case(is_state, own).finally(container).into()
            }
            Field::PostsIn => {
                let id = self.read(row, "id");
                let backend = json.backend();
                let spec = posts_in(backend, self.nesting, f, self.reader.vars)?;
                self.connection_of("Membership", Some((ToMany::OrganizationPosts, id)), f, spec)?
            }
            Field::Agent(person, organization) => {
                let (person, organization) = (self.read(row, person), self.read(row, organization));
                let person_json = self.one("Person", person.clone(), &f.sets)?;
                let org_json = self.one("Organization", organization, &f.sets)?;
                Expr::case(person.is_not_null(), person_json)
                    .finally(org_json)
                    .into()
            }
        })
    }

    /// Whether the record of `row` is alive in `year` (`crate::domain::alive::condition`,
    /// the rule every filter uses), its four bounds marked as read.
    fn alive(&mut self, row: &Alias, year: i32, certainty: Certainty) -> Expr {
        for column in crate::domain::alive::COLUMNS {
            self.read(row, column);
        }
        crate::domain::alive::condition(row, year, year, certainty.into())
    }

    /// `nameIn(year:, certainty:)` of a record of `table` whose id and name are given, on
    /// the row `row`: the first dated name of [`crate::graphql::types::dated_names`], else
    /// the name while the record is alive.
    fn name_in(
        &mut self,
        table: &'static str,
        f: &Collected<'a>,
        id: Expr,
        name: Expr,
        row: &Alias,
    ) -> Option<Expr> {
        let json = self.json;
        let backend = json.backend();
        let (year, certainty, spec) = dated_names(backend, self.nesting, f, self.reader.vars)?;
        let under = ToMany::NameVariants(table).under(&Alias::new(ROOT), id);
        let first = first_of(backend, "name_variant", &spec, &under, "name", |name| {
            json.string(name)
        });
        let holds = self.alive(row, year, certainty);
        let current: Expr = Expr::case(holds, json.string(name))
            .finally(lit("null"))
            .into();
        Some(Expr::from(Func::coalesce([subquery(first), current])))
    }

    /// The record of type `ty` whose id is `id`, or `null`.
    pub fn one(
        &mut self,
        ty: &str,
        id: Expr,
        sets: &[&'a async_graphql::parser::types::SelectionSet],
    ) -> Option<Expr> {
        self.one_where(ty, sets, |p| col(p, "id").eq(id))
    }

    /// The record of type `ty` meeting `cond` (a unique key), or `null`.
    pub fn one_where(
        &mut self,
        ty: &str,
        sets: &[&'a async_graphql::parser::types::SelectionSet],
        cond: impl FnOnce(&Alias) -> Expr,
    ) -> Option<Expr> {
        let table = gid::table_of(ty)?;
        let p = self.alias()?;
        let object = self.object(ty, &p, sets)?;
        let mut select = Query::select();
        select
            .expr(object)
            .from_as(Alias::new(table), p.clone())
            .and_where(cond(&p));
        Some(self.json.or_null(subquery(select)))
    }

    /// Any record, by table-name and id expressions, or `null`.
    fn record(
        &mut self,
        table: Expr,
        id: Expr,
        sets: &[&'a async_graphql::parser::types::SelectionSet],
    ) -> Option<Expr> {
        let mut arms = Vec::with_capacity(gid::TYPES.len());
        for (t, ty) in gid::TYPES {
            arms.push((*t, self.one(ty, id.clone(), sets)?));
        }
        let mut arms = arms.into_iter();
        let (t, first) = arms.next()?;
        let mut case = Expr::case(table.clone().eq(t), first);
        for (t, value) in arms {
            case = case.case(table.clone().eq(t), value);
        }
        Some(case.finally(lit("null")).into())
    }

    /// A connection of `ty` records: at the root, or under the parent whose id is given.
    pub fn connection(
        &mut self,
        ty: &str,
        parent: Option<(ToMany, Expr)>,
        field: &Collected<'a>,
    ) -> Option<Expr> {
        let backend = self.json.backend();
        let spec = list_spec(ty, backend, self.nesting, field, self.reader.vars)?;
        self.connection_of(ty, parent, field, spec)
    }

    /// A connection of `ty` records listed as `spec` says.
    fn connection_of(
        &mut self,
        ty: &str,
        parent: Option<(ToMany, Expr)>,
        field: &Collected<'a>,
        spec: ListSpec,
    ) -> Option<Expr> {
        let json = self.json;
        let backend = json.backend();
        let table = gid::table_of(ty)?;
        let under = parent.map(|(rel, id)| rel.under(&Alias::new(ROOT), id));
        let size = Ord::min(spec.window.size, MAX_PAGE_SIZE as u64);
        let from_end = spec.window.from_end;
        let p = self.alias()?;
        let rn = col(&p, "__rn");
        let in_page = rn.clone().lte(size as i64);
        let last_rn: Expr = Expr::case(col(&p, "__cnt").gt(size as i64), Expr::val(size as i64))
            .finally(col(&p, "__cnt"))
            .into();
        let cursor = self.cursor(&p, &spec);
        let pick = |at: Expr| -> Expr {
            let here = rn.clone().eq(at).and(in_page.clone());
            let value: Expr = Expr::case(here, cursor.clone()).into();
            json.or_null(Expr::from(Func::max(value)))
        };
        let more: Expr = Expr::case(Expr::cust("COUNT(*)").gt(size as i64), lit("true"))
            .finally(lit("false"))
            .into();
        let flag = |b: bool| lit(if b { "true" } else { "false" });

        let conn_type = format!("{ty}Connection");
        let fields = self.reader.collect(&conn_type, &field.sets)?;
        let mut out = Vec::with_capacity(fields.len());
        let mut rows_needed = false;
        // whether the page's last row is asked for: only then are the rows counted, which
        // makes the database hold the whole page before numbering it
        let mut counted = false;
        for f in &fields {
            let value = match f.name {
                "__typename" => lit(quoted(&conn_type)),
                "totalCount" => {
                    let count = count_select(table, &spec.filter, under.as_ref());
                    json.int(subquery(count))
                }
                "nodes" => {
                    rows_needed = true;
                    let node = self.object(ty, &p, &f.sets)?;
                    let item: Expr = Expr::case(in_page.clone(), node).into();
                    json.array_agg(item, rn.clone(), from_end)
                }
                "edges" => {
                    rows_needed = true;
                    let edge_type = format!("{ty}Edge");
                    let parts = self.reader.collect(&edge_type, &f.sets)?;
                    let mut edge = Vec::with_capacity(parts.len());
                    for part in &parts {
                        let value = match part.name {
                            "__typename" => lit(quoted(&edge_type)),
                            "cursor" => cursor.clone(),
                            "node" => self.object(ty, &p, &part.sets)?,
                            _ => return None,
                        };
                        edge.push((part.key.to_owned(), value));
                    }
                    let item: Expr = Expr::case(in_page.clone(), json.object(edge)).into();
                    json.array_agg(item, rn.clone(), from_end)
                }
                "pageInfo" => {
                    rows_needed = true;
                    let parts = self.reader.collect("PageInfo", &f.sets)?;
                    let (first, last) = if from_end {
                        (last_rn.clone(), Expr::val(1))
                    } else {
                        (Expr::val(1), last_rn.clone())
                    };
                    let mut info = Vec::with_capacity(parts.len());
                    for part in &parts {
                        let value = match part.name {
                            "__typename" => lit("\"PageInfo\""),
                            "hasNextPage" if from_end => flag(spec.window.before.is_some()),
                            "hasNextPage" => more.clone(),
                            "hasPreviousPage" if from_end => more.clone(),
                            "hasPreviousPage" => flag(spec.window.after.is_some()),
                            "startCursor" => {
                                counted |= from_end;
                                pick(first.clone())
                            }
                            "endCursor" => {
                                counted |= !from_end;
                                pick(last.clone())
                            }
                            _ => return None,
                        };
                        info.push((part.key.to_owned(), value));
                    }
                    json.object(info)
                }
                _ => return None,
            };
            out.push((f.key.to_owned(), value));
        }
        let object = json.object(out);
        if !rows_needed {
            return Some(object);
        }
        let mut columns: Vec<&str> = self
            .used
            .remove(&p.0)
            .unwrap_or_default()
            .into_iter()
            .collect();
        if !columns.contains(&"id") {
            columns.push("id");
        }
        let page = page_select(table, &spec, under.as_ref(), Some(&columns));
        let x = Alias::new("x");
        let mut window = WindowStatement::new();
        for (key, order) in fetch_order(backend, &x, &spec) {
            sea_orm::sea_query::OrderedStatement::order_by_expr(&mut window, key, order);
        }
        let mut numbered = Query::select();
        numbered
            .expr(Expr::col((x.clone(), Asterisk)))
            .expr_window_as(Expr::cust("ROW_NUMBER()"), window, "__rn");
        if counted {
            numbered.expr_window_as(Expr::cust("COUNT(*)"), WindowStatement::new(), "__cnt");
        }
        numbered.from_subquery(page, x);
        let mut aggregate = Query::select();
        aggregate.expr(object).from_subquery(numbered, p);
        Some(subquery(aggregate))
    }

    /// The cursor of row `p` of a page, as a JSON string.
    fn cursor(&self, p: &Alias, spec: &crate::domain::listing::ListSpec) -> Expr {
        let json = self.json;
        let mut parts = vec![lit(format!(
            "{{\"o\":{},\"k\":[",
            quoted(&spec.order_signature())
        ))];
        for (i, (key_type, _)) in key_types(&spec.order).into_iter().enumerate() {
            if i > 0 {
                parts.push(lit(","));
            }
            let key = col(p, &format!("__k{i}"));
            parts.push(match key_type {
                KeyType::Int => json.int(key),
                KeyType::Text => json.string(key),
            });
        }
        parts.push(lit("]}"));
        json.plain_string(json.hex(json.concat(parts)))
    }
}
