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
use async_graphql::{Request, Response};
use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use futures_util::stream::FuturesUnordered;
use lru::LruCache;
use sea_orm::DatabaseConnection;

use super::AppSchema;
use super::loader::Db;
use crate::config::Limits;

type Queue = Arc<Mutex<Vec<BoxFuture<'static, ()>>>>;

/// How many times in a row the query may be re-polled because it woke itself before queued
/// batches start anyway (a guard against a future that always wakes itself).
const MAX_REPOLLS: usize = 64;

/// How deep brackets may nest in a query document or its variables, relative to the
/// recursion limit: the parser, validation and input conversion recurse over that nesting
/// before any of our own checks, so it is bounded before parsing.
const NESTING_PER_RECURSION: usize = 2;

/// The deepest nesting of `{`, `[` and `(` in a query document, outside strings and comments.
fn document_nesting(query: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' || c == '\r' {
                        break;
                    }
                }
            }
            '"' => {
                let block = chars.peek() == Some(&'"') && {
                    let rest: String = chars.clone().take(2).collect();
                    rest == "\"\""
                };
                if block {
                    chars.next();
                    chars.next();
                    let mut quotes = 0;
                    for c in chars.by_ref() {
                        quotes = if c == '"' { quotes + 1 } else { 0 };
                        if quotes == 3 {
                            break;
                        }
                    }
                } else {
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => {
                                chars.next();
                            }
                            '"' | '\n' => break,
                            _ => {}
                        }
                    }
                }
            }
            '{' | '[' | '(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            '}' | ']' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The deepest nesting of lists and objects in a value.
fn value_nesting(value: &async_graphql::Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0usize)];
    while let Some((value, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        match value {
            async_graphql::Value::List(items) => {
                stack.extend(items.iter().map(|v| (v, depth + 1)));
            }
            async_graphql::Value::Object(fields) => {
                stack.extend(fields.values().map(|v| (v, depth + 1)));
            }
            _ => {}
        }
    }
    deepest
}

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

/// The parsed document of `query`, from the cache or parsed now; `None` when it does not
/// parse (the executor then reports the error as usual) or is too long to cache.
fn parsed(query: &str) -> Option<ExecutableDocument> {
    if query.len() > CACHED_QUERY_BYTES {
        return None;
    }
    let lock = || {
        PARSED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    if let Some(document) = lock().get(query) {
        return Some(document.clone());
    }
    let document = async_graphql::parser::parse_query(query).ok()?;
    lock().put(query.to_owned(), document.clone());
    Some(document)
}

/// Runs one GraphQL request with a fresh loader whose batches run in waves.
pub async fn execute(
    schema: &AppSchema,
    db: &DatabaseConnection,
    limits: &Limits,
    request: Request,
) -> Response {
    let max = limits.max_recursion.saturating_mul(NESTING_PER_RECURSION);
    let variables = request.variables.values().map(value_nesting).max();
    if document_nesting(&request.query) > max || variables.unwrap_or(0) > max {
        let error = async_graphql::ServerError::new(
            format!("the query or its variables nest deeper than {max} levels"),
            None,
        );
        return Response::from_errors(vec![error]).into_code();
    }
    let mut request = request;
    if let Some(document) = parsed(&request.query) {
        request.set_parsed_query(document);
    }
    let queue: Queue = Arc::default();
    let spawn_into = queue.clone();
    let loader = DataLoader::new(Db(db.clone()), move |batch| {
        spawn_into
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(batch);
    })
    .delay(Duration::ZERO);
    let query = schema.execute(request.data(loader));
    let response = Waves {
        query: Box::pin(query),
        queue,
        running: FuturesUnordered::new(),
    }
    .await;
    response.into_code()
}

/// Gives every error without a code `BAD_USER_INPUT`: parse errors, validation errors and
/// limits, where the request itself is at fault.
trait IntoCode {
    fn into_code(self) -> Self;
}

impl IntoCode for Response {
    fn into_code(mut self) -> Self {
        for error in &mut self.errors {
            // parse errors, validation errors and limits: the request itself is at fault
            let has_code = error
                .extensions
                .as_ref()
                .is_some_and(|ext| ext.get("code").is_some());
            if !has_code {
                error
                    .extensions
                    .get_or_insert_with(Default::default)
                    .set("code", "BAD_USER_INPUT");
            }
        }
        self
    }
}

struct Waves<F> {
    query: Pin<Box<F>>,
    queue: Queue,
    running: FuturesUnordered<BoxFuture<'static, ()>>,
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
            if let Poll::Ready(response) =
                this.query.as_mut().poll(&mut Context::from_waker(&waker))
            {
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
