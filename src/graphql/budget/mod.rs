//! The request budget, checked before a request executes: first on the query text (length,
//! tokens, nesting, string escapes), then on the parsed document with every fragment
//! inlined by summary (fragments, fields, depth, root fields, aliases, repeated fields,
//! directives, cost). Each check is linear in the document, so a refusal costs microseconds,
//! and each refusal says which limit, the value measured and the limit.
//!
//! What cannot be known before execution (the response's size, the time it takes) is
//! enforced while it runs: see [`meter`].

pub mod meter;
pub mod model;
pub mod scan;
pub mod shape;

use async_graphql::Variables;
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationDefinition};

use crate::config::Limits;
use crate::error::{AppError, Code, excerpt};
pub use model::Model;
pub use shape::Summary;

/// How deep brackets may nest in a query document or its variables, relative to the
/// recursion limit: the parser, validation and input conversion recurse over that nesting
/// before any other check.
const NESTING_PER_RECURSION: usize = 2;

fn over(code: Code, what: &str, setting: &str, measured: u64, limit: u64) -> AppError {
    AppError::limit(
        code,
        format!("{what} is {measured}, above the limit of {limit} (setting {setting})"),
        measured,
        limit,
    )
}

/// Checks the query text and variables before parsing.
pub fn check_text(query: &str, variables: &Variables, limits: &Limits) -> Result<(), AppError> {
    let scan = scan::scan(query);
    let chars = scan.chars as u64;
    if scan.chars > limits.max_query_chars {
        let limit = limits.max_query_chars as u64;
        return Err(over(
            Code::QueryTooLong,
            "the query's length in characters",
            "COOPGRAPH_MAX_QUERY_CHARS",
            chars,
            limit,
        ));
    }
    if scan.tokens > limits.max_tokens {
        return Err(over(
            Code::TooManyTokens,
            "the query's number of tokens",
            "COOPGRAPH_MAX_TOKENS",
            scan.tokens as u64,
            limits.max_tokens as u64,
        ));
    }
    let max = limits.max_recursion.saturating_mul(NESTING_PER_RECURSION);
    let vars = variables.values().map(scan::value_nesting).max();
    let nesting = scan.nesting.max(vars.unwrap_or(0));
    if nesting > max {
        return Err(AppError::limit(
            Code::QueryTooDeep,
            format!(
                "the query or its variables nest deeper than {max} levels (measured {nesting})"
            ),
            nesting as u64,
            max as u64,
        ));
    }
    if scan.surrogate {
        return Err(AppError::BadUserInput(
            "a string escapes a UTF-16 surrogate (\\uD800-\\uDFFF), which is not a character: \
             write the character itself"
                .into(),
        ));
    }
    if scan.nul || variables.values().any(has_nul) {
        return Err(AppError::BadUserInput(
            "a string holds a NUL character (\\u0000), which no record can contain".into(),
        ));
    }
    Ok(())
}

fn has_nul(value: &async_graphql::Value) -> bool {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            async_graphql::Value::String(s) if s.contains('\0') => return true,
            async_graphql::Value::List(items) => stack.extend(items),
            async_graphql::Value::Object(fields) => {
                if fields.keys().any(|k| k.contains('\0')) {
                    return true;
                }
                stack.extend(fields.values());
            }
            _ => {}
        }
    }
    false
}

/// The operation a request executes: the named one, or the only one. `None` when there is
/// no such operation (execution then reports it).
fn operation<'a>(
    doc: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), _) => Some(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(_, op)| &op.node),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|op| &op.node)
        }
        _ => None,
    }
}

