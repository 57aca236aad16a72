//! Request ids: taken from the client's `X-Request-Id` (letters, digits, `-`, `_`, `.`; at
//! most 128) or the trace id of a W3C `traceparent`, else made (a UUID). The id is returned
//! in `X-Request-Id` and is a field of the request's log span, so every log line of the
//! request carries it (with the GraphQL operation name, from the span inside).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use tracing::Instrument;

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

/// The request's id: the client's, or a new one.
fn id_of(req: &ServiceRequest) -> String {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(id) = header("x-request-id").filter(|id| valid(id)) {
        return id.to_owned();
    }
    if let Some(trace) = header("traceparent").and_then(trace_id) {
        return trace.to_owned();
    }
    uuid::Uuid::new_v4().simple().to_string()
}

/// Gives the request its id, serves it inside a span holding the id, and returns the id.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = id_of(&req);
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id);
    let mut response = next.call(req).instrument(span).await?;
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
