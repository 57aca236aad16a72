//! Process-wide counters, served at `/metrics` in the OpenMetrics text format: GraphQL
//! requests, their errors by code, their durations by operation type, and the SQL
//! statements run (with their time and a duration histogram), so an operator (or the
//! benchmark) can see latencies, statements per request and error rates.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use sea_orm::DatabaseConnection;

/// The label of an error counter: its `extensions.code`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ErrorCode {
    /// `BAD_USER_INPUT`, `NOT_FOUND`, `INTERNAL`…
    pub code: String,
}

/// The label of a request-latency histogram: the operation type.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Operation {
    /// `query`, `mutation` or `subscription`.
    pub operation: &'static str,
}

/// Buckets from 0.25 ms to about 8 s, doubling.
fn buckets() -> Histogram {
    Histogram::new(exponential_buckets(0.000_25, 2.0, 16))
}

/// The counters; clones share them.
#[derive(Clone, Debug)]
pub struct Metrics {
    registry: Arc<Registry>,
    /// GraphQL requests answered (POST `/graphql`).
    pub requests: Counter,
    /// Errors in GraphQL responses, by code (a response can carry several).
    pub errors: Family<ErrorCode, Counter>,
    /// SQL statements run.
    pub statements: Counter,
    /// Time spent in SQL statements, in seconds.
    pub statement_seconds: Counter<f64, AtomicU64>,
    /// SQL statement durations, in seconds.
    pub statement_latency: Histogram,
    /// GraphQL request durations by operation type, in seconds.
    pub request_latency: Family<Operation, Histogram, fn() -> Histogram>,
}

impl Default for Metrics {
    fn default() -> Self {
        let requests = Counter::default();
        let errors = Family::<ErrorCode, Counter>::default();
        let statements = Counter::default();
        let statement_seconds = Counter::<f64, AtomicU64>::default();
        let mut registry = Registry::with_prefix("coopgraph");
        registry.register(
            "graphql_requests",
            "GraphQL requests answered",
            requests.clone(),
        );
        registry.register(
            "graphql_errors",
            "Errors in GraphQL responses, by extensions.code",
            errors.clone(),
        );
        registry.register("sql_statements", "SQL statements run", statements.clone());
        registry.register(
            "sql_statement_seconds",
            "Time spent running SQL statements",
            statement_seconds.clone(),
        );
        let statement_latency = buckets();
        registry.register(
            "sql_statement_duration_seconds",
            "SQL statement durations",
            statement_latency.clone(),
        );
        let request_latency =
            Family::<Operation, Histogram, fn() -> Histogram>::new_with_constructor(buckets);
        registry.register(
            "graphql_request_duration_seconds",
            "GraphQL request durations, by operation type",
            request_latency.clone(),
        );
        Metrics {
            registry: Arc::new(registry),
            requests,
            errors,
            statements,
            statement_seconds,
            statement_latency,
            request_latency,
        }
    }
}

impl Metrics {
    /// Counts every statement `db` (and its clones) runs from now on.
    pub fn observe(&self, db: &mut DatabaseConnection) {
        let (statements, seconds) = (self.statements.clone(), self.statement_seconds.clone());
        let latency = self.statement_latency.clone();
        db.set_metric_callback(move |info| {
            statements.inc();
            seconds.inc_by(info.elapsed.as_secs_f64());
            latency.observe(info.elapsed.as_secs_f64());
        });
    }

    /// Records how long a GraphQL request of an operation type took.
    pub fn request_took(&self, operation: &'static str, seconds: f64) {
        self.request_latency
            .get_or_create(&Operation { operation })
            .observe(seconds);
    }

    /// Counts one error of a response.
    pub fn error(&self, code: &str) {
        self.errors
            .get_or_create(&ErrorCode { code: code.into() })
            .inc();
    }

    /// The OpenMetrics text of every counter.
    pub fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        encode(&mut out, &self.registry)?;
        Ok(out)
    }
}
