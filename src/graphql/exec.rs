//! Executing a request with its DataLoader batches run in waves.
//!
//! async-graphql's DataLoader normally spawns a batch after a fixed delay and takes whatever
//! keys arrived by then; under load, one field's keys can straddle two batches, and a quiet
//! server still pays the delay on every level of nesting. Here the loader's "spawn" hands the
//! batch to the request's own future instead, which runs batches in waves:
//!
//! 1. poll the query until it can make no more progress (every resolver that can ask for a key
//!    has asked);
//! 2. start every batch queued so far, together, and run them all to the end without polling
//!    the query (so no batch picks up a key of the next level);
//! 3. go back to 1.
//!
//! So all keys one level of the query asks for land in one batch per loader key type, whatever
//! the timing, and the number of statements depends only on the shape of the query.
//!
//! Every database access of a request goes through the loader (root pages and counts too): the
//! query future never holds a pooled connection while it is not being polled, so a wave can
//! never wait on a connection held by the paused query.

use std::future::Future;
use std::num::NonZeroUsize;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use async_graphql::dataloader::DataLoader;
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, Response, ServerError};
use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use futures_util::stream::FuturesUnordered;
use lru::LruCache;
use sea_orm::DatabaseConnection;

use super::budget::meter::{Meter, too_large};
use super::budget::{self, Model};
use super::loader::Db;
use super::{AppSchema, server_error};
use crate::config::Limits;
use crate::error::{AppError, Code};
use crate::panic::Caught;

type Queue = Arc<Mutex<Vec<BoxFuture<'static, ()>>>>;

/// How many times in a row the query may be re-polled because it woke itself before queued
/// batches start anyway (a guard against a future that always wakes itself).
const MAX_REPOLLS: usize = 64;

/// Queries longer than this are parsed every time (so the cache holds at most
/// `PARSED_QUERIES` × 8 KiB of query text).
const CACHED_QUERY_BYTES: usize = 8 * 1024;
/// How many parsed queries are kept, least recently used first out.
const PARSED_QUERIES: usize = 256;

type ParseCache = Mutex<LruCache<String, ExecutableDocument>>;

/// Parsed query documents by query text: parsing is a pure function of the text, and with the
/// parser being a large share of a small request's CPU time (see bench/RESULTS.md), clients
/// that send the same queries again (the usual case) skip it. Validation and the depth and
/// complexity limits still run on every request.
static PARSED: LazyLock<ParseCache> = LazyLock::new(|| {
    let capacity = NonZeroUsize::new(PARSED_QUERIES).unwrap_or(NonZeroUsize::MIN);
    Mutex::new(LruCache::new(capacity))
});

/// The parsed document of `query`, from the cache or parsed now.
fn parsed(query: &str) -> Result<ExecutableDocument, ServerError> {
    let lock = || {
        PARSED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    let cacheable = query.len() <= CACHED_QUERY_BYTES;
    if cacheable && let Some(document) = lock().get(query) {
        return Ok(document.clone());
    }
    let document = async_graphql::parser::parse_query(query).map_err(|e| {
        let mut error = ServerError::from(e);
        error
            .extensions
            .get_or_insert_with(Default::default)
            .set("code", Code::GraphqlParseFailed.as_str());
        error
    })?;
    if cacheable {
        lock().put(query.to_owned(), document.clone());
    }
    Ok(document)
}

/// The cost model of the schema (the schema is fixed, so it is read from its SDL once).
static MODEL: LazyLock<Model> = LazyLock::new(|| Model::from_sdl(&super::sdl()));

/// Whether to check the request budget before executing (an export checks its query once,
/// on its first page, and then runs the same document page after page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budget {
    /// Check every limit.
    Check,
    /// The document was checked already.
    Checked,
}

/// What answered a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// One SQL statement per root field wrote the JSON.
    Compiled,
    /// The resolvers, through the loader.
    Resolvers,
}

impl Path {
    /// Its name in logs and in `extensions.path`.
    pub fn as_str(self) -> &'static str {
        match self {
            Path::Compiled => "compiled",
            Path::Resolvers => "resolvers",
        }
    }
}

/// The answer to a request: a response to serialize, or the JSON body the compiled path
/// wrote.
pub enum Answer {
    /// A response (from the resolvers, or any error).
    Response(Box<Response>, Path),
    /// The body `{"data":{…}}`, written by the compiled statements.
    Body(String),
}