/// Checks the parsed document: the operation to execute, with its fragments inlined.
pub fn check_document(
    doc: &ExecutableDocument,
    operation_name: Option<&str>,
    variables: &Variables,
    model: &Model,
    limits: &Limits,
) -> Result<Summary, AppError> {
    if doc.fragments.len() > limits.max_fragments {
        return Err(over(
            Code::TooManyFragments,
            "the number of fragment definitions",
            "COOPGRAPH_MAX_FRAGMENTS",
            doc.fragments.len() as u64,
            limits.max_fragments as u64,
        ));
    }
    let Some(op) = operation(doc, operation_name) else {
        let message = match operation_name {
            Some(name) => format!("the document has no operation named `{}`", excerpt(name)),
            None => "the document holds several operations: name the one to run with \
                     `operationName`"
                .to_owned(),
        };
        return Err(AppError::refused(Code::GraphqlValidationFailed, message));
    };
    let s = shape::Walker::new(doc, op, model, variables).operation();
    let checks = [
        (
            Code::QueryTooLarge,
            "the number of fields with every fragment inlined",
            "COOPGRAPH_MAX_FIELDS",
            s.fields,
            limits.max_fields,
        ),
        (
            Code::QueryTooDeep,
            "the depth of field nesting",
            "COOPGRAPH_MAX_DEPTH",
            s.depth,
            limits.max_depth,
        ),
        (
            Code::TooManyAliases,
            "the number of aliases",
            "COOPGRAPH_MAX_ALIASES",
            s.aliases,
            limits.max_aliases,
        ),
        (
            Code::TooManyRootFields,
            "the number of root fields",
            "COOPGRAPH_MAX_ROOT_FIELDS",
            s.root_fields(),
            limits.max_root_fields,
        ),
        (
            Code::TooManyRepeatedFields,
            "the most selections of one field in a selection set",
            "COOPGRAPH_MAX_FIELD_REPEATS",
            s.repeats,
            limits.max_field_repeats,
        ),
        (
            Code::TooManyDirectives,
            "the most directives on one field",
            "COOPGRAPH_MAX_DIRECTIVES",
            s.directives,
            limits.max_directives,
        ),
    ];
    for (code, what, setting, measured, limit) in checks {
        if measured > limit as u64 {
            return Err(over(code, what, setting, measured, limit as u64));
        }
    }
    let cost = s.cost.ceil();
    if cost > limits.max_complexity as f64 {
        let measured = if cost.is_finite() && cost < u64::MAX as f64 {
            cost as u64
        } else {
            u64::MAX
        };
        return Err(over(
            Code::QueryTooComplex,
            "the query's estimated cost",
            "COOPGRAPH_MAX_COMPLEXITY",
            measured,
            limits.max_complexity as u64,
        ));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(query: &str) -> Summary {
        let model = Model::from_sdl(&crate::graphql::sdl());
        let doc = async_graphql::parser::parse_query(query).unwrap_or_else(|e| panic!("{e}"));
        let limits = Limits {
            max_complexity: usize::MAX,
            max_fields: usize::MAX,
            max_depth: usize::MAX,
            max_aliases: usize::MAX,
            max_root_fields: usize::MAX,
            max_field_repeats: usize::MAX,
            ..Limits::default()
        };
        check_document(&doc, None, &Variables::default(), &model, &limits)
            .unwrap_or_else(|e| panic!("{}", e.message()))
    }

    #[test]
    fn the_cost_model_prices_pages_text_stats_and_introspection() {
        // 1 + 20 × (nodes 1 + name 1)
        assert_eq!(cost("{ organizations { nodes { name } } }").cost, 41.0);
        // a page of 100 free-text fields costs ten times a page of names
        let names = cost("{ organizations(first: 100) { nodes { name } } }").cost;
        let texts = cost("{ organizations(first: 100) { nodes { description } } }").cost;
        assert_eq!((names, texts), (201.0, 1101.0));
        // grouping over a whole table costs its SQL
        let stats = cost("{ eventStats(groupBy: [DECADE], first: 5) { nodes { count } } }");
        assert_eq!(stats.cost, 501.0 + 5.0 * 2.0);
        // the three-relations-deep query of the README
        let three = cost(
            "{ organizations { totalCount edges { cursor node { id name kind memberships { edges { node { role label member { ... on Person { name } ... on Organization { name memberships { edges { node { role organization { name kind } } } } } } } } } } } } }",
        );
        assert!(
            (40_000.0..100_000.0).contains(&three.cost),
            "{}",
            three.cost
        );
        assert_eq!(three.depth, 12);
        // `__schema` is not free: a schema's worth of types, fields and arguments
        let schema =
            cost("{ __schema { types { name fields { name args { name } type { name } } } } }");
        assert!(schema.cost > 3_000.0, "{}", schema.cost);
    }

    #[test]
    fn fragments_are_summarised_once_whatever_they_spread() {
        let mut q = String::from("{ ...F40 } fragment F0 on Query { datasetCounts { table } }");
        for i in 1..=40 {
            q += &format!(" fragment F{i} on Query {{ ...F{} ...F{} }}", i - 1, i - 1);
        }
        let s = cost(&q);
        assert_eq!(s.fields, 2 * (1 << 40));
        assert_eq!(s.repeats, 1 << 40);
    }
}
