//! What is enforced while a request runs: the response's size, metered field by field as
//! values are resolved (so an oversized answer is stopped while it is being built, not after),
//! and the codes of errors that async-graphql itself raises.
//!
//! The [`Guard`] extension sees every resolved value. It adds the value's serialized size
//! (scalars in full; objects and lists by their punctuation, their contents being metered
//! where they are resolved) to the request's [`Meter`]; past the limit, the first field fails
//! with `RESPONSE_TOO_LARGE` and every later field resolves to null without running, and the
//! executor drops the request at its next step (see `exec`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextResolve, NextValidation,
    ResolveInfo,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ServerError, ServerResult, ValidationResult, Value, Variables};

use crate::error::{AppError, Code, Over};

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

    fn is_exceeded(&self) -> bool {
        self.exceeded.load(Ordering::Relaxed)
    }

    /// The error to answer with, once the limit was passed.
    pub fn exceeded(&self) -> Option<AppError> {
        if !self.is_exceeded() {
            return None;
        }
        let over = Over {
            measured: self.used.load(Ordering::Relaxed),
            limit: self.limit,
        };
        Some(AppError::Limit {
            code: Code::ResponseTooLarge,
            message: format!(
                "the response would be larger than {} bytes (setting \
                 COOPGRAPH_MAX_RESPONSE_BYTES); ask for smaller pages or fewer fields",
                over.limit
            ),
            over: Some(over),
        })
    }
}

/// The serialized size of a value without the contents of objects and lists.
fn shallow_size(value: &Value) -> u64 {
    match value {
        Value::Null => 4,
        Value::Boolean(_) => 5,
        Value::Number(_) => 12,
        Value::String(s) => s.len() as u64 + 2,
        Value::Enum(e) => e.len() as u64 + 2,
        Value::Binary(b) => b.len() as u64 * 2,
        Value::List(_) | Value::Object(_) => 2,
    }
}

/// The extension that meters responses and gives async-graphql's own errors their codes.
pub struct Guard;

impl ExtensionFactory for Guard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(GuardExtension)
    }
}

struct GuardExtension;

/// Sets `code` on errors that have none.
fn with_code(mut error: ServerError, code: Code) -> ServerError {
    let ext = error.extensions.get_or_insert_with(Default::default);
    if ext.get("code").is_none() {
        ext.set("code", code.as_str());
    }
    error
}

/// The code of an error async-graphql raises while checking a parsed document.
fn parse_code(message: &str) -> Code {
    if message.starts_with("The recursion depth") {
        Code::QueryTooDeep
    } else if message.starts_with("The number of directives") {
        Code::TooManyDirectives
    } else {
        Code::GraphqlParseFailed
    }
}

/// The code of an error a resolver returned without one: input that could not be converted
/// to an argument's type is the client's fault; anything else is ours.
fn resolve_code(error: &ServerError) -> Code {
    let m = &error.message;
    if m.starts_with("Failed to parse") || m.starts_with("Invalid value for argument") {
        Code::BadUserInput
    } else {
        tracing::error!(message = ?m, path = ?error.path, "an error without a code reached a resolver");
        Code::Internal
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for GuardExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables).await.map_err(|e| {
            let code = parse_code(&e.message);
            with_code(e, code)
        })
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|e| with_code(e, Code::GraphqlValidationFailed))
                .collect()
        })
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let meter = ctx.data_opt::<Arc<Meter>>();
        if meter.is_some_and(|m| m.is_exceeded()) {
            return Ok(Some(Value::Null));
        }
        let key = info.alias.unwrap_or(info.name).len() as u64 + 4;
        match next.run(ctx, info).await {
            Ok(value) => {
                if let Some(meter) = meter {
                    let size = value.as_ref().map_or(4, shallow_size);
                    if meter.add(key + size) {
                        return Err(meter
                            .exceeded()
                            .map(crate::graphql::server_error)
                            .unwrap_or_else(|| {
                                ServerError::new("the response is too large", None)
                            }));
                    }
                }
                Ok(value)
            }
            Err(e)
                if e.extensions
                    .as_ref()
                    .is_some_and(|x| x.get("code").is_some()) =>
            {
                Err(e)
            }
            Err(e) => {
                let code = resolve_code(&e);
                Err(with_code(e, code))
            }
        }
    }
}