impl Answer {
    /// Which path answered.
    pub fn path(&self) -> Path {
        match self {
            Answer::Response(_, path) => *path,
            Answer::Body(_) => Path::Compiled,
        }
    }
}

/// Runs one GraphQL request on the compiled path when `validator` is given and every root
/// field compiles (validated by `validator`, which stops before execution), else on the
/// resolvers as [`execute`] does.
pub async fn answer(
    schema: &AppSchema,
    validator: Option<&AppSchema>,
    db: &DatabaseConnection,
    limits: &Limits,
    request: Request,
) -> Answer {
    answer_with(schema, validator, db, limits, request, Budget::Check).await
}

/// [`answer`] with the budget check chosen: the request, within its timeout, with panics
/// caught and every error given its code.
async fn answer_with(
    schema: &AppSchema,
    validator: Option<&AppSchema>,
    db: &DatabaseConnection,
    limits: &Limits,
    request: Request,
    budget: Budget,
) -> Answer {
    crate::panic::install_hook();
    let run = async {
        let (mut request, document) = match prepare(request, limits, budget) {
            Ok(ready) => ready,
            Err(response) => return Answer::Response(response, Path::Resolvers),
        };
        let compiled = validator.and_then(|_| {
            super::compile::compile_cached(
                &request.query,
                &document,
                request.operation_name.as_deref(),
                &request.variables,
                db.get_database_backend(),
                limits.max_recursion,
            )
        });
        let (Some(validator), Some(compiled)) = (validator, compiled) else {
            let response = resolve(schema, db, limits, request, document).await;
            return Answer::Response(Box::new(response), Path::Resolvers);
        };
        request.set_parsed_query(document);
        let checked = validator.execute(request).await;
        if !checked.errors.is_empty() {
            return Answer::Response(Box::new(checked), Path::Compiled);
        }
        let refusal = match super::compile::run(db, &compiled).await {
            Ok(body) if body.len() > limits.max_response_bytes => {
                too_large(body.len() as u64, limits.max_response_bytes as u64)
            }
            Ok(body) => return Answer::Body(body),
            Err(e) => AppError::from(e),
        };
        Answer::Response(Box::new(refused(refusal)), Path::Compiled)
    };
    let guarded = async {
        match tokio::time::timeout(limits.request_timeout(), run).await {
            Ok(answer) => answer,
            Err(_) => Answer::Response(
                Box::new(refused(AppError::Timeout(format!(
                    "the request ran past {} ms",
                    limits.request_timeout_ms
                )))),
                Path::Resolvers,
            ),
        }
    };
    match Caught::new(guarded).await {
        Ok(Answer::Response(response, path)) => {
            Answer::Response(Box::new(response.into_code()), path)
        }
        Ok(body) => body,
        Err(panicked) => Answer::Response(
            Box::new(panic_response(&panicked.error_id)),
            Path::Resolvers,
        ),
    }
}

fn panic_response(error_id: &str) -> Response {
    let mut error = server_error(AppError::Internal(format!("panic, error id {error_id}")));
    if let Some(ext) = error.extensions.as_mut() {
        ext.set("errorId", error_id);
    }
    Response::from_errors(vec![error])
}

/// Runs one GraphQL request, within the request budget, with a fresh loader whose batches
/// run in waves.
pub async fn execute(
    schema: &AppSchema,
    db: &DatabaseConnection,
    limits: &Limits,
    request: Request,
) -> Response {
    execute_with(schema, db, limits, request, Budget::Check).await
}

/// Runs one GraphQL request; see [`execute`]. A panic anywhere in it (parser, validation,
/// a resolver, a batch) becomes an `INTERNAL` error with the error id that is in the log.
pub async fn execute_with(
    schema: &AppSchema,
    db: &DatabaseConnection,
    limits: &Limits,
    request: Request,
    budget: Budget,
) -> Response {
    match answer_with(schema, None, db, limits, request, budget).await {
        Answer::Response(response, _) => *response,
        // without a validator nothing compiles
        Answer::Body(_) => refused(AppError::Internal(
            "a compiled body on the resolvers' path".into(),
        )),
    }
}

