//! HTTP routes: `/graphql` (POST queries, GET GraphiQL), `/` (GraphiQL), `/health`,
//! `/metrics` (OpenMetrics counters) and `/export/{field}.csv|ndjson` (a root connection's
//! rows, streamed).

use actix_web::{HttpResponse, Responder, get, web};
use async_graphql::http::GraphiQLSource;
use sea_orm::DatabaseConnection;
use tracing::Instrument;

use crate::graphql::{AppSchema, execute};

mod export;

/// Shared state of every worker.
#[derive(Clone)]
pub struct AppState {
    /// The schema.
    pub schema: AppSchema,
    /// The database pool.
    pub db: DatabaseConnection,
    /// Request limits.
    pub limits: crate::config::Limits,
    /// Request, error and statement counters.
    pub metrics: crate::metrics::Metrics,
}

/// Registers every route.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/graphql")
            .route(web::post().to(graphql))
            .route(web::get().to(graphiql)),
    )
    .service(web::resource("/").route(web::get().to(graphiql)))
    .service(web::resource("/export/{file}").route(web::get().to(export::export)))
    .service(health)
    .service(metrics);
}

/// Executes one GraphQL request. The body is read as bytes so that the `PayloadConfig` limit
/// applies (413 past it); a body that is not a GraphQL request gets 400 with `BAD_USER_INPUT`.
async fn graphql(state: web::Data<AppState>, body: web::Bytes) -> HttpResponse {
    state.metrics.requests.inc();
    let request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => {
            state.metrics.error("BAD_USER_INPUT");
            let message = format!("the body is not a GraphQL request: {err}");
            return HttpResponse::BadRequest().json(serde_json::json!({
                "errors": [{ "message": message, "extensions": { "code": "BAD_USER_INPUT" } }]
            }));
        }
    };
    let span = tracing::info_span!(
        "graphql",
        operation = request.operation_name.as_deref().unwrap_or(""),
        query = %request.query.chars().take(500).collect::<String>(),
    );
    let response = execute(&state.schema, &state.db, &state.limits, request)
        .instrument(span)
        .await;
    for error in &response.errors {
        let code = error.extensions.as_ref().and_then(|e| e.get("code"));
        match code {
            Some(async_graphql::Value::String(code)) => state.metrics.error(code),
            _ => state.metrics.error("INTERNAL"),
        }
    }
    HttpResponse::Ok().json(response)
}

async fn graphiql() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(
            GraphiQLSource::build()
                .endpoint("/graphql")
                .title("coopgraph")
                .finish(),
        )
}

#[get("/health")]
async fn health(state: web::Data<AppState>) -> impl Responder {
    match crate::db::ping(&state.db).await {
        Ok(()) => HttpResponse::Ok().json(serde_json::json!({ "status": "ok", "database": "ok" })),
        Err(err) => {
            tracing::error!(error = %err, "health check: database unreachable");
            HttpResponse::ServiceUnavailable()
                .json(serde_json::json!({ "status": "error", "database": "unreachable" }))
        }
    }
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
