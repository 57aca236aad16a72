//! Exports: any root connection (records, search hits, statistics groups) as flat rows.
//!
//! The export runs the caller's own GraphQL query through the same executor, filters, limits
//! and errors as `/graphql`, one page at a time: the query declares `$after: String`, passes it
//! as the connection's `after`, and selects `pageInfo { hasNextPage endCursor }`. The columns
//! are the leaf fields under `nodes` (or `edges { node }`), named by their dotted path
//! (`country.name`), in the order the query selects them. A leaf under a nested list (a
//! connection inside the node) holds every value of the list.

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Field, Selection, SelectionSet,
};
use async_graphql::{Request, Variables};
use sea_orm::DatabaseConnection;
use serde_json::Value;

use super::{AppSchema, Budget, execute_with};
use crate::config::Limits;

/// The paging variable an export query must declare.
pub const AFTER: &str = "after";

/// A column: its dotted name and the path to its value under a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// Dotted name, e.g. `country.name`.
    pub name: String,
    path: Vec<String>,
}

/// How to read rows out of the responses of an export query.
#[derive(Clone, Debug)]
pub struct Plan {
    query: String,
    field: String,
    /// `["nodes"]` or `["edges", "node"]`.
    node_path: Vec<String>,
    /// The columns, in selection order.
    pub columns: Vec<Column>,
}

/// A cell: no value, one value, or every value of a nested list.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// One value (may be null).
    One(Value),
    /// The values found through a nested list.
    Many(Vec<Value>),
}

/// One page of rows and where the next page starts.
pub struct Page {
    /// Rows: one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// The cursor to pass as `$after` for the next page, if there is one.
    pub next: Option<String>,
}

/// Why an export cannot run: GraphQL errors (as JSON) or a malformed export query.
#[derive(Debug)]
pub enum ExportError {
    /// The query cannot be exported; says how to fix it.
    Query(String),
    /// The query is over the request budget.
    Refused(crate::error::AppError),
    /// The GraphQL response's errors, as `/graphql` returns them.
    Graphql(Value),
}

fn find<'a>(set: &'a SelectionSet, doc: &'a ExecutableDocument, key: &str) -> Option<&'a Field> {
    find_within(set, doc, key, 0)
}

/// `find`, at most 32 fragments deep (cycles of fragments are refused by validation later,
/// but the plan is read before it).
fn find_within<'a>(
    set: &'a SelectionSet,
    doc: &'a ExecutableDocument,
    key: &str,
    depth: usize,
) -> Option<&'a Field> {
    if depth > 32 {
        return None;
    }
    for item in &set.items {
        match &item.node {
            Selection::Field(f) if f.node.response_key().node.as_str() == key => {
                return Some(&f.node);
            }
            Selection::Field(_) => {}
            Selection::InlineFragment(i) => {
                if let Some(f) = find_within(&i.node.selection_set.node, doc, key, depth + 1) {
                    return Some(f);
                }
            }
            Selection::FragmentSpread(s) => {
                let def = doc.fragments.get(&s.node.fragment_name.node)?;
                let set = &def.node.selection_set.node;
                if let Some(f) = find_within(set, doc, key, depth + 1) {
                    return Some(f);
                }
            }
        }
    }
    None
}

fn leaves(
    set: &SelectionSet,
    doc: &ExecutableDocument,
    prefix: &[String],
    out: &mut Vec<Column>,
    depth: usize,
) -> Result<(), String> {
    if depth > 32 {
        return Err("the selection nests fragments too deeply".into());
    }
    for item in &set.items {
        match &item.node {
            Selection::Field(f) => {
                let mut path = prefix.to_vec();
                path.push(f.node.response_key().node.to_string());
                let children = &f.node.selection_set.node;
                if children.items.is_empty() {
                    let name = path.join(".");
                    if !out.iter().any(|c| c.name == name) {
                        out.push(Column { name, path });
                    }
                } else {
                    leaves(children, doc, &path, out, depth + 1)?;
                }
            }
            Selection::InlineFragment(i) => {
                leaves(&i.node.selection_set.node, doc, prefix, out, depth + 1)?;
            }
            Selection::FragmentSpread(s) => {
                let name = &s.node.fragment_name.node;
                let def = doc
                    .fragments
                    .get(name)
                    .ok_or_else(|| format!("unknown fragment `{name}`"))?;
                leaves(&def.node.selection_set.node, doc, prefix, out, depth + 1)?;
            }
        }
    }
    Ok(())
}

