//! Liveness and readiness. `/livez` answers as long as the process serves HTTP (it never
//! touches the database, so a liveness probe cannot restart a server that is merely busy);
//! `/readyz` (and `/health`) checks that the database answers within a short bound and says
//! whether it is unreachable or only busy (every pooled connection in use).

use std::time::Duration;

use actix_web::{HttpResponse, Responder, get, web};
use serde_json::json;

use super::AppState;

/// Liveness: the process answers.
#[get("/livez")]
pub async fn livez() -> impl Responder {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// Readiness: the database answers within `COOPGRAPH_READINESS_TIMEOUT_MS`.
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> impl Responder {
    ready(&state).await
}

/// The former name of `/readyz`, kept for existing probes.
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> impl Responder {
    ready(&state).await
}

async fn ready(state: &AppState) -> HttpResponse {
    let bound = Duration::from_millis(state.timeouts.readiness_ms.max(1));
    let outcome = tokio::time::timeout(bound, crate::db::ping(&state.db)).await;
    let failure = match outcome {
        Ok(Ok(())) => {
            return HttpResponse::Ok().json(json!({ "status": "ok", "database": "ok" }));
        }
        Ok(Err(err)) => err.to_string(),
        Err(_) => format!("no answer within {} ms", bound.as_millis()),
    };
    let busy = crate::db::pool_saturated(&state.db, state.max_connections);
    let database = if busy { "busy" } else { "unreachable" };
    tracing::warn!(failure = ?failure, database, "readiness check failed");
    HttpResponse::ServiceUnavailable()
        .insert_header(("Retry-After", "1"))
        .json(json!({ "status": "error", "database": database }))
}
