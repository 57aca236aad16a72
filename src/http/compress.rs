//! Compression with a minimum size: answers smaller than [`MIN_BYTES`] go out as they are
//! (compressing them costs more than it saves). actix's `Compress` skips a response that
//! already names its encoding, so the inner half marks small ones `identity` and the outer
//! half removes that mark again before the response leaves.

use actix_web::Error;
use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_ENCODING, HeaderValue};
use actix_web::middleware::Next;

/// Answers below this many bytes are not compressed.
pub const MIN_BYTES: u64 = 1024;

/// Inside `Compress`: marks a small answer as not to be compressed.
pub async fn keep_small(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut response = next.call(req).await?;
    if let BodySize::Sized(n) = response.response().body().size()
        && n < MIN_BYTES
        && !response.headers().contains_key(CONTENT_ENCODING)
    {
        response
            .headers_mut()
            .insert(CONTENT_ENCODING, HeaderValue::from_static("identity"));
    }
    Ok(response)
}

/// Outside `Compress`: removes the mark.
pub async fn unmark(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut response = next.call(req).await?;
    if response
        .headers()
        .get(CONTENT_ENCODING)
        .is_some_and(|v| v == "identity")
    {
        response.headers_mut().remove(CONTENT_ENCODING);
    }
    Ok(response)
}
