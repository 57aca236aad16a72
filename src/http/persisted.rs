//! Automatic persisted queries, as Apollo Client's persisted-query link speaks them: a client
//! first sends only `extensions.persistedQuery.sha256Hash`; a server that has not seen the
//! hash answers `PERSISTED_QUERY_NOT_FOUND` (message `PersistedQueryNotFound`), and the
//! client sends the query again with its hash, which the server checks and keeps. Queries
//! are kept per server, least recently used out: behind a load balancer a miss on another
//! instance costs one more round trip, never a failure.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use async_graphql::Request;
use sha2::{Digest, Sha256};

use crate::error::{AppError, Code};

/// The queries seen, by the hex SHA-256 of their text; or, in trusted-documents mode, the
/// only queries that run.
pub struct Persisted {
    queries: Option<Mutex<lru::LruCache<String, Arc<str>>>>,
    trusted: Option<HashMap<String, Arc<str>>>,
}

/// The hex SHA-256 of a query text.
pub fn hash(query: &str) -> String {
    format!("{:x}", Sha256::digest(query.as_bytes()))
}

impl Persisted {
    /// A store of up to `size` queries (0: persisted queries are refused).
    pub fn new(size: usize) -> Self {
        Persisted {
            queries: NonZeroUsize::new(size).map(|n| Mutex::new(lru::LruCache::new(n))),
            trusted: None,
        }
    }

    /// Only the documents of a manifest run (see [`super::manifest`]).
    pub fn trusted(documents: HashMap<String, Arc<str>>) -> Self {
        Persisted {
            queries: None,
            trusted: Some(documents),
        }
    }

    /// In trusted-documents mode: the request's query comes from the manifest, by its hash
    /// or by its text; anything else is refused.
    fn resolve_trusted(
        trusted: &HashMap<String, Arc<str>>,
        request: &mut Request,
    ) -> Result<(), AppError> {
        let wanted = request
            .extensions
            .get("persistedQuery")
            .and_then(|p| p.clone().into_json().ok())
            .and_then(|p| p.get("sha256Hash")?.as_str().map(str::to_ascii_lowercase));
        let key = match wanted {
            Some(hash) => hash,
            None => hash(&request.query),
        };
        match trusted.get(&key) {
            Some(query) => {
                request.query = query.to_string();
                Ok(())
            }
            None if request.query.trim().is_empty() => Err(not_found()),
            None => Err(AppError::refused(
                Code::TrustedDocumentRequired,
                "this server runs only the operations of its trusted-document manifest",
            )),
        }
    }

    /// Fills in the query of a request that names a persisted one, or keeps the query it
    /// sends with its hash; a request without `persistedQuery` is left as it is.
    pub fn resolve(&self, request: &mut Request) -> Result<(), AppError> {
        if let Some(trusted) = &self.trusted {
            return Self::resolve_trusted(trusted, request);
        }
        let Some(persisted) = request.extensions.get("persistedQuery") else {
            return Ok(());
        };
        let value = persisted.clone().into_json().unwrap_or_default();
        let version = value.get("version").and_then(serde_json::Value::as_i64);
        let wanted = value.get("sha256Hash").and_then(serde_json::Value::as_str);
        let (Some(1), Some(wanted)) = (version, wanted) else {
            return Err(AppError::refused(
                Code::BadRequest,
                "`extensions.persistedQuery` must be {\"version\": 1, \"sha256Hash\": \"…\"}",
            ));
        };
        let wanted = wanted.to_ascii_lowercase();
        let Some(queries) = &self.queries else {
            return Err(not_found());
        };
        if request.query.trim().is_empty() {
            let mut queries = queries.lock().map_err(|_| poisoned())?;
            return match queries.get(&wanted) {
                Some(query) => {
                    request.query = query.to_string();
                    Ok(())
                }
                None => Err(not_found()),
            };
        }
        if hash(&request.query) != wanted {
            return Err(AppError::BadUserInput(
                "`persistedQuery.sha256Hash` is not the SHA-256 of the query".into(),
            ));
        }
        let mut queries = queries.lock().map_err(|_| poisoned())?;
        queries.put(wanted, request.query.as_str().into());
        Ok(())
    }
}

fn not_found() -> AppError {
    AppError::refused(Code::PersistedQueryNotFound, "PersistedQueryNotFound")
}

fn poisoned() -> AppError {
    AppError::Internal("the persisted-query store's lock is poisoned".into())
}
