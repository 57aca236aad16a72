//! What is enforced while a request runs: the response's size, metered list by list as the
//! answer is built (so an oversized answer is stopped while it is being built, not after), and
//! the codes of errors that async-graphql itself raises.
//!
//! Every list of records in the schema (connection `nodes` and `edges`, `nodes(ids:)`,
//! lineages, table counts) is a [`Metered`] value: once built, its serialized size (without
//! the lists inside it, metered before it) is added to the request's [`Meter`]. Past the
//! limit the list fails with `RESPONSE_TOO_LARGE` and the executor drops the request at its
//! next step (see `exec`). Lists multiply; what lies outside any list (a root record and its
//! to-one relations) is bounded by the field and alias limits, introspection by its cost.
//! This is metered here rather than in an async-graphql extension: an extension's per-field
//! hook made the nested benchmark query a quarter slower.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use std::borrow::Cow;

use async_graphql::parser::Positioned;
use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::{ContextSelectionSet, OutputType, ServerError, ServerResult, Value};

use crate::error::{AppError, Code};

/// The response size of one request so far.
#[derive(Debug)]
pub struct Meter {
    limit: u64,
    used: AtomicU64,
    exceeded: AtomicBool,
}

impl Meter {
    /// A meter for a response of at most `limit` bytes.
    pub fn new(limit: usize) -> Arc<Meter> {
        Arc::new(Meter {
            limit: limit as u64,
            used: AtomicU64::new(0),
            exceeded: AtomicBool::new(false),
        })
    }

    /// Adds `bytes`; true when this pushed the total past the limit.
    fn add(&self, bytes: u64) -> bool {
        let used = self.used.fetch_add(bytes, Ordering::Relaxed) + bytes;
        used > self.limit && !self.exceeded.swap(true, Ordering::Relaxed)
    }

    /// The error to answer with, once the limit was passed.
    pub fn exceeded(&self) -> Option<AppError> {
        if !self.exceeded.load(Ordering::Relaxed) {
            return None;
        }
        Some(too_large(self.used.load(Ordering::Relaxed), self.limit))
    }
}

/// The serialized size of a value, leaving out lists of objects: every list of records is a
/// [`Metered`] value that was metered when it was built, so each byte is counted once.
fn own_size(value: &Value) -> u64 {
    match value {
        Value::Null => 4,
        Value::Boolean(_) => 5,
        Value::Number(_) => 12,
        Value::String(s) => s.len() as u64 + 2,
        Value::Enum(e) => e.len() as u64 + 2,
        Value::Binary(b) => b.len() as u64 * 2,
        Value::List(items) if items.iter().any(|i| matches!(i, Value::Object(_))) => 2,
        Value::List(items) => items_size(items),
        Value::Object(fields) => {
            let own: u64 = fields
                .iter()
                .map(|(key, v)| key.len() as u64 + 4 + own_size(v))
                .sum();
            own + 2
        }
    }
}

/// The size of a list's items (each without the lists of objects inside it) and punctuation.
fn items_size(items: &[Value]) -> u64 {
    items.iter().map(|i| own_size(i) + 1).sum::<u64>() + 2
}

/// The size of a metered list: its items in full, but for the lists inside them.
fn list_size(value: &Value) -> u64 {
    match value {
        Value::List(items) => items_size(items),
        other => own_size(other),
    }
}

/// A list of records whose size is metered once it is built: its own scalars, keys and
/// to-one records, not the lists inside it (metered themselves, earlier, as they are built
/// first). Same GraphQL type as `T`, so the schema does not change.
pub struct Metered<T>(pub T);

impl<T: OutputType> OutputType for Metered<T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn qualified_type_name() -> String {
        T::qualified_type_name()
    }

    fn introspection_type_name(&self) -> Cow<'static, str> {
        self.0.introspection_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        let value = self.0.resolve(ctx, field).await?;
        if let Some(meter) = ctx.data_opt::<Arc<Meter>>()
            && meter.add(list_size(&value))
            && let Some(err) = meter.exceeded()
        {
            return Err(crate::graphql::server_error(err));
        }
        Ok(value)
    }
}

/// The code of an error async-graphql raised without one: before execution (no path) it is a
/// syntax or validation error; in a resolver, input that could not be converted to an
/// argument's type is the client's fault, and anything else is ours.
pub fn code_of(error: &ServerError) -> Code {
    let m = &error.message;
    if error.path.is_empty() {
        if m.starts_with("The recursion depth") {
            Code::QueryTooDeep
        } else if m.starts_with("The number of directives") {
            Code::TooManyDirectives
        } else {
            Code::GraphqlValidationFailed
        }
    } else if m.starts_with("Failed to parse") || m.starts_with("Invalid value for argument") {
        Code::BadUserInput
    } else {
        tracing::error!(message = ?m, path = ?error.path, "an error without a code reached the response");
        Code::Internal
    }
}

/// The `RESPONSE_TOO_LARGE` refusal of an answer of `measured` bytes over `limit` (on either
/// path: the meter of the resolvers, the body of the compiled statements).
pub fn too_large(measured: u64, limit: u64) -> AppError {
    AppError::limit(
        Code::ResponseTooLarge,
        format!(
            "the response would be larger than {limit} bytes (setting \
             COOPGRAPH_MAX_RESPONSE_BYTES); ask for smaller pages or fewer fields"
        ),
        measured,
        limit,
    )
}