impl Plan {
    /// Reads the columns and checks that the query can be paged through. The query text
    /// passes the request budget's text checks before it is parsed.
    pub fn new(query: &str, field: &str, limits: &Limits) -> Result<Plan, ExportError> {
        super::budget::check_text(query, &Variables::default(), limits)
            .map_err(ExportError::Refused)?;
        Plan::read(query, field).map_err(ExportError::Query)
    }

    fn read(query: &str, field: &str) -> Result<Plan, String> {
        let doc = async_graphql::parser::parse_query(query).map_err(|e| e.to_string())?;
        let op = match &doc.operations {
            DocumentOperations::Single(op) => &op.node,
            DocumentOperations::Multiple(ops) if ops.len() == 1 => {
                ops.values().next().map(|o| &o.node).ok_or("no operation")?
            }
            DocumentOperations::Multiple(_) => {
                return Err("the export query must hold exactly one operation".into());
            }
        };
        let declares_after = op
            .variable_definitions
            .iter()
            .any(|v| v.node.name.node.as_str() == AFTER);
        let how = format!(
            "declare `$after: String`, pass `after: $after` to `{field}`, and select \
             `pageInfo {{ hasNextPage endCursor }}`, e.g. \
             `query($after: String) {{ {field}(first: 100, after: $after) {{ nodes {{ … }} \
             pageInfo {{ hasNextPage endCursor }} }} }}`"
        );
        let root = find(&op.selection_set.node, &doc, field)
            .ok_or_else(|| format!("the query selects no root field `{field}`"))?;
        let set = &root.selection_set.node;
        let paged = find(set, &doc, "pageInfo").is_some_and(|p| {
            let s = &p.selection_set.node;
            find(s, &doc, "hasNextPage").is_some() && find(s, &doc, "endCursor").is_some()
        });
        let passes_after = root.arguments.iter().any(|(name, value)| {
            name.node == AFTER
                && matches!(&value.node, async_graphql_value::Value::Variable(v) if v == AFTER)
        });
        if !declares_after || !passes_after || !paged {
            return Err(format!("an export pages through the list: {how}"));
        }
        let (node_path, node) = if let Some(nodes) = find(set, &doc, "nodes") {
            (vec!["nodes".to_owned()], nodes)
        } else if let Some(node) =
            find(set, &doc, "edges").and_then(|e| find(&e.selection_set.node, &doc, "node"))
        {
            (vec!["edges".to_owned(), "node".to_owned()], node)
        } else {
            return Err(format!(
                "`{field}` selects neither `nodes` nor `edges {{ node }}`"
            ));
        };
        let mut columns = Vec::new();
        leaves(&node.selection_set.node, &doc, &[], &mut columns, 0)?;
        if columns.is_empty() {
            return Err("the nodes select no fields".into());
        }
        Ok(Plan {
            query: query.to_owned(),
            field: field.to_owned(),
            node_path,
            columns,
        })
    }

    /// Runs the query for the page after `after` and reads its rows.
    pub async fn page(
        &self,
        schema: &AppSchema,
        db: &DatabaseConnection,
        limits: &Limits,
        variables: &serde_json::Map<String, Value>,
        after: Option<String>,
    ) -> Result<Page, ExportError> {
        // the first page checks the budget and validates; later pages run the same document
        let budget = if after.is_none() {
            Budget::Check
        } else {
            Budget::Checked
        };
        let mut vars = variables.clone();
        vars.insert(AFTER.to_owned(), after.map_or(Value::Null, Value::String));
        let request =
            Request::new(self.query.clone()).variables(Variables::from_json(Value::Object(vars)));
        let response = execute_with(schema, db, limits, request, budget).await;
        if !response.errors.is_empty() {
            let errors = serde_json::to_value(&response.errors).unwrap_or(Value::Null);
            return Err(ExportError::Graphql(errors));
        }
        let data = response
            .data
            .into_json()
            .map_err(|e| ExportError::Query(format!("unreadable response: {e}")))?;
        let list = &data[&self.field];
        let mut nodes = vec![list];
        for step in &self.node_path {
            nodes = nodes
                .into_iter()
                .flat_map(|v| match &v[step] {
                    Value::Array(items) => items.iter().collect::<Vec<_>>(),
                    other => vec![other],
                })
                .collect();
        }
        let rows = nodes
            .into_iter()
            .filter(|n| n.is_object())
            .map(|node| self.columns.iter().map(|c| cell(node, &c.path)).collect())
            .collect();
        let info = &list["pageInfo"];
        let next = match (&info["hasNextPage"], &info["endCursor"]) {
            (Value::Bool(true), Value::String(cursor)) => Some(cursor.clone()),
            _ => None,
        };
        Ok(Page { rows, next })
    }
}

