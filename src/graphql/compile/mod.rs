//! The compiled path: a query whose every field the compiler supports is turned into one SQL
//! statement per root field, each returning that field's JSON as text built by the database,
//! and the response is written from those texts without a value tree.
//!
//! - [`collect`] reads the selections (fragments, `@skip`/`@include`, merged keys);
//! - [`catalog`] says where each field's value comes from;
//! - [`spec`] builds each connection's filter, ordering and window with the resolvers' code;
//! - [`plan`] writes the SQL; [`json`] the JSON-writing expressions per database.
//!
//! Plans are cached per (query text, operation, variables); a request whose plan has a field
//! the compiler does not support (introspection, search, stats, `lineage`, `nameIn`…) or
//! arguments the resolvers would refuse gets `None` and runs on the resolvers, which answer
//! it (or report the error) as before.

pub mod catalog;
mod collect;
mod json;
pub mod order;
mod plan;
mod spec;

use std::num::NonZeroUsize;
use std::sync::{Arc, LazyLock, Mutex};

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ID, InputType, Variables};
use lru::LruCache;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

pub use catalog::{Field, field};
pub use collect::with_defaults;
use collect::{Reader, Vars};
use json::{col, lit};
use plan::Planner;

/// One root field of a compiled request.
#[derive(Clone, Debug)]
pub enum Root {
    /// A fixed answer (`__typename`).
    Literal(String),
    /// The statement that writes the field's JSON.
    Sql(Statement),
}

/// A compiled request: its root fields by response key, in order.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// (response key, how to answer it).
    pub fields: Vec<(String, Root)>,
}

/// Root lookups and connections: (lookup field, connection field, record type).
const ROOTS: &[(&str, &str, &str)] = &[
    ("citation", "citations", "Citation"),
    ("event", "events", "Event"),
    ("eventPlace", "eventPlaces", "EventPlace"),
    ("eventSeries", "eventSeriesList", "EventSeries"),
    ("membership", "memberships", "Membership"),
    ("nameVariant", "nameVariants", "NameVariant"),
    ("organization", "organizations", "Organization"),
    ("participation", "participations", "Participation"),
    ("person", "persons", "Person"),
    ("place", "places", "Place"),
    ("placePart", "placeParts", "PlacePart"),
    ("relation", "relations", "Relation"),
    ("sourceDocument", "sourceDocuments", "SourceDocument"),
    ("statistic", "statistics", "Statistic"),
    ("succession", "successions", "Succession"),
    ("work", "works", "Work"),
];

/// The record a global id names, as (type, slug); `None` when it names none.
fn decode(id: &ID) -> Option<(&'static str, String)> {
    let (ty, slug) = crate::graphql::node::decode_id(id, None).ok()?;
    let table = crate::domain::gid::table_of(&ty)?;
    Some((crate::domain::gid::type_of(table)?, slug))
}

/// Compiles a request, or `None` when some root field is not supported.
pub fn compile(
    doc: &ExecutableDocument,
    operation: Option<&str>,
    variables: &Variables,
    backend: DbBackend,
    nesting: usize,
) -> Option<Compiled> {
    let op = collect::operation(doc, operation)?;
    let vars = Vars::of(op, variables);
    let reader = Reader { doc, vars: &vars };
    let roots = reader.collect("Query", &[&op.selection_set.node])?;
    let mut planner = Planner::new(backend, nesting, Reader { doc, vars: &vars });
    let mut fields = Vec::with_capacity(roots.len());
    for field in &roots {
        let root = match field.name {
            "__typename" => Root::Literal(String::from("\"Query\"")),
            name => {
                let expr = root_field(&mut planner, name, field)?;
                let select = Query::select().expr(expr).to_owned();
                Root::Sql(backend.build(&select))
            }
        };
        fields.push((field.key.to_owned(), root));
    }
    Some(Compiled { fields })
}

