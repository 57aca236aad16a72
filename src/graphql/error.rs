//! Turning `AppError` into GraphQL errors with `extensions.code`.

use async_graphql::{Error, ErrorExtensions};

use crate::error::AppError;

/// The GraphQL error for an application error; internal details stay in the log.
pub fn to_gql(err: AppError) -> Error {
    let code = err.code();
    Error::new(err.to_string()).extend_with(|_, ext| ext.set("code", code))
}
