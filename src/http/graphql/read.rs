//! Reading a GraphQL request from a POST body or a GET query string.

use actix_web::http::header::{self, HeaderMap};
use serde::Deserialize;

use crate::error::{AppError, Code};

/// Whether the request's media type is JSON.
pub fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return false;
    };
    let Ok(text) = value.to_str() else {
        return false;
    };
    let essence = text.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.eq_ignore_ascii_case("application/graphql-response+json")
}

/// Reads the body as one GraphQL request.
pub fn request(body: &[u8]) -> Result<async_graphql::Request, AppError> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'{') => {}
        Some(b'[') => {
            return Err(AppError::refused(
                Code::BatchingNotSupported,
                "the body is a JSON array: send one GraphQL request object per HTTP request",
            ));
        }
        _ => {
            return Err(AppError::refused(
                Code::BadRequest,
                "the body must be one JSON object: {\"query\": \"…\", \"variables\": {…}}",
            ));
        }
    }
    let request: async_graphql::Request = serde_json::from_slice(body).map_err(|e| {
        let text = e.to_string();
        if ["surrogate", "hex escape", "unicode code point"]
            .iter()
            .any(|m| text.contains(m))
        {
            AppError::BadUserInput(format!("a string in the body is not valid Unicode: {text}"))
        } else {
            AppError::refused(
                Code::BadRequest,
                format!("the body is not a GraphQL request: {text}"),
            )
        }
    })?;
    Ok(request)
}

/// The parameters of `GET /graphql?query=…&operationName=…&variables=…&extensions=…`, the
/// last two as JSON text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetParams {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

impl GetParams {
    /// Whether the URL asks for a GraphQL request at all (else it is the playground's).
    pub fn is_request(&self) -> bool {
        self.query.is_some() || self.extensions.is_some()
    }

    /// The GraphQL request the parameters hold.
    pub fn request(self) -> Result<async_graphql::Request, AppError> {
        let json = |name: &str, text: Option<String>| -> Result<serde_json::Value, AppError> {
            match text {
                None => Ok(serde_json::Value::Null),
                Some(t) if t.trim().is_empty() => Ok(serde_json::Value::Null),
                Some(t) => serde_json::from_str(&t).map_err(|e| {
                    AppError::refused(Code::BadRequest, format!("`{name}` is not JSON: {e}"))
                }),
            }
        };
        let body = serde_json::json!({
            "query": self.query.unwrap_or_default(),
            "operationName": self.operation_name,
            "variables": json("variables", self.variables)?,
            "extensions": json("extensions", self.extensions)?,
        });
        serde_json::from_value(body)
            .map_err(|e| AppError::refused(Code::BadRequest, format!("not a GraphQL request: {e}")))
    }
}

/// Refuses a request with no query text (after persisted queries had their say).
pub fn has_query(request: &async_graphql::Request) -> Result<(), AppError> {
    if request.query.trim().is_empty() {
        return Err(AppError::refused(
            Code::BadRequest,
            "the request has no `query`",
        ));
    }
    Ok(())
}

/// Whether the document's chosen operation is a mutation (which GET must not run).
pub fn is_mutation(request: &async_graphql::Request) -> bool {
    mutation_fields(request).is_some()
}

/// The root fields of the chosen operation when it is a mutation (fragments at the root
/// counted by their fields), `None` for any other operation or a document that does not
/// parse (validation answers that).
pub fn mutation_fields(request: &async_graphql::Request) -> Option<usize> {
    use async_graphql::parser::types::{
        DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
    };
    fn count(doc: &ExecutableDocument, set: &SelectionSet, depth: usize) -> usize {
        if depth > 8 {
            return 0;
        }
        set.items
            .iter()
            .map(|item| match &item.node {
                Selection::Field(_) => 1,
                Selection::InlineFragment(f) => count(doc, &f.node.selection_set.node, depth + 1),
                Selection::FragmentSpread(s) => doc
                    .fragments
                    .get(&s.node.fragment_name.node)
                    .map_or(0, |f| count(doc, &f.node.selection_set.node, depth + 1)),
            })
            .sum()
    }
    let doc = async_graphql::parser::parse_query(&request.query).ok()?;
    let op = match (&doc.operations, &request.operation_name) {
        (DocumentOperations::Single(op), _) => Some(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name.as_str()).map(|o| &o.node),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|o| &o.node)
        }
        _ => None,
    }?;
    (op.ty == OperationType::Mutation).then(|| count(&doc, &op.selection_set.node, 0))
}

/// The operation type for metrics, from the document's first keyword (`{` is a query): cheap,
/// and exact for documents of one operation.
pub fn operation_type(document: &str) -> &'static str {
    let mut text = document;
    loop {
        text = text.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == '\u{feff}');
        if text.starts_with('#') {
            text = text.split_once('\n').map_or("", |(_, rest)| rest);
            continue;
        }
        break;
    }
    if text.starts_with("mutation") {
        "mutation"
    } else if text.starts_with("subscription") {
        "subscription"
    } else {
        "query"
    }
}