/// The budget checks and the parse: the request and its document, or the refusal.
fn prepare(
    mut request: Request,
    limits: &Limits,
    budget: Budget,
) -> Result<(Request, ExecutableDocument), Box<Response>> {
    if budget == Budget::Check
        && let Err(e) = budget::check_text(&request.query, &request.variables, limits)
    {
        return Err(Box::new(refused(e)));
    }
    let document =
        parsed(&request.query).map_err(|error| Box::new(Response::from_errors(vec![error])))?;
    if budget == Budget::Check
        && let Err(e) = budget::check_document(
            &document,
            request.operation_name.as_deref(),
            &request.variables,
            &MODEL,
            limits,
        )
    {
        return Err(Box::new(refused(e)));
    }
    super::compile::with_defaults(
        &document,
        request.operation_name.as_deref(),
        &mut request.variables,
    );
    Ok((request, document))
}

/// Runs a checked request on the resolvers, with the loader's batches in waves.
async fn resolve(
    schema: &AppSchema,
    db: &DatabaseConnection,
    limits: &Limits,
    mut request: Request,
    document: ExecutableDocument,
) -> Response {
    let ordering = (
        document.clone(),
        request.operation_name.clone(),
        request.variables.clone(),
    );
    request.set_parsed_query(document);
    let meter = Meter::new(limits.max_response_bytes);
    let queue: Queue = Arc::default();
    let spawn_into = queue.clone();
    let loader = DataLoader::new(Db(db.clone()), move |batch| {
        spawn_into
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(batch);
    })
    .delay(Duration::ZERO);
    let query = schema.execute(request.data(loader).data(meter.clone()));
    let waves = Waves {
        query: Box::pin(query),
        queue,
        running: FuturesUnordered::new(),
        meter,
    };
    let mut response = waves.await;
    let (document, operation, variables) = ordering;
    super::compile::order::in_selection_order(
        &mut response.data,
        &document,
        operation.as_deref(),
        &variables,
    );
    response
}

fn refused(err: AppError) -> Response {
    Response::from_errors(vec![server_error(err)])
}

/// Gives every error without a code its code: async-graphql's own validation errors (no path)
/// are `GRAPHQL_VALIDATION_FAILED`, its argument conversions `BAD_USER_INPUT`; any other
/// error without a code is ours, `INTERNAL`.
trait IntoCode {
    fn into_code(self) -> Self;
}

impl IntoCode for Response {
    fn into_code(mut self) -> Self {
        for error in &mut self.errors {
            let has_code = error
                .extensions
                .as_ref()
                .is_some_and(|ext| ext.get("code").is_some());
            if !has_code {
                let code = budget::meter::code_of(error);
                error
                    .extensions
                    .get_or_insert_with(Default::default)
                    .set("code", code.as_str());
            }
        }
        self
    }
}

struct Waves<F> {
    query: Pin<Box<F>>,
    queue: Queue,
    running: FuturesUnordered<BoxFuture<'static, ()>>,
    meter: Arc<Meter>,
}

/// A waker that records whether it was woken, and passes the wake on.
struct Flagged {
    woken: AtomicBool,
    inner: Waker,
}

impl Wake for Flagged {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        self.inner.wake_by_ref();
    }
}

impl<F: Future<Output = Response>> Future for Waves<F> {
    type Output = Response;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let this = &mut *self;
        let mut repolls = 0;
        loop {
            // A wave runs to its end before the query moves on, so no batch can pick up keys
            // of the next level.
            if !this.running.is_empty() {
                match this.running.poll_next_unpin(cx) {
                    Poll::Ready(Some(())) => continue,
                    Poll::Ready(None) => {}
                    Poll::Pending => return Poll::Pending,
                }
            }
            let flag = Arc::new(Flagged {
                woken: AtomicBool::new(false),
                inner: cx.waker().clone(),
            });
            let waker = Waker::from(flag.clone());
            let polled = this.query.as_mut().poll(&mut Context::from_waker(&waker));
            if let Some(err) = this.meter.exceeded() {
                // the answer is over its size: drop it (and every batch) now
                return Poll::Ready(refused(err));
            }
            if let Poll::Ready(response) = polled {
                return Poll::Ready(response);
            }
            if flag.woken.load(Ordering::SeqCst) && repolls < MAX_REPOLLS {
                // more of the query is ready to run: let it ask for its keys first
                repolls += 1;
                continue;
            }
            repolls = 0;
            let queued: Vec<_> = std::mem::take(
                &mut *this
                    .queue
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
            );
            if queued.is_empty() {
                return Poll::Pending;
            }
            this.running.extend(queued);
        }
    }
}
