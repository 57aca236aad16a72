//! `POST /graphql`: one GraphQL request as a JSON object, answered as JSON.
//!
//! The body must be `application/json` (or `application/graphql-response+json`): any other
//! media type is 415, so a cross-site form or `text/plain` post never executes. It must hold
//! one request object: a JSON array (a batch) or anything else is 400 with a code. The
//! status of an executed request is 200, except when the database is unavailable (503 with
//! `Retry-After`), the request timed out (504) or the server failed (500).

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::Response;
use tracing::Instrument;

use super::{AppState, error_response, retry_after};
use crate::error::{AppError, Code, excerpt};
use crate::graphql::{Answer, Path, answer};

mod idempotency;
mod read;
mod reply;

pub(crate) use read::operation_type;

/// The status of an executed response: whether the server (not the request) failed.
fn status(response: &Response) -> StatusCode {
    let mut status = StatusCode::OK;
    for error in &response.errors {
        let code = error.extensions.as_ref().and_then(|e| e.get("code"));
        let next = match code {
            Some(async_graphql::Value::String(c)) if c == Code::ServiceUnavailable.as_str() => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Some(async_graphql::Value::String(c)) if c == Code::Timeout.as_str() => {
                StatusCode::GATEWAY_TIMEOUT
            }
            Some(async_graphql::Value::String(c)) if c == Code::Unauthenticated.as_str() => {
                StatusCode::UNAUTHORIZED
            }
            Some(async_graphql::Value::String(c)) if c == Code::Forbidden.as_str() => {
                StatusCode::FORBIDDEN
            }
            _ if error
                .extensions
                .as_ref()
                .is_some_and(|e| e.get("errorId").is_some()) =>
            {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            _ => StatusCode::OK,
        };
        // unavailable wins over a timeout, which wins over a panic
        let rank = |s: StatusCode| match s.as_u16() {
            503 => 5,
            504 => 4,
            500 => 3,
            401 => 2,
            403 => 1,
            _ => 0,
        };
        if rank(next) > rank(status) {
            status = next;
        }
    }
    status
}

/// The log span of a request. Its fields are written with `Debug`, which escapes newlines and
/// quotes, so a query or operation name cannot forge a log line.
fn span(request: &async_graphql::Request) -> tracing::Span {
    tracing::info_span!(
        "graphql",
        operation = ?excerpt(request.operation_name.as_deref().unwrap_or("")),
        query = ?request.query.chars().take(500).collect::<String>(),
        path = tracing::field::Empty,
    )
}

/// A compiled body `{"data":{…}}` with `"extensions":{"path":…}` added.
fn explained(mut body: String, path: Path) -> String {
    body.pop();
    body.push_str(",\"extensions\":{\"path\":\"");
    body.push_str(path.as_str());
    body.push_str("\"}}");
    body
}

/// The media type of an answer: `application/graphql-response+json` when the client accepts
/// it (GraphQL over HTTP), else `application/json` (older clients).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Media {
    Json,
    GraphqlResponse,
}

impl Media {
    fn of(http: &HttpRequest) -> Media {
        let accepts = http
            .headers()
            .get_all(header::ACCEPT)
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.contains("application/graphql-response+json"));
        if accepts {
            Media::GraphqlResponse
        } else {
            Media::Json
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Media::Json => "application/json",
            Media::GraphqlResponse => "application/graphql-response+json",
        }
    }
}

/// How the request came: GET answers may be cached, POST answers not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Post,
}

/// Executes one GraphQL request sent by POST. The body is read as bytes so that the
/// `PayloadConfig` limit applies (413 past it).
pub async fn post(state: web::Data<AppState>, http: HttpRequest, body: web::Bytes) -> HttpResponse {
    state.metrics.requests.inc();
    if !read::is_json(http.headers()) {
        let err = AppError::refused(
            Code::UnsupportedMediaType,
            "POST /graphql takes `Content-Type: application/json`",
        );
        return refused(&state, err);
    }
    match read::request(&body) {
        Ok(request) => run(&state, &http, request, Method::Post).await,
        Err(err) => refused(&state, err),
    }
}

/// `GET /graphql`: a query sent in the URL (`?query=…&variables=…`, or a persisted query's
/// hash in `extensions`), answered like a POST and cacheable; without a query, the
/// playground for a browser.
pub async fn get(
    state: web::Data<AppState>,
    http: HttpRequest,
    params: web::Query<read::GetParams>,
) -> HttpResponse {
    let params = params.into_inner();
    if !params.is_request() {
        return super::graphiql(state).await;
    }
    state.metrics.requests.inc();
    let request = match params.request() {
        Ok(request) => request,
        Err(err) => return refused(&state, err),
    };
    run(&state, &http, request, Method::Get).await
}

fn refused(state: &AppState, err: AppError) -> HttpResponse {
    state.metrics.error(err.code().as_str());
    error_response(err)
}

