//! `Idempotency-Key` on mutations: the first request with a key runs and its answer is kept
//! (status and body); a retry with the same key and request gets that answer again, marked
//! `Idempotent-Replayed: true`; the same key with another request is 422.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

use super::super::AppState;
use super::super::writes::Writes;
use crate::domain::auth::Principal;
use crate::domain::curate::idempotency::{self, Begin};
use crate::error::{AppError, Code};

/// The caller and key of a request that runs under an `Idempotency-Key`.
pub struct Key {
    who: String,
    key: String,
}

/// What to do with a mutation.
pub enum Begun {
    /// Run it; with a key, its answer is kept.
    Run(Option<Key>),
    /// It ran before: this is its answer.
    Replay(HttpResponse),
}

/// Reserves the request's key, or finds the answer it holds.
pub async fn begin(
    state: &AppState,
    http: &HttpRequest,
    request: &async_graphql::Request,
    principal: &Principal,
) -> Result<Begun, AppError> {
    let Some(key) = Writes::idempotency_key(http.headers())? else {
        return Ok(Begun::Run(None));
    };
    let who = format!("{}:{}", principal.prefix, principal.name);
    let mut hasher = Sha256::new();
    hasher.update(request.query.as_bytes());
    hasher.update([0]);
    hasher.update(
        request
            .operation_name
            .as_deref()
            .unwrap_or_default()
            .as_bytes(),
    );
    hasher.update([0]);
    hasher.update(
        serde_json::to_string(&request.variables)
            .unwrap_or_default()
            .as_bytes(),
    );
    let hash = format!("{:x}", hasher.finalize());
    let ttl = state.writes.idempotency_ttl();
    match idempotency::begin(&state.db, &who, &key, &hash, ttl).await? {
        Begin::Run => Ok(Begun::Run(Some(Key { who, key }))),
        Begin::Replay(stored) => {
            let (status, body) = stored.split_once('\n').unwrap_or(("200", stored.as_str()));
            let status = status
                .parse()
                .ok()
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::OK);
            let response = HttpResponse::build(status)
                .content_type(super::Media::of(http).as_str())
                .insert_header(("Idempotent-Replayed", "true"))
                .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
                .body(body.to_owned());
            Ok(Begun::Replay(response))
        }
        Begin::Mismatch => Err(AppError::refused(
            Code::IdempotencyKeyReused,
            "this Idempotency-Key was used for another request: use a new key for a new request",
        )),
        Begin::InProgress => Err(AppError::refused(
            Code::Conflict,
            "a request with this Idempotency-Key is still running; retry it in a moment",
        )),
    }
}

/// Keeps the answer (or frees the key after a server error, so that a retry runs).
pub async fn end(state: &AppState, key: &Key, status: StatusCode, body: &str) {
    let stored = if status.is_server_error() {
        idempotency::abandon(&state.db, &key.who, &key.key).await
    } else {
        let answer = format!("{}\n{body}", status.as_u16());
        idempotency::finish(&state.db, &key.who, &key.key, &answer).await
    };
    if let Err(err) = stored {
        tracing::error!(error = %err, "could not keep the answer of an idempotent request");
    }
}
