//! The one way from an `AppError` to a GraphQL error: `extensions.code` (and, for limits,
//! `measured` and `limit`) set from the error, internal details logged here and replaced by
//! a generic message.

use std::sync::Arc;

use async_graphql::{Error, ErrorExtensionValues, ServerError};

use crate::error::AppError;

impl From<AppError> for Error {
    fn from(err: AppError) -> Self {
        if let Some(detail) = err.detail() {
            tracing::error!(code = %err.code(), detail = ?detail, "request failed");
        }
        let mut error = Error::new(err.message());
        error.extensions = Some(extensions(&err));
        error
    }
}

fn extensions(err: &AppError) -> ErrorExtensionValues {
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", err.code().as_str());
    if let Some(over) = err.over() {
        ext.set("measured", over.measured);
        ext.set("limit", over.limit);
    }
    ext
}

/// The GraphQL error for an application error.
pub fn gql(err: AppError) -> Error {
    err.into()
}

/// The GraphQL error for a failed loader batch (already logged when it was created).
pub fn gql_load(err: Arc<AppError>) -> Error {
    let mut error = Error::new(err.message());
    error.extensions = Some(extensions(&err));
    error
}

/// A request-level error (no path, no location) with its code.
pub fn server_error(err: AppError) -> ServerError {
    if let Some(detail) = err.detail() {
        tracing::error!(code = %err.code(), detail = ?detail, "request failed");
    }
    let mut error = ServerError::new(err.message(), None);
    error.extensions = Some(extensions(&err));
    error
}
