//! Middleware that guards every route: panics in a handler become a 500 with code `INTERNAL`
//! and an error id (the worker keeps serving), and per-client rate limiting answers 429 with
//! `Retry-After` once a client's token bucket is empty.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, ResponseError, web};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota};
use serde_json::json;

use super::AppState;
use crate::config::RateLimit;
use crate::error::Code;
use crate::panic::Caught;

/// A handler that panicked: answered 500 with the error id that is in the log.
#[derive(Debug)]
struct HandlerPanicked(String);

impl std::fmt::Display for HandlerPanicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "internal error {}", self.0)
    }
}

impl ResponseError for HandlerPanicked {
    fn status_code(&self) -> StatusCode {
        StatusCode::INTERNAL_SERVER_ERROR
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::InternalServerError().json(json!({ "errors": [{
            "message": "internal error",
            "extensions": { "code": Code::Internal.as_str(), "errorId": self.0 },
        }] }))
    }
}

/// Catches a panic of the handler and answers 500 with the error id that is in the log (the
/// request itself is gone with the panic, so the answer is built from the error).
pub async fn catch_panics(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    crate::panic::install_hook();
    match Caught::new(next.call(req)).await {
        Ok(result) => result.map(ServiceResponse::map_into_boxed_body),
        Err(panicked) => Err(HandlerPanicked(panicked.error_id).into()),
    }
}

/// Token buckets per client address (GCRA, from the `governor` crate).
pub struct RateLimiter {
    buckets: DefaultKeyedRateLimiter<IpAddr>,
    trust_forwarded_for: bool,
    checks: AtomicU64,
}

/// Forget idle clients every this many checks, so the table cannot grow without bound.
const PRUNE_EVERY: u64 = 4096;

impl RateLimiter {
    /// The limiter of the settings, or `None` when rate limiting is off.
    pub fn new(settings: &RateLimit) -> Option<RateLimiter> {
        let rate = NonZeroU32::new(settings.per_second)?;
        let burst = NonZeroU32::new(settings.burst).unwrap_or(rate);
        Some(RateLimiter {
            buckets: DefaultKeyedRateLimiter::keyed(Quota::per_second(rate).allow_burst(burst)),
            trust_forwarded_for: settings.trust_forwarded_for,
            checks: AtomicU64::new(0),
        })
    }

    /// The client's address: the peer, or the first `X-Forwarded-For` entry when trusted.
    fn client(&self, req: &ServiceRequest) -> Option<IpAddr> {
        if self.trust_forwarded_for
            && let Some(first) = req
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
            && let Ok(ip) = first.trim().parse()
        {
            return Some(ip);
        }
        req.peer_addr().map(|a| a.ip())
    }

    /// `None` when the client may go on, else the seconds to wait.
    fn check(&self, ip: IpAddr) -> Option<u64> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            self.buckets.retain_recent();
            self.buckets.shrink_to_fit();
        }
        match self.buckets.check_key(&ip) {
            Ok(()) => None,
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.buckets.clock().now());
                Some(wait.as_secs_f64().ceil().max(1.0) as u64)
            }
        }
    }
}

/// Answers 429 when the client's bucket is empty. Probes (`/livez`, `/readyz`, `/health`,
/// `/metrics`) are never limited.
pub async fn rate_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let probe = matches!(req.path(), "/livez" | "/readyz" | "/health" | "/metrics");
    let limiter = req
        .app_data::<web::Data<AppState>>()
        .and_then(|s| s.rate_limit.clone());
    if let Some(limiter) = limiter.filter(|_| !probe)
        && let Some(ip) = limiter.client(&req)
        && let Some(seconds) = limiter.check(ip)
    {
        if let Some(state) = req.app_data::<web::Data<AppState>>() {
            state.metrics.error(Code::RateLimited.as_str());
        }
        let body = json!({ "errors": [{
            "message": format!("too many requests from {ip}; try again in {seconds} s"),
            "extensions": { "code": Code::RateLimited.as_str() },
        }] });
        let response = HttpResponse::TooManyRequests()
            .insert_header(("Retry-After", seconds.to_string()))
            .json(body);
        return Ok(req.into_response(response));
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}