/// The value at `path` under `node`; every value when a list lies on the way.
fn cell(node: &Value, path: &[String]) -> Cell {
    fn walk(v: &Value, path: &[String], out: &mut Vec<Value>, many: &mut bool) {
        match (v, path.split_first()) {
            (Value::Array(items), _) => {
                *many = true;
                for item in items {
                    walk(item, path, out, many);
                }
            }
            (_, None) => out.push(v.clone()),
            (Value::Object(map), Some((head, rest))) => {
                if let Some(next) = map.get(head) {
                    walk(next, rest, out, many);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut many = false;
    walk(node, path, &mut out, &mut many);
    if many {
        Cell::Many(out)
    } else {
        Cell::One(out.pop().unwrap_or(Value::Null))
    }
}

impl Cell {
    /// The cell as CSV text: empty for null, values of a list joined with `; `.
    pub fn text(&self) -> String {
        fn one(v: &Value) -> String {
            match v {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }
        }
        match self {
            Cell::One(v) => one(v),
            Cell::Many(vs) => vs.iter().map(one).collect::<Vec<_>>().join("; "),
        }
    }

    /// The cell as JSON: the value, or an array of the list's values.
    pub fn json(&self) -> Value {
        match self {
            Cell::One(v) => v.clone(),
            Cell::Many(vs) => Value::Array(vs.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_the_selection_and_paging_is_required() {
        let q = "query($after: String) { orgs: organizations(first: 2, after: $after) {
            nodes { slug name country { name isoAlpha2 } ...F ... on Organization { slug kind } }
            pageInfo { hasNextPage endCursor } } }
            fragment F on Organization { founded }";
        let limits = Limits::default();
        let plan = Plan::new(q, "orgs", &limits).unwrap_or_else(|e| panic!("{e:?}"));
        let names: Vec<&str> = plan.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "slug",
                "name",
                "country.name",
                "country.isoAlpha2",
                "founded",
                "kind"
            ]
        );
        let unpaged = "{ organizations(first: 2) { nodes { slug } } }";
        assert!(Plan::new(unpaged, "organizations", &limits).is_err());
        assert!(
            Plan::new(q, "organizations", &limits).is_err(),
            "no such root field"
        );
        let stuck = "query($after: String) { organizations(first: 2) { nodes { slug }
            pageInfo { hasNextPage endCursor } } }";
        assert!(
            Plan::new(stuck, "organizations", &limits).is_err(),
            "`$after` is declared but not passed: every page would be the first"
        );
        let cycle = "query($after: String) { ...A } fragment A on Query { ...B }
            fragment B on Query { ...A }";
        assert!(Plan::new(cycle, "organizations", &limits).is_err());
    }

    #[test]
    fn nested_lists_become_one_cell() {
        let node = serde_json::json!({ "a": { "b": 1 }, "l": { "nodes": [{ "n": "x" }, { "n": "y" }] }, "z": null });
        let path = |p: &str| p.split('.').map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(cell(&node, &path("a.b")).text(), "1");
        assert_eq!(cell(&node, &path("l.nodes.n")).text(), "x; y");
        assert_eq!(cell(&node, &path("z.q")).text(), "");
        assert_eq!(
            cell(&node, &path("l.nodes.n")).json(),
            serde_json::json!(["x", "y"])
        );
    }
}