fn root_field<'a>(
    planner: &mut Planner<'a>,
    name: &str,
    field: &collect::Collected<'a>,
) -> Option<Expr> {
    let vars = planner.reader().vars;
    if let Some((_, _, ty)) = ROOTS.iter().find(|(one, _, _)| *one == name) {
        let slug = String::parse(field.arg(vars, "slug")).ok()?;
        return planner.one_where(ty, &field.sets, |p| col(p, "slug").eq(slug));
    }
    if let Some((_, _, ty)) = ROOTS.iter().find(|(_, list, _)| *list == name) {
        return planner.connection(ty, None, field);
    }
    match name {
        "node" => {
            let id = ID::parse(field.arg(vars, "id")).ok()?;
            let (ty, slug) = decode(&id)?;
            planner.one_where(ty, &field.sets, |p| col(p, "slug").eq(slug))
        }
        "nodes" => {
            let ids = Vec::<ID>::parse(field.arg(vars, "ids")).ok()?;
            if ids.len() > crate::graphql::MAX_PAGE_SIZE {
                return None;
            }
            let mut parts = vec![lit("[")];
            for (i, id) in ids.iter().enumerate() {
                if i > 0 {
                    parts.push(lit(","));
                }
                let (ty, slug) = decode(id)?;
                parts.push(planner.one_where(ty, &field.sets, |p| col(p, "slug").eq(slug))?);
            }
            parts.push(lit("]"));
            Some(planner.json().concat(parts))
        }
        _ => None,
    }
}

/// How many compiled plans are kept, least recently used first out.
const PLANS: usize = 512;
/// Queries longer than this are compiled every time.
const CACHED_QUERY_BYTES: usize = 8 * 1024;

/// (query, operation, variables, on PostgreSQL, filter nesting limit) → plan.
type PlanKey = (String, Option<String>, String, bool, usize);
type PlanCache = Mutex<LruCache<PlanKey, Option<Arc<Compiled>>>>;

static PLANS_CACHE: LazyLock<PlanCache> = LazyLock::new(|| {
    Mutex::new(LruCache::new(
        NonZeroUsize::new(PLANS).unwrap_or(NonZeroUsize::MIN),
    ))
});

/// [`compile`], cached per (query text, operation, variables, database): a repeated
/// request, compiled or not, is not planned again.
pub fn compile_cached(
    query: &str,
    doc: &ExecutableDocument,
    operation: Option<&str>,
    variables: &Variables,
    backend: DbBackend,
    nesting: usize,
) -> Option<Arc<Compiled>> {
    let lock = || {
        PLANS_CACHE
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    let cacheable = query.len() <= CACHED_QUERY_BYTES;
    let key = (
        query.to_owned(),
        operation.map(str::to_owned),
        serde_json::to_string(variables).unwrap_or_default(),
        backend == DbBackend::Postgres,
        nesting,
    );
    if cacheable && let Some(plan) = lock().get(&key) {
        return plan.clone();
    }
    let plan = compile(doc, operation, variables, backend, nesting).map(Arc::new);
    if cacheable && key.2.len() <= CACHED_QUERY_BYTES {
        lock().put(key, plan.clone());
    }
    plan
}

/// Runs a compiled request: one statement per root field, in order, on `db`; returns the
/// response body `{"data":{…}}`.
pub async fn run(db: &impl ConnectionTrait, compiled: &Compiled) -> Result<String, DbErr> {
    let mut body = String::from("{\"data\":{");
    for (i, (key, root)) in compiled.fields.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push('"');
        body.push_str(key);
        body.push_str("\":");
        match root {
            Root::Literal(text) => body.push_str(text),
            Root::Sql(statement) => {
                tracing::debug!(field = %key, sql = %statement.sql, "compiled statement");
                let row = db
                    .query_one_raw(statement.clone())
                    .await?
                    .ok_or_else(|| DbErr::RecordNotFound("compiled statement".into()))?;
                let text: String = row.try_get_by_index(0)?;
                body.push_str(&text);
            }
        }
    }
    body.push_str("}}");
    Ok(body)
}
