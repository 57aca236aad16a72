//! Process-wide counters, served at `/metrics` in the OpenMetrics text format: GraphQL
//! requests, their errors by code, and the SQL statements run (with their time), so an
//! operator (or the benchmark) can see statements per request and error rates.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::registry::Registry;
use sea_orm::DatabaseConnection;

/// The label of an error counter: its `extensions.code`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ErrorCode {
    /// `BAD_USER_INPUT`, `NOT_FOUND`, `INTERNAL`…
    pub code: String,
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
        Metrics {
            registry: Arc::new(registry),
            requests,
            errors,
            statements,
            statement_seconds,
        }
    }
}

impl Metrics {
    /// Counts every statement `db` (and its clones) runs from now on.
    pub fn observe(&self, db: &mut DatabaseConnection) {
        let (statements, seconds) = (self.statements.clone(), self.statement_seconds.clone());
        db.set_metric_callback(move |info| {
            statements.inc();
            seconds.inc_by(info.elapsed.as_secs_f64());
        });
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
