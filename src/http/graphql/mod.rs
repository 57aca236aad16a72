//! `POST /graphql`: one GraphQL request as a JSON object, answered as JSON.
//!
//! The body must be `application/json` (or `application/graphql-response+json`): any other
//! media type is 415, so a cross-site form or `text/plain` post never executes. It must hold
//! one request object: a JSON array (a batch) or anything else is 400 with a code. The
//! status of an executed request is 200, except when the database is unavailable (503 with
//! `Retry-After`), the request timed out (504) or the server failed (500).

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{HttpResponse, web};
use async_graphql::Response;
use tracing::Instrument;

use super::{AppState, error_response, retry_after};
use crate::error::{AppError, Code, excerpt};
use crate::graphql::{Answer, Path, answer};

/// Whether the request's media type is JSON.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return false;
    };
    let Ok(text) = value.to_str() else {
        return false;
    };
    let essence = text.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.eq_ignore_ascii_case("application/graphql-response+json")
}

/// Reads the body as one GraphQL request.
fn request(body: &[u8]) -> Result<async_graphql::Request, AppError> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'{') => {}
        Some(b'[') => {
            return Err(AppError::refused(
                Code::BatchingNotSupported,
                "the body is a JSON array: send one GraphQL request object per HTTP request",
            ));
        }
        _ => {
            return Err(AppError::refused(
                Code::BadRequest,
                "the body must be one JSON object: {\"query\": \"…\", \"variables\": {…}}",
            ));
        }
    }
    let request: async_graphql::Request = serde_json::from_slice(body).map_err(|e| {
        let text = e.to_string();
        if ["surrogate", "hex escape", "unicode code point"]
            .iter()
            .any(|m| text.contains(m))
        {
            AppError::BadUserInput(format!("a string in the body is not valid Unicode: {text}"))
        } else {
            AppError::refused(
                Code::BadRequest,
                format!("the body is not a GraphQL request: {text}"),
            )
        }
    })?;
    if request.query.trim().is_empty() {
        return Err(AppError::refused(
            Code::BadRequest,
            "the request has no `query`",
        ));
    }
    Ok(request)
}

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
            503 => 3,
            504 => 2,
            500 => 1,
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

/// Executes one GraphQL request. The body is read as bytes so that the `PayloadConfig` limit
/// applies (413 past it).
pub async fn post(
    state: web::Data<AppState>,
    http: actix_web::HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    state.metrics.requests.inc();
    let refused = |state: &AppState, err: AppError| {
        state.metrics.error(err.code().as_str());
        error_response(err)
    };
    if !is_json(http.headers()) {
        let err = AppError::refused(
            Code::UnsupportedMediaType,
            "POST /graphql takes `Content-Type: application/json`",
        );
        return refused(&state, err);
    }
    let request = match request(&body) {
        Ok(request) => request,
        Err(err) => return refused(&state, err),
    };
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
    let path = answer.path();
    span.record("path", path.as_str());
    let mut response = match answer {
        Answer::Body(body) => {
            let body = if state.explain_path {
                explained(body, path)
            } else {
                body
            };
            return HttpResponse::Ok()
                .content_type("application/json")
                .body(body);
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
    let status = status(&response);
    let mut builder = HttpResponse::build(status);
    let retry = match status {
        StatusCode::SERVICE_UNAVAILABLE => retry_after(Code::ServiceUnavailable),
        StatusCode::GATEWAY_TIMEOUT => retry_after(Code::Timeout),
        _ => None,
    };
    if let Some(seconds) = retry {
        builder.insert_header(("Retry-After", seconds.to_string()));
    }
    builder.json(response)
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
