//! Writing an answer: its media type, and for a GET query, HTTP caching: a strong `ETag` (the
//! SHA-256 of the body), `Cache-Control: public, max-age=…` (the data is public), and `304 Not
//! Modified` when `If-None-Match` names the same body. Answers with errors and POST answers
//! are not cached.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

use super::{Media, Method};
use crate::http::AppState;

/// The strong entity tag of a body.
fn etag(body: &str) -> String {
    format!("\"{:x}\"", Sha256::digest(body.as_bytes()))
}

/// Whether `If-None-Match` names this tag (or `*`).
fn matches(http: &HttpRequest, tag: &str) -> bool {
    http.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == tag || t == "*")
}

/// The answer with its headers; a clean GET answer is cacheable and may be a 304.
pub(super) fn cached(
    state: &AppState,
    http: &HttpRequest,
    method: Method,
    media: Media,
    status: StatusCode,
    body: String,
    clean: bool,
) -> HttpResponse {
    let mut reply = HttpResponse::build(status);
    reply.content_type(media.as_str());
    if method != Method::Get || !clean || status != StatusCode::OK {
        reply.insert_header((header::CACHE_CONTROL, "no-store"));
        return reply.body(body);
    }
    let tag = etag(&body);
    let control = match state.http.cache_max_age {
        0 => "no-cache".to_owned(),
        age => format!("public, max-age={age}"),
    };
    reply.insert_header((header::CACHE_CONTROL, control));
    reply.insert_header((header::VARY, "Accept, Accept-Encoding"));
    if let Ok(value) = HeaderValue::from_str(&tag) {
        reply.insert_header((header::ETAG, value));
    }
    if matches(http, &tag) {
        return reply.status(StatusCode::NOT_MODIFIED).finish();
    }
    reply.body(body)
}