/// Resolves a persisted query, checks the method, executes, and writes the answer.
async fn run(
    state: &AppState,
    http: &HttpRequest,
    mut request: async_graphql::Request,
    method: Method,
) -> HttpResponse {
    if let Err(err) = state.persisted.resolve(&mut request) {
        if err.code() == Code::PersistedQueryNotFound {
            // Apollo's link expects a GraphQL response it can read, then retries with the query
            state.metrics.error(err.code().as_str());
            let error = crate::graphql::server_error(err);
            return HttpResponse::Ok()
                .content_type(Media::of(http).as_str())
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .json(serde_json::json!({ "errors": [error] }));
        }
        return refused(state, err);
    }
    if let Err(err) = read::has_query(&request) {
        return refused(state, err);
    }
    if method == Method::Get && read::is_mutation(&request) {
        let err = AppError::refused(
            Code::MethodNotAllowed,
            "a mutation cannot be sent with GET: use POST",
        );
        let mut response = refused(state, err);
        response
            .headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
        return response;
    }
    let principal = match state.writes.principal(&state.db, http.headers()).await {
        Ok(principal) => principal,
        Err(err) => return refused(state, err),
    };
    let mut idempotent = None;
    if let Some(count) = read::mutation_fields(&request) {
        let Some(principal) = &principal else {
            let err = AppError::refused(
                Code::Unauthenticated,
                "writes need an API key: send `Authorization: Bearer <key>`",
            );
            return refused(state, err);
        };
        let checked = state
            .writes
            .check_count(count)
            .and_then(|()| state.writes.check_rate(principal));
        if let Err(err) = checked {
            return refused(state, err);
        }
        match idempotency::begin(state, http, &request, principal).await {
            Ok(idempotency::Begun::Run(key)) => idempotent = key,
            Ok(idempotency::Begun::Replay(response)) => return response,
            Err(err) => return refused(state, err),
        }
    }
    if let Some(principal) = principal {
        request = request.data(principal);
    }
    let media = Media::of(http);
    let operation = read::operation_type(&request.query);
    let started = std::time::Instant::now();
    let span = span(&request);
    let answer = answer(
        &state.schema,
        state.validator.as_ref(),
        &state.db,
        &state.limits,
        request,
    )
    .instrument(span.clone())
    .await;
    state
        .metrics
        .request_took(operation, started.elapsed().as_secs_f64());
    let path = answer.path();
    span.record("path", path.as_str());
    let mut response = match answer {
        Answer::Body(body) => {
            let body = if state.explain_path {
                explained(body, path)
            } else {
                body
            };
            return reply::cached(state, http, method, media, StatusCode::OK, body, true);
        }
        Answer::Response(response, _) => response,
    };
    if state.explain_path {
        response.extensions.insert(
            "path".into(),
            async_graphql::Value::String(path.as_str().into()),
        );
    }
    for error in &response.errors {
        let code = error.extensions.as_ref().and_then(|e| e.get("code"));
        match code {
            Some(async_graphql::Value::String(code)) => state.metrics.error(code),
            _ => state.metrics.error(Code::Internal.as_str()),
        }
    }
    let mut status = status(&response);
    let clean = response.errors.is_empty();
    // a request that was not executed (it does not parse or validate, or breaks a limit):
    // 4xx and no `data` under GraphQL over HTTP's own media type
    let not_run = !clean && response.data == async_graphql::Value::Null;
    let body = if media == Media::GraphqlResponse && not_run && status == StatusCode::OK {
        status = StatusCode::BAD_REQUEST;
        let mut value = serde_json::to_value(&response).unwrap_or_default();
        if let Some(map) = value.as_object_mut() {
            map.remove("data");
        }
        value.to_string()
    } else {
        serde_json::to_string(&response).unwrap_or_default()
    };
    if let Some(key) = &idempotent {
        idempotency::end(state, key, status, &body).await;
    }
    let retry = match status {
        StatusCode::SERVICE_UNAVAILABLE => retry_after(Code::ServiceUnavailable),
        StatusCode::GATEWAY_TIMEOUT => retry_after(Code::Timeout),
        _ => None,
    };
    let mut reply = reply::cached(state, http, method, media, status, body, clean);
    if let Some(seconds) = retry
        && let Ok(value) = header::HeaderValue::from_str(&seconds.to_string())
    {
        reply.headers_mut().insert(header::RETRY_AFTER, value);
    }
    reply
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_query_cannot_forge_a_log_line() {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let forged = "{ a }\n2026-12-02T00:00:00Z  INFO forged: admin logged in";
        let request = async_graphql::Request::new(forged).operation_name("Q\r\nERROR x");
        tracing::subscriber::with_default(subscriber, || {
            let _entered = span(&request).entered();
            tracing::warn!("inside the request");
        });
        let text = String::from_utf8(buffer.0.lock().unwrap_or_else(|p| p.into_inner()).clone())
            .unwrap_or_default();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.contains("forged: admin logged in"), "{text}");
    }
}
