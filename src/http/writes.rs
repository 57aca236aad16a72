//! Writes over HTTP: who is calling (an API key, or a JWT from the site's identity provider,
//! in `Authorization: Bearer …`), how many mutations a request holds, how often a caller
//! writes, and `Idempotency-Key`. Reads stay public; credentials that do not check out are
//! refused on any request (401), and logged without the secret.

use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::http::header::HeaderMap;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota};
use lru::LruCache;
use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha256};

use crate::config;
use crate::domain::auth::jwt::{JwtKey, JwtSettings, JwtVerifier};
use crate::domain::auth::{self, Principal};
use crate::error::{AppError, Code};

/// Checked keys kept in memory (so that argon2 runs once per key and cache period).
const KEY_CACHE: usize = 1024;
/// The longest `Idempotency-Key` accepted.
const MAX_IDEMPOTENCY_KEY: usize = 255;

/// Credentials, write limits and idempotency settings of a server.
pub struct Writes {
    settings: config::Writes,
    keys: Mutex<LruCache<[u8; 32], (Principal, Instant)>>,
    /// One key check at a time: a burst of requests with a key not yet checked waits for one
    /// argon2 run and its database read, not one each.
    checking: tokio::sync::Mutex<()>,
    jwt: Option<JwtVerifier>,
    limiter: Option<DefaultKeyedRateLimiter<String>>,
}

impl Writes {
    /// Checks the settings (a JWT issuer needs an audience and a key).
    pub fn new(settings: &config::Writes) -> Result<Self, String> {
        let jwt = match &settings.jwt_issuer {
            None => None,
            Some(issuer) => Some(jwt_verifier(settings, issuer)?),
        };
        let limiter = NonZeroU32::new(settings.writes_per_minute)
            .map(|n| governor::RateLimiter::keyed(Quota::per_minute(n)));
        let size = std::num::NonZeroUsize::new(KEY_CACHE).unwrap_or(std::num::NonZeroUsize::MIN);
        Ok(Writes {
            settings: settings.clone(),
            keys: Mutex::new(LruCache::new(size)),
            checking: tokio::sync::Mutex::new(()),
            jwt,
            limiter,
        })
    }

    /// The caller named by `Authorization`, none without the header; `UNAUTHENTICATED` when
    /// the credentials do not check out.
    pub async fn principal(
        &self,
        db: &DatabaseConnection,
        headers: &HeaderMap,
    ) -> Result<Option<Principal>, AppError> {
        let Some(value) = headers.get(actix_web::http::header::AUTHORIZATION) else {
            return Ok(None);
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| unauthenticated("`Authorization` must be `Bearer <key or token>`"))?;
        if auth::is_api_key(token) {
            return self.api_key(db, token).await.map(Some);
        }
        let Some(jwt) = &self.jwt else {
            tracing::warn!("refused a bearer token that is not an API key (JWT is off)");
            return Err(unauthenticated(
                "the bearer token is not an API key of this server",
            ));
        };
        match jwt.verify(token) {
            Ok(principal) => Ok(Some(principal)),
            Err(err) => {
                tracing::warn!(reason = %err, "refused a JWT");
                Err(unauthenticated(&format!("the token was refused: {err}")))
            }
        }
    }

    async fn api_key(&self, db: &DatabaseConnection, token: &str) -> Result<Principal, AppError> {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        if let Some(principal) = self.cached(&digest) {
            return Ok(principal);
        }
        let _one_at_a_time = self.checking.lock().await;
        if let Some(principal) = self.cached(&digest) {
            return Ok(principal);
        }
        match auth::authenticate(db, token).await {
            Ok(principal) => {
                if let Ok(mut cache) = self.keys.lock() {
                    cache.put(digest, (principal.clone(), Instant::now()));
                }
                Ok(principal)
            }
            Err(auth::AuthError::Db(err)) => Err(AppError::from(err)),
            Err(_) => {
                let prefix = auth::prefix_of(token).unwrap_or("?");
                tracing::warn!(key = prefix, "refused an API key");
                Err(unauthenticated("the API key is unknown, revoked or wrong"))
            }
        }
    }

    fn cached(&self, digest: &[u8; 32]) -> Option<Principal> {
        let ttl = Duration::from_secs(u64::from(self.settings.key_cache_seconds));
        let mut cache = self.keys.lock().ok()?;
        match cache.get(digest) {
            Some((principal, at)) if at.elapsed() < ttl => Some(principal.clone()),
            _ => None,
        }
    }

    /// `RATE_LIMITED` when the caller wrote too often in the last minute.
    pub fn check_rate(&self, principal: &Principal) -> Result<(), AppError> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        let who = format!("{}:{}", principal.prefix, principal.name);
        limiter.check_key(&who).map_err(|not_until| {
            let wait = not_until
                .wait_time_from(limiter.clock().now())
                .as_secs()
                .max(1);
            AppError::refused(
                Code::RateLimited,
                format!(
                    "more than {} writes a minute with these credentials; try again in {wait} s \
                     (COOPGRAPH_WRITES_PER_MINUTE)",
                    self.settings.writes_per_minute
                ),
            )
        })
    }

    /// `TOO_MANY_MUTATIONS` past the limit of mutation root fields.
    pub fn check_count(&self, count: usize) -> Result<(), AppError> {
        let limit = self.settings.max_mutations;
        if count <= limit {
            return Ok(());
        }
        Err(AppError::limit(
            Code::TooManyMutations,
            format!(
                "the request holds {count} mutations; at most {limit} are allowed per request \
                 (COOPGRAPH_MAX_MUTATIONS): send the rest in another request"
            ),
            count as u64,
            limit as u64,
        ))
    }

    /// The `Idempotency-Key` of a request, checked.
    pub fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, AppError> {
        let Some(value) = headers.get("idempotency-key") else {
            return Ok(None);
        };
        match value.to_str() {
            Ok(key) if !key.is_empty() && key.len() <= MAX_IDEMPOTENCY_KEY => {
                Ok(Some(key.to_owned()))
            }
            _ => Err(AppError::BadUserInput(format!(
                "`Idempotency-Key` must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters"
            ))),
        }
    }

    /// How long idempotent answers are kept, in seconds.
    pub fn idempotency_ttl(&self) -> i64 {
        i64::from(self.settings.idempotency_ttl)
    }
}

fn unauthenticated(message: &str) -> AppError {
    AppError::refused(Code::Unauthenticated, message)
}

fn jwt_verifier(settings: &config::Writes, issuer: &str) -> Result<JwtVerifier, String> {
    let audience = settings
        .jwt_audience
        .clone()
        .ok_or("COOPGRAPH_JWT_ISSUER needs COOPGRAPH_JWT_AUDIENCE")?;
    let key = match (&settings.jwt_public_key_file, &settings.jwt_secret) {
        (Some(path), None) => {
            JwtKey::PublicPem(std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?)
        }
        (None, Some(secret)) => JwtKey::Secret(secret.as_bytes().to_vec()),
        _ => {
            return Err(
                "JWT needs exactly one of COOPGRAPH_JWT_PUBLIC_KEY_FILE and \
                        COOPGRAPH_JWT_SECRET"
                    .into(),
            );
        }
    };
    let algorithms = settings
        .jwt_algorithms
        .split(',')
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    let mut jwt = JwtSettings::new(issuer, audience, algorithms, key);
    jwt.role_claim = settings.jwt_role_claim.clone();
    jwt.leeway_seconds = settings.jwt_leeway;
    JwtVerifier::new(jwt)
}
