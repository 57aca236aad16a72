//! The GraphQL layer: types wrapping entity models, filters, connections, the request's
//! DataLoader, the root query and the schema builder.

#[macro_use]
mod object;
pub mod budget;
pub mod connection;
pub mod enums;
mod error;
pub mod exec;
pub mod export;
pub mod filter;
pub mod loader;
pub mod node;
mod query;
pub mod ranked;
pub mod types;

use async_graphql::{EmptyMutation, EmptySubscription, SDLExportOptions, Schema, ValidationMode};
use sea_orm::DatabaseConnection;

pub use error::{gql, gql_load, server_error};
pub use exec::{Budget, execute, execute_with};
pub use query::QueryRoot;

use crate::config::Limits;

/// The coopgraph schema type.
pub type AppSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// Largest page a client may ask for.
pub const MAX_PAGE_SIZE: usize = 100;
/// Page size when a client does not say.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// Builds the schema with its limits; the database connection is shared data. Depth,
/// cost and directives are checked by `budget` before validation (linear in the document);
/// async-graphql's recursion check stays as a second line.
pub fn build_schema(db: DatabaseConnection, limits: &Limits) -> AppSchema {
    build(db, limits, ValidationMode::Strict)
}

/// The schema for the pages of an export after its first: the document was validated on
/// the first page, so only the checks execution relies on run again.
pub fn build_prevalidated_schema(db: DatabaseConnection, limits: &Limits) -> AppSchema {
    build(db, limits, ValidationMode::Fast)
}

fn build(db: DatabaseConnection, limits: &Limits, mode: ValidationMode) -> AppSchema {
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription)
        .data(db)
        .data(limits.clone())
        .limit_recursive_depth(limits.max_recursion)
        .limit_directives(limits.max_directives)
        .validation_mode(mode)
        .finish()
}

/// The schema as sorted SDL, as committed in `schema/schema.graphql`.
pub fn sdl() -> String {
    let schema = Schema::build(QueryRoot, EmptyMutation, EmptySubscription).finish();
    schema.sdl_with_options(
        SDLExportOptions::new()
            .sorted_fields()
            .sorted_arguments()
            .sorted_enum_items(),
    )
}

/// Parses a stored enum value; an unknown value is an internal error.
pub fn stored<T: enums::FromStored>(text: &str) -> async_graphql::Result<T> {
    T::from_stored(text).ok_or_else(|| {
        crate::error::AppError::Internal(format!(
            "unknown stored value `{text}` for {}",
            std::any::type_name::<T>()
        ))
        .into()
    })
}

/// Parses a list stored as JSON text (disciplines, occupations…); empty when absent.
pub fn stored_list(text: &Option<String>) -> async_graphql::Result<Vec<String>> {
    match text {
        None => Ok(Vec::new()),
        Some(t) => serde_json::from_str(t).map_err(|e| {
            crate::error::AppError::Internal(format!("stored list is not JSON: {e}")).into()
        }),
    }
}
