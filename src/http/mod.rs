//! HTTP routes: `/graphql` (POST queries, GET GraphiQL), `/` (GraphiQL), `/livez`,
//! `/readyz` (and `/health`, its alias), `/metrics` (OpenMetrics counters) and
//! `/export/{field}.csv|ndjson` (a root connection's rows, streamed).

use std::sync::Arc;

use actix_web::{HttpResponse, Responder, get, web};
use sea_orm::DatabaseConnection;

use crate::error::{AppError, Code};
use crate::graphql::AppSchema;

pub mod compress;
mod export;
mod graphql;
pub mod manifest;
mod persisted;
mod playground;
pub mod request_id;

pub use persisted::Persisted;
pub mod guard;
mod health;
pub mod writes;

/// Shared state of every worker.
#[derive(Clone)]
pub struct AppState {
    /// The schema.
    pub schema: AppSchema,
    /// The same schema without the validation rules, for an export's pages after its
    /// first (which was validated).
    pub prevalidated: AppSchema,
    /// The schema that validates a compiled request and stops before executing it; `None`
    /// when compiled reads are off.
    pub validator: Option<AppSchema>,
    /// Whether responses say which path answered them (`extensions.path`).
    pub explain_path: bool,
    /// The database pool.
    pub db: DatabaseConnection,
    /// Request limits.
    pub limits: crate::config::Limits,
    /// Database and connection timeouts.
    pub timeouts: crate::config::Timeouts,
    /// The pool's size (to tell a busy pool from an unreachable database).
    pub max_connections: u32,
    /// Request, error and statement counters.
    pub metrics: crate::metrics::Metrics,
    /// Per-client rate limiting, when on.
    pub rate_limit: Option<Arc<guard::RateLimiter>>,
    /// CORS, caching, playground and persisted-query settings.
    pub http: crate::config::Http,
    /// Automatic persisted queries seen by this server.
    pub persisted: Arc<Persisted>,
    /// Credentials and limits of writes.
    pub writes: Arc<writes::Writes>,
}

/// CORS for browser apps on other origins: the configured origins (any, by default, without
/// credentials), GET and POST, the headers GraphQL clients send (with a write's
/// `Authorization` and `Idempotency-Key`), preflights cached an hour.
pub fn cors(origins: &str) -> actix_cors::Cors {
    let cors = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST"])
        .allowed_headers([
            actix_web::http::header::CONTENT_TYPE,
            actix_web::http::header::ACCEPT,
            actix_web::http::header::IF_NONE_MATCH,
            actix_web::http::header::HeaderName::from_static("x-request-id"),
            actix_web::http::header::HeaderName::from_static("apollo-require-preflight"),
            actix_web::http::header::AUTHORIZATION,
            actix_web::http::header::HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            actix_web::http::header::ETAG,
            actix_web::http::header::HeaderName::from_static("idempotent-replayed"),
        ])
        .max_age(3600);
    if origins.trim() == "*" {
        return cors.allow_any_origin().send_wildcard();
    }
    origins
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .fold(cors, |cors, origin| cors.allowed_origin(origin))
}

/// Registers every route.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/graphql")
            .route(web::post().to(graphql::post))
            .route(web::get().to(graphql::get)),
    )
    .service(web::resource("/").route(web::get().to(graphiql)))
    .service(web::resource("/playground/{version}/{file}").route(web::get().to(playground::asset)))
    .service(web::resource("/export/{file}").route(web::get().to(export::export)))
    .service(health::livez)
    .service(health::readyz)
    .service(health::health)
    .service(metrics);
}

/// A response that carries only errors (the request failed as a whole), with the status of
/// its code; `Retry-After` when trying again later can succeed.
pub fn error_response(err: AppError) -> HttpResponse {
    let code = err.code();
    let error = crate::graphql::server_error(err);
    let status = actix_web::http::StatusCode::from_u16(code.status())
        .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST);
    let status = if status == actix_web::http::StatusCode::OK {
        actix_web::http::StatusCode::BAD_REQUEST
    } else {
        status
    };
    let mut response = HttpResponse::build(status);
    if let Some(seconds) = retry_after(code) {
        response.insert_header(("Retry-After", seconds.to_string()));
    }
    response.json(serde_json::json!({ "errors": [error] }))
}

/// Seconds a client should wait before trying again after an error with this code.
pub fn retry_after(code: Code) -> Option<u64> {
    match code {
        Code::ServiceUnavailable | Code::RateLimited => Some(1),
        Code::Timeout => Some(5),
        _ => None,
    }
}

pub(crate) async fn graphiql(state: web::Data<AppState>) -> HttpResponse {
    if !state.http.playground {
        let err = AppError::NotFound(
            "the playground is turned off (COOPGRAPH_PLAYGROUND=false); send queries to /graphql"
                .into(),
        );
        let error = crate::graphql::server_error(err);
        return HttpResponse::NotFound().json(serde_json::json!({ "errors": [error] }));
    }
    playground::page()
}

/// The counters in the OpenMetrics text format (for Prometheus, and the benchmark's
/// statements-per-request column).
#[get("/metrics")]
async fn metrics(state: web::Data<AppState>) -> impl Responder {
    match state.metrics.encode() {
        Ok(text) => HttpResponse::Ok()
            .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
            .body(text),
        Err(err) => {
            tracing::error!(error = %err, "metrics: encoding failed");
            HttpResponse::InternalServerError().finish()
        }
    }
}
