//! Turning `AppError` into GraphQL errors with `extensions.code`. Internal details are logged
//! here and replaced by a generic message.

use std::sync::Arc;

use async_graphql::{Error, ErrorExtensions};

use crate::error::AppError;

/// The GraphQL error for an application error.
pub fn gql(err: AppError) -> Error {
    if let AppError::Internal(detail) = &err {
        tracing::error!(%detail, "internal error");
    }
    let code = err.code();
    Error::new(err.to_string()).extend_with(|_, ext| ext.set("code", code))
}

/// The GraphQL error for a failed loader batch (already logged when it was created).
pub fn gql_load(err: Arc<AppError>) -> Error {
    let code = err.code();
    Error::new(err.to_string()).extend_with(|_, ext| ext.set("code", code))
}
