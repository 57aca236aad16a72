//! Request ids: taken from the client's `X-Request-Id` (letters, digits, `-`, `_`, `.`; at
//! most 128) or the trace id of a W3C `traceparent`, else made (a UUID). The id is returned
//! in `X-Request-Id` and is a field of the request's log span, so every log line of the
//! request carries it (with the GraphQL operation name, from the span inside).
//!
//! When traces are exported (`crate::telemetry`), the span continues the client's trace
//! (its `traceparent` is the parent) and a made id is the span's trace id, so a log line
//! leads to its trace.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use opentelemetry::propagation::Extractor;
use opentelemetry::trace::TraceContextExt;
use tracing::Instrument;
use tracing_opentelemetry::OpenTelemetrySpanExt;

/// The header that carries the id both ways.
pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served (in the request's extensions).
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

fn valid(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The trace id of a `traceparent` (`00-<32 hex>-<16 hex>-<2 hex>`), if it is well formed.
fn trace_id(traceparent: &str) -> Option<&str> {
    let mut parts = traceparent.trim().split('-');
    let (_version, trace, _parent, _flags) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let hex = trace.len() == 32 && trace.bytes().all(|b| b.is_ascii_hexdigit());
    (hex && trace.bytes().any(|b| b != b'0')).then_some(trace)
}

/// The request's id: the client's, else the trace's (the client's `traceparent`, or the
/// exported span's), else a new one.
fn id_of(req: &ServiceRequest, span: &tracing::Span) -> String {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(id) = header("x-request-id").filter(|id| valid(id)) {
        return id.to_owned();
    }
    if let Some(trace) = header("traceparent").and_then(trace_id) {
        return trace.to_owned();
    }
    if crate::telemetry::exporting() {
        let context = span.context();
        let exported = context.span().span_context().clone();
        if exported.is_valid() {
            return exported.trace_id().to_string();
        }
    }
    uuid::Uuid::new_v4().simple().to_string()
}

/// A request's headers, read by the trace-context propagator.
struct Headers<'a>(&'a actix_web::http::header::HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }
    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|k| k.as_str()).collect()
    }
}

/// The request's span: `request_id` in every log line; for the trace, the client's trace
/// as parent and the HTTP attributes (which stay out of the log lines).
fn span_of(req: &ServiceRequest) -> tracing::Span {
    if !crate::telemetry::exporting() {
        return tracing::info_span!("request", request_id = tracing::field::Empty);
    }
    let span = tracing::info_span!(
        "request",
        request_id = tracing::field::Empty,
        otel.name = %format_args!("{} {}", req.method(), req.path()),
        otel.kind = "server",
    );
    let parent = opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.extract(&Headers(req.headers()))
    });
    if parent.span().span_context().is_valid() {
        // Fails only when no trace layer is installed, when there is nothing to join.
        let _ = span.set_parent(parent);
    }
    span.set_attribute("http.request.method", req.method().to_string());
    span.set_attribute("url.path", req.path().to_owned());
    span
}

/// Gives the request its id, serves it inside a span holding the id, and returns the id.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let span = span_of(&req);
    let id = id_of(&req, &span);
    span.record("request_id", id.as_str());
    req.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.call(req).instrument(span.clone()).await?;
    if crate::telemetry::exporting() {
        span.set_attribute(
            "http.response.status_code",
            i64::from(response.status().as_u16()),
        );
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_before_they_reach_a_log_line() {
        assert!(valid("abc-123_x.y"));
        assert!(!valid("a b"));
        assert!(!valid("line\nbreak"));
        assert!(!valid(&"x".repeat(129)));
        assert_eq!(
            trace_id("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            Some("4bf92f3577b34da6a3ce929d0e0e4736")
        );
        assert_eq!(
            trace_id("00-00000000000000000000000000000000-00f067aa0ba902b7-01"),
            None
        );
        assert_eq!(trace_id("garbage"), None);
    }
}
